// ALTER SEQUENCE [IF EXISTS] name options (the same DefElems as CREATE SEQUENCE, plus restart).
namespace Tusk.Sql.Nodes;

/// <summary>ALTER SEQUENCE.</summary>
public sealed class AlterSeqStmt : Node
{
    public required RangeVar Sequence { get; init; }
    public List<DefElem> Options { get; init; } = [];
    public bool MissingOk { get; init; }
}
