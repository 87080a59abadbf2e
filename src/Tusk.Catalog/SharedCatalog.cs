// The shared catalogs (pg_authid, pg_database, pg_db_role_setting): one copy for the cluster under global/,
// read at connection time (before a database is chosen) and written by CREATE/DROP DATABASE and ALTER
// DATABASE ... SET. Rows of initdb are frozen; later ones are ordinary MVCC rows.
// Entry points: SharedCatalog.Bootstrap, FindRole, FindDatabase, DatabaseSettings.
using Tusk.Access.Heap;
using Tusk.Common.Types;
using Tusk.Storage.Ipc;

namespace Tusk.Catalog;

/// <summary>A row of pg_authid.</summary>
public sealed record RoleInfo(uint Oid, string Name, bool Superuser, bool CanLogin, string? Password);

/// <summary>A row of pg_database.</summary>
public sealed record DatabaseInfo(uint Oid, string Name, bool AllowConnections, bool IsTemplate, int ConnLimit);

public static class SharedCatalog
{
    /// <summary>The predefined roles of PostgreSQL 15 (no login).</summary>
    static readonly (uint, string)[] PredefinedRoles =
    [
        (6171, "pg_database_owner"), (6181, "pg_read_all_data"), (6182, "pg_write_all_data"), (3373, "pg_monitor"),
        (3374, "pg_read_all_settings"), (3375, "pg_read_all_stats"), (3377, "pg_stat_scan_tables"),
        (4569, "pg_read_server_files"), (4570, "pg_write_server_files"), (4571, "pg_execute_server_program"),
        (4200, "pg_signal_backend"), (4544, "pg_checkpoint"),
    ];

    /// <summary>initdb: creates the shared catalogs with the bootstrap superuser and the initial databases.</summary>
    public static void Bootstrap(RoleInfo superuser, IEnumerable<DatabaseInfo> databases)
    {
        ArgumentNullException.ThrowIfNull(superuser);
        ArgumentNullException.ThrowIfNull(databases);
        foreach (var def in SystemCatalogs.Shared)
            HeapRelation.Create(def.Locator(0));
        CatalogIO.InsertFrozen(SystemCatalogs.PgAuthid, 0, RoleRow(superuser.Oid, superuser.Name, true, true,
            superuser.Password));
        foreach (var (oid, name) in PredefinedRoles)
            CatalogIO.InsertFrozen(SystemCatalogs.PgAuthid, 0, RoleRow(oid, name, false, false, null));
        foreach (var db in databases)
        {
            CatalogIO.InsertFrozen(SystemCatalogs.PgDatabase, 0, DatabaseRow(db, superuser.Oid));
            string? comment = db.Oid switch
            {
                CatalogOids.Template1 => "default template for new databases",
                CatalogOids.Template0 => "unmodifiable empty database",
                CatalogOids.Postgres => "default administrative connection database",
                _ => null,
            };
            if (comment != null)
                CatalogIO.InsertFrozen(SystemCatalogs.PgShdescription, 0,
                    [V.Oid(db.Oid), V.Oid(SystemCatalogs.PgDatabase.Oid), V.Text(comment)]);
        }
    }

    /// <summary>CREATE ROLE's row (the caller checked the name and privileges).</summary>
    public static void InsertRole(CatalogSession cs, uint oid, string name, bool super, bool login, string? password)
    {
        ArgumentNullException.ThrowIfNull(cs);
        CatalogIO.Insert(SystemCatalogs.PgAuthid, 0, cs, RoleRow(oid, name, super, login, password));
    }

    static Datum[] RoleRow(uint oid, string name, bool super, bool login, string? password) =>
    [
        V.Oid(oid), V.Name(name), V.Bool(super), V.Bool(true), V.Bool(super), V.Bool(super), V.Bool(login),
        V.Bool(super), V.Bool(super), V.Int4(-1), V.Text(password), V.Null(TypeOid.TimestampTz),
    ];

