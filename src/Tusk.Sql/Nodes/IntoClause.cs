// Target of CREATE TABLE AS: the new relation, optional column names, WITH options, WITH [NO] DATA.
namespace Tusk.Sql.Nodes;

/// <summary>Target of CREATE TABLE AS.</summary>
public sealed class IntoClause : Node
{
    public required RangeVar Rel { get; init; }
    public List<string> ColNames { get; init; } = [];
    public List<DefElem> Options { get; init; } = [];

    /// <summary>WITH NO DATA.</summary>
    public bool SkipData { get; init; }
}
