// CREATE ROLE / USER / GROUP name [WITH] option ... (parsenodes.h CreateRoleStmt): options as DefElems named as in
// PostgreSQL's grammar (superuser, createdb, createrole, inherit, canlogin, isreplication, bypassrls,
// connectionlimit, password, validUntil).
namespace Tusk.Sql.Nodes;

public sealed class CreateRoleStmt : Node
{
    /// <summary>"role", "user" (LOGIN by default) or "group".</summary>
    public required string StmtType { get; init; }
    public required string Role { get; init; }
    public List<DefElem> Options { get; init; } = [];
}
