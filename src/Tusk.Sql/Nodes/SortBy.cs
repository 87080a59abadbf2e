// One ORDER BY key. NullsFirst is null when not written (PG default: NULLS LAST for ASC, FIRST for DESC).
namespace Tusk.Sql.Nodes;

/// <summary>An ORDER BY item.</summary>
public sealed class SortBy : Node
{
    public required Node Expr { get; init; }
    public bool Desc { get; init; }
    public bool? NullsFirst { get; init; }
}
