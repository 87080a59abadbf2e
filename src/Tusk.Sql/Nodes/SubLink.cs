// A subquery inside an expression: EXISTS, scalar, ARRAY, and x op ANY/ALL (SELECT ...) / x [NOT] IN (SELECT ...)
// (NOT IN is a NOT around an ANY with "="). TestExpr and OperName are set for ANY/ALL only.
namespace Tusk.Sql.Nodes;

/// <summary>A subquery used as an expression.</summary>
public sealed class SubLink : Node
{
    public SubLinkType Type { get; init; }
    public Node? TestExpr { get; init; }
    public string? OperName { get; init; }
    public required SelectStmt Subselect { get; init; }
}
