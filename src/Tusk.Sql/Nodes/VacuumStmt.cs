// VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [tables] / VACUUM (options) [tables] / ANALYZE [VERBOSE] [tables].
// Keyword options become DefElems (full, freeze, verbose, analyze). IsVacuumcmd is false for ANALYZE.
namespace Tusk.Sql.Nodes;

/// <summary>VACUUM or ANALYZE.</summary>
public sealed class VacuumStmt : Node
{
    public List<DefElem> Options { get; init; } = [];
    public List<VacuumRelation> Rels { get; init; } = [];
    public bool IsVacuumcmd { get; init; }
}
