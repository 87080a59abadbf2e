// SELECT (and VALUES) as written (parsenodes.h SelectStmt). A leaf has TargetList/FromClause/...; a set operation
// (Op != None) has Larg/Rarg and only the sort/limit/WITH clauses of its own. DISTINCT ON keeps its expressions
// in DistinctOn (Distinct is then true as well).
namespace Tusk.Sql.Nodes;

/// <summary>A SELECT statement or VALUES list.</summary>
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

    /// <summary>DISTINCT ON (expressions); empty for plain DISTINCT or none.</summary>
    public List<Node> DistinctOn { get; } = [];

    /// <summary>VALUES (...), (...): one list per row; empty for a SELECT.</summary>
    public List<List<Node>> ValuesLists { get; } = [];

    /// <summary>WITH list; empty when none.</summary>
    public List<CommonTableExpr> WithClause { get; } = [];

    public SetOperation Op { get; set; }
    public bool All { get; set; }
    public SelectStmt? Larg { get; set; }
    public SelectStmt? Rarg { get; set; }
}
