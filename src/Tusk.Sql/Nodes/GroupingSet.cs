// A GROUP BY item that is a grouping set (PG's GroupingSet): () the empty set, ROLLUP (...), CUBE (...) or
// GROUPING SETS (...). Content holds the expressions, or for Sets the nested group_by_items.
namespace Tusk.Sql.Nodes;

/// <summary>Kind of grouping set.</summary>
public enum GroupingSetKind
{
    Empty,
    Rollup,
    Cube,
    Sets,
}

/// <summary>A grouping set in GROUP BY.</summary>
public sealed class GroupingSet : Node
{
    public GroupingSetKind Kind { get; init; }
    public List<Node> Content { get; init; } = [];
}
