// A possibly qualified column name (a, t.a, s.t.a); the last field is "*" for t.* or *.
namespace Tusk.Sql.Nodes;

/// <summary>A column reference.</summary>
public sealed class ColumnRef : Node
{
    public List<string> Fields { get; init; } = [];

    public bool IsStar => Fields.Count > 0 && Fields[^1] == "*";
}
