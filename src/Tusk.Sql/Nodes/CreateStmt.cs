// CREATE [TEMP | UNLOGGED] TABLE [IF NOT EXISTS] name (elements) [INHERITS (...)] [WITH (...)]
// [ON COMMIT ...]. Relation.Persistence carries TEMP/UNLOGGED. TableElts holds ColumnDef, table Constraint
// and TableLikeClause nodes in written order.
namespace Tusk.Sql.Nodes;

/// <summary>CREATE TABLE.</summary>
public sealed class CreateStmt : Node
{
    public required RangeVar Relation { get; init; }
    public List<Node> TableElts { get; init; } = [];
    public List<RangeVar> InhRelations { get; init; } = [];
    public List<DefElem> Options { get; init; } = [];

    /// <summary>ON COMMIT action: null, "preserve rows", "delete rows" or "drop".</summary>
    public string? OnCommit { get; init; }

    public string? Tablespace { get; init; }
    public bool IfNotExists { get; init; }
}
