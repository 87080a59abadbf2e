// A relation as written: [catalog.][schema.]name [[AS] alias]. Names are already folded/unquoted.
// Inh is false for ONLY t; Persistence is PG's relpersistence letter, set by CREATE TEMP/UNLOGGED.
namespace Tusk.Sql.Nodes;

/// <summary>A table or view reference.</summary>
public sealed class RangeVar : Node
{
    public string? Catalog { get; init; }
    public string? Schema { get; init; }
    public required string Name { get; init; }
    public string? Alias { get; init; }

    /// <summary>Column aliases: FROM t AS a (x, y).</summary>
    public List<string> ColNames { get; init; } = [];

    /// <summary>False when written with ONLY (do not include inheritance children).</summary>
    public bool Inh { get; init; } = true;

    /// <summary>'p' permanent, 't' temporary, 'u' unlogged.</summary>
    public char Persistence { get; init; } = 'p';
}
