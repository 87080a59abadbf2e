// CREATE SCHEMA [IF NOT EXISTS] {name [AUTHORIZATION role] | AUTHORIZATION role}.
namespace Tusk.Sql.Nodes;

/// <summary>CREATE SCHEMA.</summary>
public sealed class CreateSchemaStmt : Node
{
    /// <summary>Null when only AUTHORIZATION was given (the schema is named after the role).</summary>
    public string? Schemaname { get; init; }

    public RoleSpec? Authrole { get; init; }
    public bool IfNotExists { get; init; }
}
