// A relation named in FROM: [schema.]name [[AS] alias]. Names are already folded/unquoted.
namespace Tusk.Sql.Nodes;

/// <summary>A table or view reference.</summary>
public sealed class RangeVar : Node
{
    public string? Schema { get; init; }
    public required string Name { get; init; }
    public string? Alias { get; init; }
}
