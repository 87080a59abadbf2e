// One statement of a (possibly multi-statement) query string, as RawParser returns it.
// Location/Length delimit the statement's text: from its first token to the end of its last token.
namespace Tusk.Sql.Nodes;

/// <summary>A parsed statement with the span of its text.</summary>
public sealed class RawStmt
{
    public required Node Stmt { get; init; }

    /// <summary>0-based character offset of the statement's first token.</summary>
    public int Location { get; init; }

    /// <summary>Characters from Location to the end of the statement's last token.</summary>
    public int Length { get; init; }
}
