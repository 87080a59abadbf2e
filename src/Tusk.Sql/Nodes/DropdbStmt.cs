// DROP DATABASE [IF EXISTS] name [[WITH] (FORCE)].
namespace Tusk.Sql.Nodes;

/// <summary>DROP DATABASE.</summary>
public sealed class DropdbStmt : Node
{
    public required string Dbname { get; init; }
    public bool MissingOk { get; init; }
    public List<DefElem> Options { get; init; } = [];
}
