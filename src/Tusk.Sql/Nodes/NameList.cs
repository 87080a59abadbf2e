// A list of names used as a value: a qualified object name (schema.table), an option argument such as
// OWNED BY t.c or FORCE_QUOTE (a, b). PG uses a List of String nodes for these.
namespace Tusk.Sql.Nodes;

/// <summary>A list of names.</summary>
public sealed class NameList : Node
{
    public List<string> Names { get; init; } = [];

    /// <summary>The names joined with dots, e.g. "s.t".</summary>
    public override string ToString() => string.Join('.', Names);
}
