// One table of VACUUM / ANALYZE with its optional column list.
namespace Tusk.Sql.Nodes;

/// <summary>A relation to vacuum or analyze.</summary>
public sealed class VacuumRelation : Node
{
    public required RangeVar Relation { get; init; }
    public List<string> VaCols { get; init; } = [];
}
