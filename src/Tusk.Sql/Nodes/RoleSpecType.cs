// Kinds of RoleSpec (PG's RoleSpecType).
namespace Tusk.Sql.Nodes;

/// <summary>How a role was named.</summary>
public enum RoleSpecType
{
    CString,
    CurrentRole,
    CurrentUser,
    SessionUser,
    Public,
}
