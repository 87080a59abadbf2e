// FETCH / MOVE [direction] [FROM | IN] cursor_name. NEXT is Forward 1, PRIOR Backward 1, FIRST Absolute 1,
// LAST Absolute -1, ALL Forward FetchAll; a bare count is Forward with that (possibly negative) count.
namespace Tusk.Sql.Nodes;

/// <summary>FETCH or MOVE.</summary>
public sealed class FetchStmt : Node
{
    /// <summary>HowMany meaning "ALL" (FETCH_ALL).</summary>
    public const long FetchAll = long.MaxValue;

    public FetchDirection Direction { get; init; }

    /// <summary>The row count (Forward/Backward) or row number (Absolute/Relative).</summary>
    public long HowMany { get; init; }

    public required string Portalname { get; init; }

    /// <summary>MOVE: position only, return no rows.</summary>
    public bool IsMove { get; init; }
}
