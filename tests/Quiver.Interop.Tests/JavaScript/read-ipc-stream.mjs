// Reads an Arrow IPC stream file with apache-arrow and prints what it found as canonical JSON:
// { "schema": [{ name, type, nullable }], "batches": [{ "length": n, "columns": { name: [values] } }] }
import { readFileSync } from 'node:fs';
import { arrow } from './load-apache-arrow.mjs';
import { describeSchema, canonicalColumn } from './canonical.mjs';

const path = process.argv[2];
if (!path) {
    throw new Error('usage: node read-ipc-stream.mjs <file.arrows>');
}

const reader = arrow.RecordBatchReader.from(readFileSync(path)).open({ autoDestroy: false });
if (!reader.isStream()) {
    throw new Error(`${path} is not an Arrow IPC stream`);
}
const batches = [];
// The schema is known once the reader has read its first message, so it is described afterwards.
for (const batch of reader) {
    // A stream without batches makes the reader invent one empty batch, which is not in the file.
    if (batch.constructor.name === '_InternalEmptyPlaceholderRecordBatch') {
        continue;
    }
    const columns = {};
    batch.schema.fields.forEach((field, k) => { columns[field.name] = canonicalColumn(batch.getChildAt(k)); });
    batches.push({ length: batch.numRows, columns });
}
process.stdout.write(JSON.stringify({ schema: describeSchema(reader.schema), batches }));
