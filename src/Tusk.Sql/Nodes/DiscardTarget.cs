// What DISCARD throws away.
namespace Tusk.Sql.Nodes;

/// <summary>DISCARD ALL | PLANS | SEQUENCES | TEMP.</summary>
public enum DiscardTarget
{
    All,
    Plans,
    Sequences,
    Temp,
}
