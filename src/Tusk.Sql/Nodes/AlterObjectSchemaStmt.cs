// ALTER {TABLE | VIEW | SEQUENCE} [IF EXISTS] name SET SCHEMA new_schema (PG's AlterObjectSchemaStmt, the
// relation forms).
namespace Tusk.Sql.Nodes;

/// <summary>ALTER ... SET SCHEMA.</summary>
public sealed class AlterObjectSchemaStmt : Node
{
    public ObjectType ObjectType { get; init; }
    public required RangeVar Relation { get; init; }
    public required string Newschema { get; init; }
    public bool MissingOk { get; init; }
}
