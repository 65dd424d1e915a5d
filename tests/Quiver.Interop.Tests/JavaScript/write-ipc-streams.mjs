// Writes one Arrow IPC stream per case with apache-arrow into the folder given as argument:
// <case>.arrows, and <case>.json holding the values this script put in, as canonical JSON
// (same shape as read-ipc-stream.mjs prints). The JSON comes from the source values below, never
// from reading the vectors back, so the C# side compares Quiver's reading with the intent.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arrow } from './load-apache-arrow.mjs';
import { typeName, describeSchema, hex, canonicalFloat, decimalString } from './canonical.mjs';

const A = arrow;
const outDir = process.argv[2];
if (!outDir) {
    throw new Error('usage: node write-ipc-streams.mjs <output folder>');
}
mkdirSync(outDir, { recursive: true });

const field = (name, type, nullable = true) => new A.Field(name, type, nullable);
const item = type => field('item', type);
const DAY_MS = 86_400_000;

// Source values use plain JS: numbers, bigint for 64-bit storage, Uint8Array for bytes, days for
// date32 and milliseconds for date64 (apache-arrow's builders take dates as Date objects).
function buildInput(type, value) {
    if (value === null) return null;
    switch (type.typeId) {
        case A.Type.Date: return new Date(type.unit === A.DateUnit.DAY ? value * DAY_MS : value);
        case A.Type.List:
        case A.Type.LargeList:
        case A.Type.FixedSizeList: return value.map(v => buildInput(type.children[0].type, v));
        case A.Type.Struct:
            return Object.fromEntries(type.children.map(f => [f.name, buildInput(f.type, value[f.name])]));
        case A.Type.Map: {
            const [key, item] = type.children[0].type.children;
            return new Map(value.map(([k, v]) => [buildInput(key.type, k), buildInput(item.type, v)]));
        }
        default: return value;
    }
}

function canonicalSource(type, value) {
    if (value === null) return null;
    switch (type.typeId) {
        case A.Type.Float: return canonicalFloat(value);
        case A.Type.Date: return type.unit === A.DateUnit.DAY ? value : String(value);
        case A.Type.Binary:
        case A.Type.LargeBinary:
        case A.Type.FixedSizeBinary: return hex(value);
        case A.Type.List:
        case A.Type.LargeList:
        case A.Type.FixedSizeList: return value.map(v => canonicalSource(type.children[0].type, v));
        case A.Type.Struct:
            return Object.fromEntries(type.children.map(f => [f.name, canonicalSource(f.type, value[f.name])]));
        case A.Type.Map: {
            const [key, item] = type.children[0].type.children;
            return value.map(([k, v]) => ({ key: canonicalSource(key.type, k), value: canonicalSource(item.type, v) }));
        }
        case A.Type.Decimal: return decimalString(value, type.scale);
        case A.Type.Dictionary: return canonicalSource(type.dictionary, value);
        default: return typeof value === 'bigint' ? String(value) : value;
    }
}

// apache-arrow's builders take timestamps as epoch milliseconds (numbers), which cannot carry
// nanoseconds or values beyond 2^53, so timestamps are laid out directly from raw bigints.
function timestampVector(type, values) {
    const raw = new BigInt64Array(values.length);
    const validity = new Uint8Array(Math.ceil(values.length / 8));
    let nullCount = 0;
    values.forEach((v, i) => {
        if (v === null) { nullCount++; return; }
        raw[i] = v;
        validity[i >> 3] |= 1 << (i & 7);
    });
    return A.makeVector(A.makeData({ type, length: values.length, nullCount, nullBitmap: validity, data: raw }));
}

// Decimals are given as bigint unscaled values and laid out as little-endian two's-complement
// 32-bit words, the layout apache-arrow keeps them in.
function decimalVector(type, values) {
    const stride = type.bitWidth / 32;
    const words = new Uint32Array(values.length * stride);
    const validity = new Uint8Array(Math.ceil(values.length / 8));
    let nullCount = 0;
    values.forEach((v, i) => {
        if (v === null) { nullCount++; return; }
        let bits = BigInt.asUintN(type.bitWidth, v);
        for (let w = 0; w < stride; w++) {
            words[i * stride + w] = Number(bits & 0xffffffffn);
            bits >>= 32n;
        }
        validity[i >> 3] |= 1 << (i & 7);
    });
    return A.makeVector(A.makeData({ type, length: values.length, nullCount, nullBitmap: validity, data: words }));
}

