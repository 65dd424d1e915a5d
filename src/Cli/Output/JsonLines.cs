using System.Text.Json;
using Quiver.Arrow;

namespace Quiver.Cli.Output;

/// <summary>A batch as JSON lines: one compact JSON object per row (or one value per row for a single field), for <c>echo</c> and <c>sql --json</c>.</summary>
internal static class JsonLines
{
    public static void Write(TextWriter output, RecordBatch batch, FieldPath? field, JsonValues values)
    {
        var column = field?.Column(batch);
        for (var row = 0; row < batch.Length; row++)
        {
            using var stream = new MemoryStream();
            using (var json = JsonValues.CreateWriter(stream))
            {
                if (field is not null && field.IsNull(batch, row))
                    json.WriteNullValue();
                else if (column is not null)
                    values.Write(json, column, row);
                else
                    WriteRow(json, batch, row, values);
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        }
    }

    private static void WriteRow(Utf8JsonWriter json, RecordBatch batch, int row, JsonValues values)
    {
        json.WriteStartObject();
        for (var i = 0; i < batch.Schema.Fields.Count; i++)
        {
            json.WritePropertyName(batch.Schema.Fields[i].Name);
            values.Write(json, batch.Column(i), row);
        }
        json.WriteEndObject();
    }
}
