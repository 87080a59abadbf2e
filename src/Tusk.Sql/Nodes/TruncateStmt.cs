// TRUNCATE [TABLE] [ONLY] a, b [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE | RESTRICT].
namespace Tusk.Sql.Nodes;

/// <summary>TRUNCATE.</summary>
public sealed class TruncateStmt : Node
{
    public List<RangeVar> Relations { get; init; } = [];
    public bool RestartSeqs { get; init; }
    public DropBehavior Behavior { get; init; }
}
