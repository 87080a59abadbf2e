// CURRENT_USER, CURRENT_TIMESTAMP(p) and friends; Typmod is the precision, -1 when not given.
namespace Tusk.Sql.Nodes;

/// <summary>A niladic SQL function written without parentheses.</summary>
public sealed class SQLValueFunction : Node
{
    public SQLValueFunctionOp Op { get; init; }
    public int Typmod { get; init; } = -1;
}
