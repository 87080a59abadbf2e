// ARRAY[a, b, ...] (and the bare [..] sub-lists inside it, which are A_ArrayExprs too): an array constructor.
namespace Tusk.Sql.Nodes;

/// <summary>An array constructor (PG's A_ArrayExpr).</summary>
public sealed class A_ArrayExpr : Node
{
    /// <summary>The elements as written; an element that is itself an A_ArrayExpr makes a sub-array.</summary>
    public List<Node> Elements { get; init; } = [];
}