    /// <summary>A pg_database row (UTF8, libc provider, locale C).</summary>
    public static Datum[] DatabaseRow(DatabaseInfo db, uint owner)
    {
        ArgumentNullException.ThrowIfNull(db);
        return
        [
            V.Oid(db.Oid), V.Name(db.Name), V.Oid(owner), V.Int4(6), V.Char('c'), V.Bool(db.IsTemplate),
            V.Bool(db.AllowConnections), V.Int4(db.ConnLimit), V.Xid(3), V.Xid(1), V.Oid(1663), V.Text("C"),
            V.Text("C"), V.Null(TypeOid.Text), V.Null(TypeOid.Text), V.Null(TypeOid.AclItemArray),
        ];
    }

    static CatalogSnapshot Now(CatalogSnapshot? snap) => snap ?? new CatalogSnapshot(ProcArray.GetSnapshot(), null);

    public static RoleInfo? FindRole(string name, CatalogSnapshot? snap = null) =>
        FindRole(r => V.AsString(r[1]) == name, snap);

    public static RoleInfo? FindRole(uint oid, CatalogSnapshot? snap = null) => FindRole(r => V.AsOid(r[0]) == oid, snap);

    static RoleInfo? FindRole(Func<Datum[], bool> match, CatalogSnapshot? snap)
    {
        var rows = CatalogIO.Scan(SystemCatalogs.PgAuthid, 0, Now(snap), match);
        if (rows.Count == 0)
            return null;
        var v = rows[0].Values;
        return new RoleInfo(V.AsOid(v[0]), V.AsString(v[1]), V.AsBool(v[2]), V.AsBool(v[6]),
            v[10].IsNull ? null : v[10].Text);
    }

    public static DatabaseInfo? FindDatabase(string name, CatalogSnapshot? snap = null) =>
        FindDatabase(r => V.AsString(r[1]) == name, snap)?.Info;

    /// <summary>A database's row and position (for DDL that changes or deletes it).</summary>
    public static (DatabaseInfo Info, CatalogRow Row)? FindDatabase(Func<Datum[], bool> match, CatalogSnapshot? snap)
    {
        var rows = CatalogIO.Scan(SystemCatalogs.PgDatabase, 0, Now(snap), match);
        if (rows.Count == 0)
            return null;
        var v = rows[0].Values;
        return (new DatabaseInfo(V.AsOid(v[0]), V.AsString(v[1]), V.AsBool(v[6]), V.AsBool(v[5]), V.AsInt(v[7])),
            rows[0]);
    }

    /// <summary>
    /// The settings ALTER DATABASE / ALTER ROLE ... SET stored for a database and role, most general first:
    /// the database's (role 0), the role's (database 0), then the pair's.
    /// </summary>
    public static List<(string Name, string Value, bool ForRole)> DatabaseSettings(uint dbOid, uint roleOid)
    {
        var result = new List<(string, string, bool)>();
        var rows = CatalogIO.Scan(SystemCatalogs.PgDbRoleSetting, 0, Now(null),
            r => (V.AsOid(r[0]) == dbOid || V.AsOid(r[0]) == 0) && (V.AsOid(r[1]) == roleOid || V.AsOid(r[1]) == 0));
        foreach (var order in new[] { (db: true, role: false), (db: false, role: true), (db: true, role: true) })
        {
            foreach (var r in rows)
            {
                bool hasDb = V.AsOid(r.Values[0]) != 0, hasRole = V.AsOid(r.Values[1]) != 0;
                if (hasDb != order.db || hasRole != order.role || r.Values[2].IsNull)
                    continue;
                foreach (var item in TextArray.Decode(r.Values[2].Ref!))
                {
                    int eq = item.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                        result.Add((item[..eq], item[(eq + 1)..], hasRole));
                }
            }
        }
        return result;
    }
}
