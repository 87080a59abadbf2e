// ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'new' [{BEFORE | AFTER} 'neighbor'] and
// ALTER TYPE name RENAME VALUE 'old' TO 'new' (OldVal set).
namespace Tusk.Sql.Nodes;

/// <summary>ALTER TYPE on an enum's labels.</summary>
public sealed class AlterEnumStmt : Node
{
    public List<string> TypeName { get; init; } = [];

    /// <summary>RENAME VALUE: the label renamed; null for ADD VALUE.</summary>
    public string? OldVal { get; init; }

    public required string NewVal { get; init; }
    public string? NewValNeighbor { get; init; }
    public bool NewValIsAfter { get; init; }
    public bool SkipIfNewValExists { get; init; }
}
