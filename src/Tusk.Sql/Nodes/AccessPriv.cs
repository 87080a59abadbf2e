// One privilege of GRANT/REVOKE: its lower-case name and optional column list.
namespace Tusk.Sql.Nodes;

/// <summary>A privilege.</summary>
public sealed class AccessPriv : Node
{
    public required string PrivName { get; init; }
    public List<string> Cols { get; init; } = [];
}
