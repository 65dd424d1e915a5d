using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;

namespace Quiver.Generator.Semantics;

/// <summary>
/// No message contains itself, however indirectly. Arrow has no recursive types: a struct's
/// schema spells out every child, so even a list does not break the cycle (the first design said a list
/// would; Arrow says otherwise).
/// </summary>
internal sealed class ContainmentChecker
{
    private readonly Dictionary<QualifiedName, CheckedMessage> _messages = [];
    private readonly HashSet<QualifiedName> _done = [];
    private readonly List<(CheckedMessage Message, string Field)> _path = [];
    private readonly DiagnosticBag _diagnostics;

    private ContainmentChecker(IEnumerable<CheckedMessage> messages, DiagnosticBag diagnostics)
    {
        _diagnostics = diagnostics;
        foreach (var message in messages)
        {
            if (!_messages.ContainsKey(message.Declared.Name))
                _messages.Add(message.Declared.Name, message);
        }
    }

    public static void Check(IReadOnlyList<CheckedMessage> messages, DiagnosticBag diagnostics)
    {
        var checker = new ContainmentChecker(messages, diagnostics);
        foreach (var message in messages)
        {
            if (!checker._done.Contains(message.Declared.Name))
                checker.Visit(message);
        }
    }

    private void Visit(CheckedMessage message)
    {
        foreach (var (field, type) in message.Fields)
        {
            if (type is null)
                continue;
            _path.Add((message, field.Name.Text));
            foreach (var target in ContainedMessages(type))
            {
                var onPath = _path.FindIndex(step => step.Message.Declared.Name.Equals(target));
                if (onPath >= 0)
                {
                    var steps = _path.Skip(onPath).Select(step => $"{step.Message.Declared.Name}.{step.Field}").Append(target.ToString());
                    _diagnostics.Add(SchemaDiagnosticDescriptors.RecursiveMessage, field.Name.Span, target, string.Join(" -> ", steps));
                }
                else if (!_done.Contains(target) && _messages.TryGetValue(target, out var next))
                    Visit(next);
            }
            _path.RemoveAt(_path.Count - 1);
        }
        _done.Add(message.Declared.Name);
    }

    private static IEnumerable<QualifiedName> ContainedMessages(TypeModel type) => type switch
    {
        MessageTypeModel message => [message.Message],
        ListTypeModel list => ContainedMessages(list.Item),
        FixedSizeListTypeModel list => ContainedMessages(list.Item),
        MapTypeModel map => ContainedMessages(map.Value),
        _ => [],
    };
}
