// CREATE ROLE / USER / GROUP (user.c CreateRole): a pg_authid row. Only superusers create roles here (the
// CREATEROLE attribute is recorded but not yet a grant of the right); names starting with "pg_" are reserved
// (42939); an existing name is 42710. A password is stored as a SCRAM-SHA-256 verifier unless it already is one
// (or an md5 hash). CREATE USER implies LOGIN. Entry point: ExecCreateRole.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Backend.Libpq.Auth;
using Tusk.Sql.Nodes;
using Tusk.Storage.Transam;

namespace Tusk.Backend.Tcop;

public sealed partial class Session
{
    string ExecCreateRole(CreateRoleStmt s)
    {
        if (!IsSuperuser)
            Throw.Error(SqlState.InsufficientPrivilege, "permission denied to create role");
        if (s.Role.StartsWith("pg_", StringComparison.Ordinal))
            Throw.Error("42939", $"role name \"{s.Role}\" is reserved",
                detail: "Role names starting with \"pg_\" are reserved.");
        if (SharedCatalog.FindRole(s.Role, Catalog.Snapshot) != null)
            Throw.Error(SqlState.DuplicateObject, $"role \"{s.Role}\" already exists");
        bool super = false, login = s.StmtType == "user";
        string? password = null;
        foreach (var o in s.Options)
        {
            bool on = o.Arg is A_Const { Kind: ConstKind.Bool, Text: "true" };
            switch (o.Defname)
            {
                case "superuser": super = on; break;
                case "canlogin": login = on; break;
                case "password":
                    password = o.Arg is A_Const { Kind: ConstKind.String } p ? p.Text : null;
                    break;
            }
        }
        if (password != null && !password.StartsWith("SCRAM-SHA-256$", StringComparison.Ordinal)
            && !(password.Length == 35 && password.StartsWith("md5", StringComparison.Ordinal)))
            password = ScramSha256.BuildVerifier(password);
        SharedCatalog.InsertRole(Catalog, VarSup.GetNewObjectId(), s.Role, super, login, password);
        return "CREATE ROLE";
    }
}
