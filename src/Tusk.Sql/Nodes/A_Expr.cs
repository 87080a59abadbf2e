// An operator expression as written: kind, operator name, operands. IN and BETWEEN keep their right-hand list
// in RightList. Location is the operator's offset (what PG reports for operator errors).
namespace Tusk.Sql.Nodes;

/// <summary>An operator expression (PG's A_Expr).</summary>
public sealed class A_Expr : Node
{
    public A_ExprKind Kind { get; init; }
    public required string Name { get; init; }
    public Node? Lexpr { get; init; }
    public Node? Rexpr { get; init; }
    public List<Node>? RightList { get; init; }
}
