// UPDATE [ONLY] t [AS alias] SET ... [FROM ...] [WHERE ...] [RETURNING ...]. TargetList entries are ResTargets
// named after the column; (a, b) = source gives one ResTarget per column holding a MultiAssignRef.
namespace Tusk.Sql.Nodes;

/// <summary>UPDATE.</summary>
public sealed class UpdateStmt : Node
{
    public required RangeVar Relation { get; init; }
    public List<ResTarget> TargetList { get; init; } = [];
    public List<Node> FromClause { get; init; } = [];
    public Node? WhereClause { get; init; }
    public List<ResTarget> ReturningList { get; init; } = [];
}
