// A literal constant. Text is the literal: digits as written (with a leading '-' when the parser folded a unary
// minus into it), the decoded string value, "true"/"false", null for NULL.
namespace Tusk.Sql.Nodes;

/// <summary>A constant (PG's A_Const).</summary>
public sealed class A_Const : Node
{
    public ConstKind Kind { get; init; }
    public string? Text { get; init; }
}
