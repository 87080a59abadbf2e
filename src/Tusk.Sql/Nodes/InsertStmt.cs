// INSERT INTO t [AS alias] [(cols)] {VALUES ... | query | DEFAULT VALUES} [ON CONFLICT ...] [RETURNING ...].
// Cols are ResTargets with Name set (Val unused). SelectStmt is a SelectStmt (VALUES lists in ValuesLists,
// DEFAULT items as SetToDefault) or null for DEFAULT VALUES.
namespace Tusk.Sql.Nodes;

/// <summary>INSERT.</summary>
public sealed class InsertStmt : Node
{
    public required RangeVar Relation { get; init; }
    public List<ResTarget> Cols { get; init; } = [];
    public SelectStmt? SelectStmt { get; init; }
    public OnConflictClause? OnConflictClause { get; init; }
    public List<ResTarget> ReturningList { get; init; } = [];

    /// <summary>OVERRIDING SYSTEM VALUE ("system") / OVERRIDING USER VALUE ("user"), or null.</summary>
    public string? Override { get; init; }
}
