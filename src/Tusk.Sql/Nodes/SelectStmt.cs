// SELECT statement (PG's SelectStmt, simple form only: no set operations or WITH yet). A VALUES list (so far
// only as the source of INSERT) is a SelectStmt with ValuesLists set and nothing else.
// Lists are never null; optional clauses are null when absent.
namespace Tusk.Sql.Nodes;

/// <summary>SELECT [DISTINCT] targets [FROM ...] [WHERE ...] [GROUP BY ...] [HAVING ...] [ORDER BY ...] [LIMIT/OFFSET].</summary>
public sealed class SelectStmt : Node
{
    public List<ResTarget> TargetList { get; } = [];
    public List<Node> FromClause { get; } = [];
    public Node? WhereClause { get; set; }
    public List<Node> GroupClause { get; } = [];
    public Node? HavingClause { get; set; }
    public List<SortBy> SortClause { get; } = [];

    /// <summary>LIMIT expression; null when absent or LIMIT ALL.</summary>
    public Node? LimitCount { get; set; }

    public Node? LimitOffset { get; set; }
    public bool Distinct { get; set; }

    /// <summary>VALUES (...), (...): one list per row; empty for a SELECT.</summary>
    public List<List<Node>> ValuesLists { get; } = [];
}
