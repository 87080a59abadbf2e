// ALTER {TABLE | INDEX | VIEW | SEQUENCE} [IF EXISTS] [ONLY] name cmd, cmd, ....
namespace Tusk.Sql.Nodes;

/// <summary>ALTER TABLE (and the relation kinds that share it).</summary>
public sealed class AlterTableStmt : Node
{
    public required RangeVar Relation { get; init; }
    public List<AlterTableCmd> Cmds { get; init; } = [];
    public ObjectType ObjType { get; init; }
    public bool MissingOk { get; init; }
}
