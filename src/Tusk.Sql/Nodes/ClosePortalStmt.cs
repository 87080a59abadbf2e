// CLOSE {cursor_name | ALL}.
namespace Tusk.Sql.Nodes;

/// <summary>CLOSE.</summary>
public sealed class ClosePortalStmt : Node
{
    /// <summary>The cursor name; null for ALL.</summary>
    public string? Portalname { get; init; }
}
