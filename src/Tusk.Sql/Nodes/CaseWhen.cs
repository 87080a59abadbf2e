// One WHEN condition THEN result arm of a CASE.
namespace Tusk.Sql.Nodes;

/// <summary>A CASE arm.</summary>
public sealed class CaseWhen : Node
{
    public required Node Expr { get; init; }
    public required Node Result { get; init; }
}
