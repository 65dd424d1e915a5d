// Loads apache-arrow from the folder the test installer filled (.cache/npm/node_modules), which
// Node's own module lookup does not search because it lies outside this script's parents.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const modules = process.env.QUIVER_NODE_MODULES;
if (!modules) {
    throw new Error('QUIVER_NODE_MODULES must name the node_modules folder that holds apache-arrow.');
}

export const arrow = createRequire(join(modules, 'resolve-from-here.js'))('apache-arrow');
