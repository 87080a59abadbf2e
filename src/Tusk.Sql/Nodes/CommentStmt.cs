// COMMENT ON kind object IS 'text' | NULL. Object is a NameList (COLUMN: [.. table, column]) or an
// ObjectWithArgs for functions.
namespace Tusk.Sql.Nodes;

/// <summary>COMMENT ON.</summary>
public sealed class CommentStmt : Node
{
    public ObjectType Objtype { get; init; }
    public required Node Object { get; init; }

    /// <summary>The comment, or null to remove it.</summary>
    public string? Comment { get; init; }
}
