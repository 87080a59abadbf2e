// DROP {TABLE | VIEW | SEQUENCE | INDEX | SCHEMA | TYPE | DOMAIN | FUNCTION ...} [IF EXISTS] names
// [CASCADE | RESTRICT]. Objects holds a NameList per name, or an ObjectWithArgs for functions.
namespace Tusk.Sql.Nodes;

/// <summary>DROP of catalog objects (not databases).</summary>
public sealed class DropStmt : Node
{
    public ObjectType RemoveType { get; init; }
    public List<Node> Objects { get; init; } = [];
    public DropBehavior Behavior { get; init; }
    public bool MissingOk { get; init; }

    /// <summary>DROP INDEX CONCURRENTLY.</summary>
    public bool Concurrent { get; init; }
}
