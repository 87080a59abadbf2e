// COALESCE(...), NULLIF(a, b), GREATEST(...), LEAST(...).
namespace Tusk.Sql.Nodes;

/// <summary>COALESCE / NULLIF / GREATEST / LEAST.</summary>
public sealed class CoalesceExpr : Node
{
    public CoalesceKind Kind { get; init; }
    public List<Node> Args { get; init; } = [];
}
