// One setting's static description: the row of the settings table that pg_settings shows.
namespace Tusk.Common.Guc;

/// <summary>Static description of one setting (PostgreSQL's config_generic and friends).</summary>
public sealed class GucDefinition
{
    public required string Name { get; init; }
    public required GucType Type { get; init; }
    public required GucContext Context { get; init; }
    public required string Category { get; init; }
    public required string Description { get; init; }

    /// <summary>Boot value in canonical text form (for integers: in <see cref="Unit"/>s, no suffix).</summary>
    public required string BootValue { get; init; }

    public double Min { get; init; }
    public double Max { get; init; }

    /// <summary>Base unit of an integer or real: "kB", "8kB", "B", "ms", "s", "min" or null.</summary>
    public string? Unit { get; init; }

    public string[]? EnumValues { get; init; }
    public GucFlags Flags { get; init; }

    public bool Reported => (Flags & GucFlags.Report) != 0;
}
