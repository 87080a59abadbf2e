// Target of CREATE TABLE AS: the new relation, optional column names, WITH options, ON COMMIT, TABLESPACE,
// WITH [NO] DATA.
namespace Tusk.Sql.Nodes;

/// <summary>Target of CREATE TABLE AS.</summary>
public sealed class IntoClause : Node
{
    public required RangeVar Rel { get; init; }
    public List<string> ColNames { get; init; } = [];
    public List<DefElem> Options { get; init; } = [];

    /// <summary>ON COMMIT action: null, "preserve rows", "delete rows" or "drop".</summary>
    public string? OnCommit { get; init; }

    public string? Tablespace { get; init; }

    /// <summary>WITH NO DATA.</summary>
    public bool SkipData { get; init; }
}
