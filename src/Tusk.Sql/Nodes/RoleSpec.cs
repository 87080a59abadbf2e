// A role as written in OWNER TO, AUTHORIZATION, GRANT ... TO: a name, or CURRENT_ROLE / CURRENT_USER /
// SESSION_USER / PUBLIC.
namespace Tusk.Sql.Nodes;

/// <summary>A role reference.</summary>
public sealed class RoleSpec : Node
{
    public RoleSpecType RoleType { get; init; }

    /// <summary>The role name for CString; null otherwise.</summary>
    public string? RoleName { get; init; }
}
