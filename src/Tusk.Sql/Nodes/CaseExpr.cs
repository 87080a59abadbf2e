// CASE [arg] WHEN ... THEN ... [ELSE ...] END. With Arg, each WHEN is compared to it with =.
namespace Tusk.Sql.Nodes;

/// <summary>A CASE expression.</summary>
public sealed class CaseExpr : Node
{
    public Node? Arg { get; init; }
    public List<CaseWhen> Whens { get; init; } = [];
    public Node? DefResult { get; init; }
}
