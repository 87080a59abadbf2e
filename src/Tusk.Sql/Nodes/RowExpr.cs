// ROW(a, b) or (a, b): a row constructor. Only the source of UPDATE SET (a, b) = (x, y) builds one so far.
namespace Tusk.Sql.Nodes;

/// <summary>A row constructor.</summary>
public sealed class RowExpr : Node
{
    public List<Node> Args { get; init; } = [];

    /// <summary>Written with the ROW keyword.</summary>
    public bool ExplicitRow { get; init; }
}
