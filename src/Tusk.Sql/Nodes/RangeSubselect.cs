// A subquery in FROM: [LATERAL] (SELECT ...) [AS] alias [(column aliases)]. PostgreSQL 15 requires the alias.
namespace Tusk.Sql.Nodes;

/// <summary>A sub-SELECT (or VALUES) used as a FROM item.</summary>
public sealed class RangeSubselect : Node
{
    public required SelectStmt Subquery { get; init; }
    public string? Alias { get; init; }
    public List<string> ColNames { get; init; } = [];
    public bool Lateral { get; init; }
}
