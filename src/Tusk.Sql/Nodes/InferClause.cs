// ON CONFLICT target: (index columns or expressions) [WHERE predicate], or ON CONSTRAINT name.
namespace Tusk.Sql.Nodes;

/// <summary>ON CONFLICT inference.</summary>
public sealed class InferClause : Node
{
    public List<IndexElem> IndexElems { get; init; } = [];
    public Node? WhereClause { get; init; }
    public string? Conname { get; init; }
}
