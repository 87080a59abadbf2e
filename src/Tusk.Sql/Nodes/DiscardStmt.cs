// DISCARD { ALL | PLANS | SEQUENCES | TEMP | TEMPORARY }.
namespace Tusk.Sql.Nodes;

/// <summary>DISCARD.</summary>
public sealed class DiscardStmt : Node
{
    public DiscardTarget Target { get; init; }
}
