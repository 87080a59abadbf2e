// ALTER ... RENAME: RenameType is what is renamed (Table, View, Sequence, Index, Column, Constraint, Schema,
// Database); for Column and Constraint RelationType says which kind of relation holds it. Relation is set for
// relations and their parts, Object (a NameList) for schemas and databases; Subname is the old column or
// constraint name.
namespace Tusk.Sql.Nodes;

/// <summary>ALTER ... RENAME.</summary>
public sealed class RenameStmt : Node
{
    public ObjectType RenameType { get; init; }
    public ObjectType RelationType { get; init; }
    public RangeVar? Relation { get; init; }
    public NameList? Object { get; init; }
    public string? Subname { get; init; }
    public required string Newname { get; init; }
    public bool MissingOk { get; init; }
}
