// GRANT and REVOKE on tables, sequences, schemas and databases (aclchk.c ExecuteGrantStmt): the object's ACL
// (pg_class.relacl, pg_namespace.nspacl, pg_database.datacl) starts from acldefault when NULL, the grantor is the
// owner (as select_best_grantor picks it for a superuser or the owner), and each grantee's item gains or loses
// the privileges (and grant options); items left with nothing are removed. Privileges are recorded only: they are not
// enforced yet. Column privileges and GRANT OPTION to PUBLIC are refused as PostgreSQL does (0A000 / 0LP01).
// Entry point: GrantCommands.Execute.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class GrantCommands
{
    const string InvalidGrantOperation = "0LP01";

    public static string Execute(GrantStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var cat = ctx.Catalog;
        (char kind, string noun, uint all) = s.Objtype switch
        {
            ObjectType.Table => ('r', "table", AclItemIO.AllOnRelation),
            ObjectType.Sequence => ('S', "sequence", AclItemIO.AllOnSequence),
            ObjectType.Schema => ('n', "schema", AclItemIO.AllOnSchema),
            ObjectType.Database => ('d', "database", AclItemIO.AllOnDatabase),
            _ => Throw.Error<(char, string, uint)>(SqlState.FeatureNotSupported, "GRANT on this object type is not supported yet"),
        };
        uint privs = 0;
        foreach (var p in s.Privileges)
        {
            if (p.Cols.Count > 0)
                Throw.Error(SqlState.FeatureNotSupported, "column privileges are not supported yet", position: p.Location + 1);
            uint bit = Privilege(p.PrivName);
            if (bit == 0 || (bit & all) == 0)
                Throw.Error(InvalidGrantOperation, $"invalid privilege type {p.PrivName.ToUpperInvariant()} for {noun}");
            privs |= bit;
        }
        if (s.Privileges.Count == 0)
            privs = all;
        var grantees = s.Grantees.Select(g => Grantee(ctx, g, s)).ToList();

        foreach (var target in Targets(ctx, s, kind))
        {
            var acl = target.Acl.IsNull ? AclItemIO.Default(target.Kind, target.Owner) : AclItemIO.Decode(target.Acl);
            foreach (uint grantee in grantees)
                Apply(acl, grantee, target.Owner, privs, s.IsGrant, s.GrantOption);
            var values = (Datum[])target.Row.Values.Clone();
            values[target.AclColumn] = AclItemIO.Encode(acl);
            CatalogIO.Update(target.Def, cat.DatabaseOid, cat, target.Row.Tid, values);
        }
        return s.IsGrant ? "GRANT" : "REVOKE";
    }

    static uint Privilege(string name) => name switch
    {
        "select" => AclItemIO.Select,
        "insert" => AclItemIO.Insert,
        "update" => AclItemIO.Update,
        "delete" => AclItemIO.Delete,
        "truncate" => AclItemIO.Truncate,
        "references" => AclItemIO.References,
        "trigger" => AclItemIO.Trigger,
        "execute" => AclItemIO.Execute,
        "usage" => AclItemIO.Usage,
        "create" => AclItemIO.Create,
        "temporary" or "temp" => AclItemIO.CreateTemp,
        "connect" => AclItemIO.Connect,
        _ => Throw.Error<uint>(SqlState.SyntaxError, $"unrecognized privilege type \"{name}\""),
    };

    static uint Grantee(ISessionContext ctx, RoleSpec r, GrantStmt s)
    {
        switch (r.RoleType)
        {
            case RoleSpecType.Public:
                if (s.GrantOption && s.IsGrant)
                    Throw.Error(InvalidGrantOperation, "grant options can only be granted to roles");
                return 0;
            case RoleSpecType.CString:
                return SharedCatalog.FindRole(r.RoleName!, ctx.Catalog.Snapshot)?.Oid
                    ?? Throw.Error<uint>(SqlState.UndefinedObject, $"role \"{r.RoleName}\" does not exist");
            default:
                return ctx.UserOid;
        }
    }

    /// <summary>aclupdate: add or take away privileges (or only their grant options) of one grantee.</summary>
    static void Apply(List<AclItem> acl, uint grantee, uint grantor, uint privs, bool grant, bool grantOption)
    {
        int at = acl.FindIndex(a => a.Grantee == grantee && a.Grantor == grantor);
        var item = at >= 0 ? acl[at] : new AclItem(grantee, grantor, 0);
        uint bits = item.Privs;
        if (grant)
            bits |= privs | (grantOption ? privs << 16 : 0);
        else
            bits &= grantOption ? ~(privs << 16) : ~(privs | privs << 16);
        item = item with { Privs = bits };
        if (at >= 0 && bits == 0)
            acl.RemoveAt(at);
        else if (at >= 0)
            acl[at] = item;
        else if (bits != 0)
            acl.Add(item);
    }

    /// <summary>An object's catalog row; Kind is acldefault's object kind (r, S, n, d).</summary>
    sealed record Target(CatalogDef Def, CatalogRow Row, int AclColumn, uint Owner, char Kind)
    {
        public Datum Acl => Row.Values[AclColumn];
    }

    /// <summary>The catalog rows of the objects named (ALL TABLES IN SCHEMA: every table of the schemas).</summary>
    static List<Target> Targets(ISessionContext ctx, GrantStmt s, char kind)
    {
        var cat = ctx.Catalog;
        var result = new List<Target>();
        var c = SystemCatalogs.PgClass;
        int relAcl = c.Column("relacl"), relOwner = c.Column("relowner"), relKind = c.Column("relkind"),
            relNs = c.Column("relnamespace");
        foreach (var o in s.Objects)
        {
            var names = o.Names;
            switch (kind)
            {
                case 'n':
                {
                    uint ns = cat.GetNamespace(names[^1]);
                    var row = cat.Scan(SystemCatalogs.PgNamespace, r => V.AsOid(r[0]) == ns).Single();
                    result.Add(new Target(SystemCatalogs.PgNamespace, row, 3, V.AsOid(row.Values[2]), 'n'));
                    break;
                }
                case 'd':
                {
                    var d = SystemCatalogs.PgDatabase;
                    var rows = cat.Scan(d, r => V.AsString(r[1]) == names[^1]);
                    if (rows.Count == 0)
                        Throw.Error(SqlState.InvalidCatalogName, $"database \"{names[^1]}\" does not exist");
                    var row = rows[0];
                    result.Add(new Target(d, row, d.Column("datacl"), V.AsOid(row.Values[d.Column("datdba")]), 'd'));
                    break;
                }
                default:
                {
                    if (s.AllInSchema)
                    {
                        uint ns = cat.GetNamespace(names[^1]);
                        char want = kind == 'S' ? RelKind.Sequence : RelKind.Table;
                        foreach (var row in cat.Scan(c, r => V.AsOid(r[relNs]) == ns && V.AsChar(r[relKind]) is var k
                                     && (k == want || (want == RelKind.Table && k is RelKind.View or RelKind.MatView))))
                            result.Add(new Target(c, row, relAcl, V.AsOid(row.Values[relOwner]), kind));
                        break;
                    }
                    var rel = ctx.FindTable(names.Count > 1 ? names[^2] : null, names[^1])
                        ?? Throw.Error<Relation>(SqlState.UndefinedTable, $"relation \"{string.Join('.', names)}\" does not exist");
                    if (kind == 'S' && rel.Kind != RelKind.Sequence)
                        Throw.Error(SqlState.WrongObjectType, $"\"{rel.Name}\" is not a sequence");
                    var relRow = cat.Scan(c, r => V.AsOid(r[0]) == rel.Oid).Single();
                    result.Add(new Target(c, relRow, relAcl, V.AsOid(relRow.Values[relOwner]),
                        rel.Kind == RelKind.Sequence ? 'S' : 'r'));
                    break;
                }
            }
        }
        return result;
    }
}
