// The canonical JSON both sides of the interop tests speak, so C# can compare values without
// trusting either library's own printing:
//   null -> null; bool -> true/false; integers up to 32 bits, date32 and time32 -> numbers;
//   every 64-bit integer (int64, uint64, date64, time64, timestamp, duration) -> decimal string;
//   floats -> numbers, except "NaN", "Infinity", "-Infinity" and "-0";
//   strings -> strings; binary kinds -> lowercase hex; lists -> arrays; structs -> objects;
//   decimals -> their exact text ("-123.45"); maps -> arrays of { key, value } objects;
//   dictionary-encoded slots -> the dictionary value.
// Types are written the way Arrow C++ prints them ("int32", "timestamp[us, tz=UTC]",
// "list<item: string>"), which is also how Quiver's ArrowType.ToString() prints them.
import { arrow } from './load-apache-arrow.mjs';

const { Type, TimeUnit, DateUnit, Precision } = arrow;

const unitNames = { [TimeUnit.SECOND]: 's', [TimeUnit.MILLISECOND]: 'ms', [TimeUnit.MICROSECOND]: 'us', [TimeUnit.NANOSECOND]: 'ns' };

export function typeName(type) {
    switch (type.typeId) {
        case Type.Null: return 'null';
        case Type.Bool: return 'bool';
        case Type.Int: return `${type.isSigned ? 'int' : 'uint'}${type.bitWidth}`;
        case Type.Float:
            return type.precision === Precision.HALF ? 'halffloat' : type.precision === Precision.SINGLE ? 'float' : 'double';
        case Type.Utf8: return 'string';
        case Type.LargeUtf8: return 'large_string';
        case Type.Binary: return 'binary';
        case Type.LargeBinary: return 'large_binary';
        case Type.FixedSizeBinary: return `fixed_size_binary[${type.byteWidth}]`;
        case Type.Date: return type.unit === DateUnit.DAY ? 'date32[day]' : 'date64[ms]';
        case Type.Time: return `time${type.bitWidth}[${unitNames[type.unit]}]`;
        case Type.Timestamp:
            return type.timezone ? `timestamp[${unitNames[type.unit]}, tz=${type.timezone}]` : `timestamp[${unitNames[type.unit]}]`;
        case Type.Duration: return `duration[${unitNames[type.unit]}]`;
        case Type.List: return `list<${childName(type)}>`;
        case Type.LargeList: return `large_list<${childName(type)}>`;
        case Type.FixedSizeList: return `fixed_size_list<${childName(type)}>[${type.listSize}]`;
        case Type.Struct: return `struct<${type.children.map(f => `${f.name}: ${typeName(f.type)}`).join(', ')}>`;
        case Type.Decimal: return `decimal${type.bitWidth}(${type.precision}, ${type.scale})`;
        case Type.Map: {
            const [key, value] = type.children[0].type.children;
            return `map<${typeName(key.type)}, ${typeName(value.type)}${type.keysSorted ? ', keys_sorted' : ''}>`;
        }
        case Type.Dictionary:
            return `dictionary<values=${typeName(type.dictionary)}, indices=${typeName(type.indices)}, ordered=${type.isOrdered ? 1 : 0}>`;
        default: return `unsupported(${String(type)})`;
    }
}

function childName(type) {
    const child = type.children[0];
    return `${child.name}: ${typeName(child.type)}`;
}

export function describeSchema(schema) {
    return schema.fields.map(f => ({ name: f.name, type: typeName(f.type), nullable: f.nullable }));
}

export function hex(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function canonicalFloat(value) {
    if (Number.isNaN(value)) return 'NaN';
    if (value === Infinity) return 'Infinity';
    if (value === -Infinity) return '-Infinity';
    if (Object.is(value, -0)) return '-0';
    return value;
}

/** Slot `index` of a single-chunk vector, read the way apache-arrow exposes it, as canonical JSON. */
export function canonicalSlot(vector, index) {
    if (vector.data.length !== 1) {
        throw new Error(`expected a single-chunk vector, got ${vector.data.length} chunks`);
    }
    const type = vector.type;
    if (type.typeId === Type.Null || !vector.isValid(index)) {
        return null;
    }
    switch (type.typeId) {
        case Type.Bool:
        case Type.Utf8:
        case Type.LargeUtf8:
            return vector.get(index);
        case Type.Int:
            return type.bitWidth === 64 ? String(vector.get(index)) : vector.get(index);
        case Type.Float:
            return canonicalFloat(vector.get(index));
        case Type.Binary:
        case Type.LargeBinary:
        case Type.FixedSizeBinary:
            return hex(vector.get(index));
        case Type.Date:
        case Type.Time:
        case Type.Timestamp:
        case Type.Duration: {
            // The raw stored count: the getters convert dates and timestamps to milliseconds.
            const raw = vector.data[0].values[index];
            return typeof raw === 'bigint' ? String(raw) : raw;
        }
        case Type.List:
        case Type.LargeList:
        case Type.FixedSizeList: {
            const items = vector.get(index);
            return Array.from({ length: items.length }, (_, i) => canonicalSlot(items, i));
        }
        case Type.Decimal:
            return decimalText(vector.data[0], index, type);
        case Type.Map: {
            const data = vector.data[0];
            const entries = arrow.makeVector(data.children[0]);
            // apache-arrow slices a Data's buffers with it, so the slot indexes them directly.
            const start = data.valueOffsets[index];
            const end = data.valueOffsets[index + 1];
            return Array.from({ length: end - start }, (_, i) => canonicalSlot(entries, start + i));
        }
        case Type.Dictionary: {
            const dictionary = vector.data[0].dictionary;
            return canonicalSlot(dictionary, Number(vector.data[0].values[index]));
        }
        case Type.Struct: {
            const result = {};
            type.children.forEach((field, k) => { result[field.name] = canonicalSlot(vector.getChildAt(k), index); });
            return result;
        }
        default:
            throw new Error(`canonicalSlot: unsupported type ${String(type)}`);
    }
}

/** A decimal slot's exact text, from its little-endian two's-complement 32-bit words. */
function decimalText(data, index, type) {
    const stride = type.bitWidth / 32;
    const words = data.values.subarray(index * stride, (index + 1) * stride);
    let unscaled = 0n;
    for (let w = stride - 1; w >= 0; w--) {
        unscaled = (unscaled << 32n) | BigInt(words[w]);
    }
    if (words[stride - 1] & 0x80000000) {
        unscaled -= 1n << BigInt(type.bitWidth);
    }
    return decimalString(unscaled, type.scale);
}

/** The exact text of the decimal `unscaled` × 10^-scale: 12345n at scale 2 is "123.45". */
export function decimalString(unscaled, scale) {
    const negative = unscaled < 0n;
    let digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
    if (scale > 0) {
        digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    }
    return (negative ? '-' : '') + digits;
}

export function canonicalColumn(vector) {
    return Array.from({ length: vector.length }, (_, i) => canonicalSlot(vector, i));
}
