// One column of UPDATE SET (a, b, ...) = source: the ResTarget named a gets Colno 1 of Ncolumns.
// Every column of the group shares the same Source node (a RowExpr for a row constructor).
namespace Tusk.Sql.Nodes;

/// <summary>Element of a multiple-column SET assignment.</summary>
public sealed class MultiAssignRef : Node
{
    public required Node Source { get; init; }

    /// <summary>1-based column number within the group.</summary>
    public int Colno { get; init; }

    public int Ncolumns { get; init; }
}
