// GRANT privileges ON [kind] objects TO roles [WITH GRANT OPTION], REVOKE [GRANT OPTION FOR] privileges ON
// [kind] objects FROM roles [CASCADE | RESTRICT]. Privileges empty means ALL [PRIVILEGES]. AllInSchema is
// ON ALL TABLES IN SCHEMA s (Objects then names the schemas).
namespace Tusk.Sql.Nodes;

/// <summary>GRANT / REVOKE on objects.</summary>
public sealed class GrantStmt : Node
{
    public bool IsGrant { get; init; }
    public ObjectType Objtype { get; init; }
    public bool AllInSchema { get; init; }
    public List<NameList> Objects { get; init; } = [];
    public List<AccessPriv> Privileges { get; init; } = [];
    public List<RoleSpec> Grantees { get; init; } = [];
    public bool GrantOption { get; init; }
    public DropBehavior Behavior { get; init; }
}
