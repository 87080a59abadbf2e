// CREATE [TEMP | UNLOGGED] SEQUENCE [IF NOT EXISTS] name [options]. Options are DefElems named as gram.y
// names them: as, increment, minvalue, maxvalue (null Arg for NO MINVALUE/MAXVALUE), start, restart, cache,
// cycle (boolean), owned_by (NameList, ["none"] for OWNED BY NONE).
namespace Tusk.Sql.Nodes;

/// <summary>CREATE SEQUENCE.</summary>
public sealed class CreateSeqStmt : Node
{
    public required RangeVar Sequence { get; init; }
    public List<DefElem> Options { get; init; } = [];
    public bool IfNotExists { get; init; }
}
