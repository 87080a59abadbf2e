// One column of CREATE TABLE / ALTER TABLE ADD COLUMN: name, type, COLLATE and its constraints in written
// order (DEFAULT and identity are constraints here, as in gram.y). RawDefault is only set by ALTER COLUMN TYPE
// ... USING expr, which PG also carries in a ColumnDef.
namespace Tusk.Sql.Nodes;

/// <summary>A column definition.</summary>
public sealed class ColumnDef : Node
{
    public required string ColName { get; init; }

    public required TypeName TypeName { get; init; }

    /// <summary>COLLATE name parts, or empty.</summary>
    public List<string> Collation { get; init; } = [];

    public List<Constraint> Constraints { get; init; } = [];

    /// <summary>USING expression of ALTER COLUMN ... TYPE.</summary>
    public Node? RawDefault { get; init; }
}
