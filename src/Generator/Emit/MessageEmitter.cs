namespace Quiver.Generator.Emit;

/// <summary>
/// Writes one message's file: the received view <c>M</c> (a readonly struct over row <c>i</c> of
/// a batch), its nested <c>Value</c> record and <c>Writer</c>, the static schema and fingerprint,
/// and the explicit <c>IMessage&lt;M&gt;</c> members generic code uses.
/// </summary>
internal static class MessageEmitter
{
    public static string Emit(MessageEmitInput input)
    {
        var message = input.Message;
        var self = CSharpTypeNames.Generated(message.Name);
        var shapes = new MessageShapes(input.Contained.Concat([message]));
        var names = new DerivedNames(message);
        var writer = new SourceWriter();
        FileHeader.Write(writer, input.SchemaFileName);
        writer.WriteLine();
        writer.WriteLine($"namespace {input.Package.CSharpNamespace};");
        writer.WriteLine();
        DocComments.Write(writer, message.Doc);
        writer.WriteLine($$"""
            /// <remarks>
            /// A received view of message <c>{{message.Name}}</c>: properties read one row of a record batch in
            /// place, and throw <see cref="global::System.ObjectDisposedException"/> once the message is released
            /// (even when its memory already holds another message).
            /// </remarks>
            """);
        using (writer.OpenBlock($"public readonly partial struct {message.CSharpName} : {CSharpTypeNames.Messages}IMessage<{self}>"))
        {
            writer.WriteLine($$"""
                private readonly {{CSharpTypeNames.Messages}}MessageColumns _columns;
                private readonly int _row;
                private readonly long _generation;

                private {{message.CSharpName}}({{CSharpTypeNames.Messages}}MessageColumns columns, int row)
                {
                    _columns = columns;
                    _row = row;
                    _generation = columns.Generation;
                }

                /// <summary>The schema fingerprint: publisher and subscriber must agree on it.</summary>
                public static string Fingerprint => "{{message.Fingerprint}}";

                """);
            ArrowSchemaEmitter.Write(writer, message);
            writer.WriteLine($$"""

                static string {{CSharpTypeNames.Messages}}IMessage<{{self}}>.MessageTypeName => "{{message.Name}}";

                static {{self}} {{CSharpTypeNames.Messages}}IMessage<{{self}}>.CreateView({{CSharpTypeNames.Messages}}MessageColumns columns, int row) => new {{self}}(columns, row);
                """);
            ViewEmitter.WriteProperties(writer, message, names);
            writer.WriteLine();
            ValueEmitter.WriteToValue(writer, message, names);
            writer.WriteLine();
            WriteEmitter.WriteDeclareSizes(writer, message, shapes);
            writer.WriteLine();
            WriteEmitter.WriteAppendMembers(writer, message);
            writer.WriteLine();
            ValueEmitter.WriteRecord(writer, message);
            writer.WriteLine();
            WriteEmitter.WriteWriterClass(writer, message);
        }
        return writer.ToString();
    }
}
