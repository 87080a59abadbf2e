// pg_roles and pg_user (system_views.sql): the roles of pg_authid with the password hidden, and their
// database-independent settings from pg_db_role_setting (rolconfig / useconfig, text[]). pg_user is pg_shadow's public face: only roles that can log in. The password column is
// always '********', whether or not the role has one, as in PostgreSQL.
using Tusk.Catalog;
using Tusk.Common.Types;
using Tusk.Executor;

namespace Tusk.Backend.Catalog;

/// <summary>pg_roles (<paramref name="users"/> false) or pg_user (true) over the shared catalogs.</summary>
public sealed class PgRolesView(ISessionContext session, bool users) : ISystemView
{
    const string HiddenPassword = "********";

    static readonly ResultColumn[] RoleCols =
    [
        new("rolname", TypeOid.Name), new("rolsuper", TypeOid.Bool), new("rolinherit", TypeOid.Bool),
        new("rolcreaterole", TypeOid.Bool), new("rolcreatedb", TypeOid.Bool), new("rolcanlogin", TypeOid.Bool),
        new("rolreplication", TypeOid.Bool), new("rolconnlimit", TypeOid.Int4), new("rolpassword", TypeOid.Text),
        new("rolvaliduntil", TypeOid.TimestampTz), new("rolbypassrls", TypeOid.Bool), new("rolconfig", TypeOid.TextArray),
        new("oid", TypeOid.Oid),
    ];

    static readonly ResultColumn[] UserCols =
    [
        new("usename", TypeOid.Name), new("usesysid", TypeOid.Oid), new("usecreatedb", TypeOid.Bool),
        new("usesuper", TypeOid.Bool), new("userepl", TypeOid.Bool), new("usebypassrls", TypeOid.Bool),
        new("passwd", TypeOid.Text), new("valuntil", TypeOid.TimestampTz), new("useconfig", TypeOid.TextArray),
    ];

    public string Name => users ? "pg_user" : "pg_roles";

    public ResultColumn[] Columns => users ? UserCols : RoleCols;

    public IEnumerable<Datum[]> Scan()
    {
        var catalog = session.Catalog;
        var config = new Dictionary<uint, Datum>();
        foreach (var r in catalog.Scan(SystemCatalogs.PgDbRoleSetting, v => V.AsOid(v[0]) == 0 && !v[2].IsNull))
            config[V.AsOid(r.Values[1])] = Datum.FromArray(ArrayValue.OneDim(TypeOid.Text,
                [.. TextArray.Decode(r.Values[2].Ref!).Select(s => Datum.FromText(s))]));
        // pg_authid: oid, rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,
        // rolbypassrls, rolconnlimit, rolpassword, rolvaliduntil.
        foreach (var r in catalog.Scan(SystemCatalogs.PgAuthid))
        {
            var a = r.Values;
            var roleConfig = config.TryGetValue(V.AsOid(a[0]), out var c) ? c : Datum.Null(TypeOid.TextArray);
            if (!users)
            {
                yield return [a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[9], Datum.FromText(HiddenPassword), a[11],
                    a[8], roleConfig, a[0]];
            }
            else if (V.AsBool(a[6]))
            {
                yield return [a[1], a[0], a[5], a[2], a[7], a[8], Datum.FromText(HiddenPassword), a[11], roleConfig];
            }
        }
    }
}
