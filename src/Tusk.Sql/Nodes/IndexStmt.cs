// CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] t [USING method] (keys)
// [INCLUDE (cols)] [NULLS [NOT] DISTINCT] [WITH (...)] [WHERE predicate]. AccessMethod defaults to btree.
namespace Tusk.Sql.Nodes;

/// <summary>CREATE INDEX.</summary>
public sealed class IndexStmt : Node
{
    public string? Idxname { get; init; }
    public required RangeVar Relation { get; init; }
    public string AccessMethod { get; init; } = "btree";
    public List<IndexElem> IndexParams { get; init; } = [];
    public List<string> IndexIncludingParams { get; init; } = [];
    public List<DefElem> Options { get; init; } = [];
    public Node? WhereClause { get; init; }
    public bool Unique { get; init; }
    public bool NullsNotDistinct { get; init; }
    public bool Concurrent { get; init; }
    public bool IfNotExists { get; init; }
}
