// AND / OR (two or more args, flattened) and NOT (one arg).
namespace Tusk.Sql.Nodes;

/// <summary>A boolean connective.</summary>
public sealed class BoolExpr : Node
{
    public BoolExprType Type { get; init; }
    public List<Node> Args { get; init; } = [];
}
