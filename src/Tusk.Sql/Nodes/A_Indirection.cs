// expr[i][j:k]: subscripts applied to a column reference, parameter or parenthesized expression.
namespace Tusk.Sql.Nodes;

/// <summary>Subscripted expression (PG's A_Indirection, subscripts only).</summary>
public sealed class A_Indirection : Node
{
    public required Node Arg { get; init; }

    public List<A_Indices> Indirection { get; init; } = [];
}
