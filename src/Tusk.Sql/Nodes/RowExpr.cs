// ROW(a, b) or (a, b): a row constructor: the source of UPDATE SET (a, b) = (x, y), and (a, b) in expressions
// (the analyzer takes it on the left of a row comparison with a subquery).
namespace Tusk.Sql.Nodes;

/// <summary>A row constructor.</summary>
public sealed class RowExpr : Node
{
    public List<Node> Args { get; init; } = [];

    /// <summary>Written with the ROW keyword.</summary>
    public bool ExplicitRow { get; init; }
}