function vector(type, values) {
    if (type.typeId === A.Type.Timestamp) return timestampVector(type, values);
    if (type.typeId === A.Type.Decimal) return decimalVector(type, values);
    return A.vectorFromArray(values.map(v => buildInput(type, v)), type);
}

function batch(columns) {
    const schema = new A.Schema(columns.map(c => c.field));
    const length = columns.length === 0 ? 0 : columns[0].values.length;
    const data = A.makeData({
        type: new A.Struct(schema.fields),
        length,
        nullCount: 0,
        children: columns.map(c => vector(c.field.type, c.values).data[0]),
    });
    return new A.RecordBatch(schema, data);
}

const column = (f, values) => ({ field: f, values });
const bytes = (...b) => new Uint8Array(b);

const cases = {
    primitives: [
        [
            column(field('flag', new A.Bool()), [true, false, null, true]),
            column(field('i8', new A.Int8()), [-128, 127, null, 0]),
            column(field('i16', new A.Int16()), [-32768, 32767, 1, null]),
            column(field('i32', new A.Int32(), false), [-2147483648, 2147483647, 0, 42]),
            column(field('i64', new A.Int64()), [-9223372036854775808n, 9223372036854775807n, 9007199254740993n, null]),
            column(field('u8', new A.Uint8()), [0, 255, null, 7]),
            column(field('u16', new A.Uint16()), [0, 65535, 9, null]),
            column(field('u32', new A.Uint32()), [0, 4294967295, null, 3]),
            column(field('u64', new A.Uint64()), [0n, 18446744073709551615n, null, 12345678901234567890n]),
            column(field('f16', new A.Float16()), [1.5, -0.25, null, 65504]),
            column(field('f32', new A.Float32()), [1.5, -3.25, Infinity, null]),
            column(field('f64', new A.Float64()), [Math.PI, -0, NaN, 1e-300]),
        ],
        [
            column(field('flag', new A.Bool()), [null]),
            column(field('i8', new A.Int8()), [1]),
            column(field('i16', new A.Int16()), [2]),
            column(field('i32', new A.Int32(), false), [3]),
            column(field('i64', new A.Int64()), [4n]),
            column(field('u8', new A.Uint8()), [5]),
            column(field('u16', new A.Uint16()), [6]),
            column(field('u32', new A.Uint32()), [7]),
            column(field('u64', new A.Uint64()), [8n]),
            column(field('f16', new A.Float16()), [-Infinity]),
            column(field('f32', new A.Float32()), [NaN]),
            column(field('f64', new A.Float64()), [null]),
        ],
    ],
    strings: [[
        column(field('text', new A.Utf8()), ['', 'ascii', null, 'Grüße, 世界 🏹', 'a\u0000b']),
        column(field('large_text', new A.LargeUtf8()), ['κόσμε', null, '', 'x', '🏹🏹']),
        column(field('blob', new A.Binary()), [bytes(), bytes(0, 255, 16), null, bytes(1), bytes(0xde, 0xad, 0xbe, 0xef)]),
        column(field('large_blob', new A.LargeBinary()), [bytes(9), bytes(), null, bytes(0, 0), bytes(255)]),
        column(field('fixed', new A.FixedSizeBinary(3)), [bytes(1, 2, 3), null, bytes(0, 0, 0), bytes(255, 254, 253), bytes(9, 8, 7)]),
    ]],
    temporal: [[
        column(field('d32', new A.DateDay()), [0, 19723, -1, null]),
        column(field('d64', new A.DateMillisecond()), [0, 1704067200000, -86400000, null]),
        column(field('t32s', new A.TimeSecond()), [0, 86399, null, 3600]),
        column(field('t32ms', new A.TimeMillisecond()), [0, 86399999, 1, null]),
        column(field('t64us', new A.TimeMicrosecond()), [0n, 86399999999n, null, 1n]),
        column(field('t64ns', new A.TimeNanosecond()), [0n, 86399999999999n, 5n, null]),
        column(field('ts_s', new A.TimestampSecond()), [0n, -1n, 1700000000n, null]),
        column(field('ts_ms_paris', new A.TimestampMillisecond('Europe/Paris')), [1700000000123n, null, 0n, -5n]),
        column(field('ts_us_utc', new A.TimestampMicrosecond('UTC')), [1700000000123456n, 0n, null, 9223372036854775807n]),
        column(field('ts_ns', new A.TimestampNanosecond()), [1700000000123456789n, null, -9223372036854775807n, 1n]),
        column(field('dur_s', new A.DurationSecond()), [0n, -1n, null, 86400n]),
        column(field('dur_ms', new A.DurationMillisecond()), [1n, null, -9223372036854775808n, 2n]),
        column(field('dur_us', new A.DurationMicrosecond()), [null, 3n, 4n, 5n]),
        column(field('dur_ns', new A.DurationNanosecond()), [9223372036854775807n, 6n, null, 7n]),
    ]],
    nested: [[
        column(field('ints', new A.List(item(new A.Int32()))), [[1, 2, 3], [], null, [null, -4]]),
        column(field('words', new A.LargeList(item(new A.Utf8()))), [['a', 'bc'], null, [], ['', null, 'ü']]),
        column(field('pairs', new A.FixedSizeList(2, item(new A.Float64()))), [[1.5, 2.5], null, [null, -0], [NaN, 4]]),
        column(field('point', new A.Struct([field('x', new A.Int32()), field('label', new A.Utf8()), field('tags', new A.List(item(new A.Int64())))])),
            [{ x: 1, label: 'one', tags: [1n] }, null, { x: null, label: '', tags: [] }, { x: -7, label: null, tags: null }]),
        column(field('points', new A.List(item(new A.Struct([field('x', new A.Int16()), field('name', new A.Utf8())])))),
            [[{ x: 1, name: 'a' }, { x: 2, name: null }], [], null, [null, { x: -3, name: 'ζ' }]]),
        column(field('nested_lists', new A.List(item(new A.List(item(new A.Uint8()))))), [[[1], [], null], null, [], [[2, 3]]]),
    ]],
    decimals_maps_dictionaries: [[
        column(field('price', new A.Decimal(2, 18, 128)), [12345n, -1n, null, 999999999999999999n]),
        column(field('wide', new A.Decimal(5, 60, 256)), [-123456789012345678901234567890123456789012345678901234567890n, null, 1n, 0n]),
        column(field('attributes', new A.Map_(field('entries', new A.Struct([field('key', new A.Utf8(), false), field('value', new A.Int32())]), false))),
            [[['a', 1], ['b', null]], [], null, [['', 2147483647]]]),
        column(field('label', new A.Dictionary(new A.Utf8(), new A.Int32())), ['person', 'car', null, 'person']),
    ]],
    empty: [[
        column(field('id', new A.Int32()), []),
        column(field('name', new A.Utf8()), []),
        column(field('values', new A.List(item(new A.Float32()))), []),
    ]],
};

for (const [name, batchSpecs] of Object.entries(cases)) {
    const batches = batchSpecs.map(batch);
    const writer = new A.RecordBatchStreamWriter();
    batches.forEach(b => writer.write(b));
    writer.finish();
    writeFileSync(join(outDir, `${name}.arrows`), writer.toUint8Array(true));
    const expected = {
        schema: describeSchema(batches[0].schema),
        batches: batchSpecs.map(columns => ({
            length: columns[0].values.length,
            columns: Object.fromEntries(columns.map(c => [c.field.name, c.values.map(v => canonicalSource(c.field.type, v))])),
        })),
    };
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify(expected));
}
process.stdout.write(JSON.stringify(Object.keys(cases)));
