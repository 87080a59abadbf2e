// ON CONFLICT [target] DO NOTHING | DO UPDATE SET ... [WHERE ...].
namespace Tusk.Sql.Nodes;

/// <summary>ON CONFLICT clause of INSERT.</summary>
public sealed class OnConflictClause : Node
{
    public OnConflictAction Action { get; init; }
    public InferClause? Infer { get; init; }
    public List<ResTarget> TargetList { get; init; } = [];
    public Node? WhereClause { get; init; }
}
