using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Types;

namespace Quiver.Cli.Output;

/// <summary>
/// A field chosen with <c>--field a.b</c>: a top-level field, then fields of nested messages
/// (structs), checked against the topic's schema before any sample is read.
/// </summary>
internal sealed class FieldPath
{
    private readonly int[] _indexes;

    private FieldPath(string text, int[] indexes, Field field)
    {
        Text = text;
        _indexes = indexes;
        Field = field;
    }

    public string Text { get; }

    public Field Field { get; }

    /// <summary>Resolves <paramref name="text"/> in <paramref name="schema"/>; the failure names the fields there are.</summary>
    public static FieldPath Resolve(string text, Schema schema)
    {
        var indexes = new List<int>();
        IReadOnlyList<Field> fields = schema.Fields;
        Field? field = null;
        var walked = "";
        foreach (var name in text.Split('.'))
        {
            if (field is not null && field.Type is not StructType)
                throw new CommandFailure(ExitCodes.UsageError, $"--field {text}: '{walked}' is a {field.Type}, not a message with fields; choose '{walked}' itself.");
            if (field?.Type is StructType nested)
                fields = nested.Fields;
            var index = fields.ToList().FindIndex(candidate => candidate.Name == name);
            if (index < 0)
            {
                var where = walked.Length == 0 ? "the message" : $"'{walked}'";
                throw new CommandFailure(ExitCodes.UsageError,
                    $"--field {text}: {where} has no field '{name}'; its fields are {string.Join(", ", fields.Select(f => f.Name))}.");
            }
            indexes.Add(index);
            field = fields[index];
            walked = walked.Length == 0 ? name : walked + "." + name;
        }
        return new FieldPath(text, indexes.ToArray(), field!);
    }

    /// <summary>The chosen field's column in <paramref name="batch"/> (row i of it belongs to row i of the batch).</summary>
    public ArrowArray Column(RecordBatch batch) => Path(batch).Last();

    /// <summary>The chosen field's value in <paramref name="row"/> is null itself or because a message around it is.</summary>
    public bool IsNull(RecordBatch batch, int row) => Path(batch).Any(array => array.IsNull(row));

    private IEnumerable<ArrowArray> Path(RecordBatch batch)
    {
        var array = batch.Column(_indexes[0]);
        yield return array;
        foreach (var index in _indexes.Skip(1))
        {
            array = ((StructArray)array).Field(index);
            yield return array;
        }
    }
}
