// DELETE FROM [ONLY] t [AS alias] [USING ...] [WHERE ...] [RETURNING ...].
namespace Tusk.Sql.Nodes;

/// <summary>DELETE.</summary>
public sealed class DeleteStmt : Node
{
    public required RangeVar Relation { get; init; }
    public List<Node> UsingClause { get; init; } = [];
    public Node? WhereClause { get; init; }
    public List<ResTarget> ReturningList { get; init; } = [];
}
