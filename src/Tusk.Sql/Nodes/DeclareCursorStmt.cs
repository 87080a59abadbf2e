// DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL] CURSOR [{WITH | WITHOUT} HOLD] FOR query.
namespace Tusk.Sql.Nodes;

/// <summary>DECLARE CURSOR.</summary>
public sealed class DeclareCursorStmt : Node
{
    public required string Portalname { get; init; }

    public CursorOptions Options { get; init; }

    /// <summary>The SELECT (or VALUES, TABLE) the cursor runs.</summary>
    public required Node Query { get; init; }
}
