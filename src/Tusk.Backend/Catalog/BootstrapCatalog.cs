// The shared catalogs initdb writes before the SQL catalog exists: roles (global/pg_authid) and databases
// (global/pg_database), one tab-separated row per line. Read at connection start; written only by initdb.
// The SQL issue replaces these files with real catalog tables that keep the same OIDs.
using System.Globalization;
using System.Text;

namespace Tusk.Backend.Catalog;

/// <summary>A row of pg_authid.</summary>
public sealed record RoleRow(uint Oid, string Name, bool Superuser, bool CanLogin, string? Password);

/// <summary>A row of pg_database.</summary>
public sealed record DatabaseRow(uint Oid, string Name, bool AllowConnections, bool IsTemplate);

/// <summary>Reading and writing the bootstrap role and database lists.</summary>
public static class BootstrapCatalog
{
    public const uint BootstrapSuperuserOid = 10;
    public const uint Template1Oid = 1;
    public const uint Template0Oid = 4;
    public const uint PostgresOid = 5;

    static string AuthPath(string dataDir) => Path.Combine(dataDir, "global", "pg_authid");

    static string DatabasePath(string dataDir) => Path.Combine(dataDir, "global", "pg_database");

    public static void WriteRoles(string dataDir, IEnumerable<RoleRow> roles)
    {
        var sb = new StringBuilder("# oid\trolname\trolsuper\trolcanlogin\trolpassword\n");
        foreach (var r in roles)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Oid}\t{r.Name}\t{(r.Superuser ? 't' : 'f')}\t{(r.CanLogin ? 't' : 'f')}\t{r.Password ?? ""}\n");
        File.WriteAllText(AuthPath(dataDir), sb.ToString());
    }

    public static void WriteDatabases(string dataDir, IEnumerable<DatabaseRow> dbs)
    {
        var sb = new StringBuilder("# oid\tdatname\tdatallowconn\tdatistemplate\n");
        foreach (var d in dbs)
            sb.Append(CultureInfo.InvariantCulture, $"{d.Oid}\t{d.Name}\t{(d.AllowConnections ? 't' : 'f')}\t{(d.IsTemplate ? 't' : 'f')}\n");
        File.WriteAllText(DatabasePath(dataDir), sb.ToString());
    }

    static IEnumerable<string[]> Rows(string path)
    {
        foreach (var line in File.ReadAllLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            yield return line.Split('\t');
        }
    }

    public static RoleRow? FindRole(string dataDir, string name) => FindRole(dataDir, f => f[1] == name);

    public static RoleRow? FindRole(string dataDir, uint oid) =>
        FindRole(dataDir, f => f[0] == oid.ToString(CultureInfo.InvariantCulture));

    static RoleRow? FindRole(string dataDir, Func<string[], bool> match)
    {
        foreach (var f in Rows(AuthPath(dataDir)))
            if (f.Length >= 5 && match(f))
                return new RoleRow(uint.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2] == "t", f[3] == "t",
                    f[4].Length == 0 ? null : f[4]);
        return null;
    }

    public static DatabaseRow? FindDatabase(string dataDir, string name)
    {
        foreach (var f in Rows(DatabasePath(dataDir)))
            if (f.Length >= 4 && f[1] == name)
                return new DatabaseRow(uint.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2] == "t", f[3] == "t");
        return null;
    }
}
