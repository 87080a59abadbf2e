// One entry of a SELECT target list: an expression (a ColumnRef with "*" for star) and its AS name.
namespace Tusk.Sql.Nodes;

/// <summary>A select-list item.</summary>
public sealed class ResTarget : Node
{
    public required Node Val { get; init; }

    /// <summary>Column label given with AS (or a bare label); null when none.</summary>
    public string? Name { get; init; }
}
