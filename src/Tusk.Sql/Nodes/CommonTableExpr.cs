// One WITH-list entry: name [(column aliases)] AS [[NOT] MATERIALIZED] (query).
namespace Tusk.Sql.Nodes;

/// <summary>A common table expression.</summary>
public sealed class CommonTableExpr : Node
{
    public required string Name { get; init; }
    public List<string> ColNames { get; init; } = [];
    public required SelectStmt Query { get; init; }
}
