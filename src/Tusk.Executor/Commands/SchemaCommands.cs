// CREATE SCHEMA and DROP SCHEMA (schemacmds.c, namespace.c): a pg_namespace row owned by the current user (or
// the AUTHORIZATION role's name as the schema name); names starting with "pg_" are reserved (42939). DROP
// refuses a schema that still holds relations (2BP01, with PostgreSQL's DETAIL and HINT) unless CASCADE, which
// drops them first. Entry points: SchemaCommands.Create, SchemaCommands.Drop.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Sql.Nodes;
using Tusk.Storage.Transam;

namespace Tusk.Executor.Commands;

public static class SchemaCommands
{
    public static string Create(CreateSchemaStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        string name = s.Schemaname ?? s.Authrole?.RoleName ?? ctx.UserName;
        if (name.StartsWith("pg_", StringComparison.Ordinal))
            Throw.Error("42939", $"unacceptable schema name \"{name}\"",
                detail: "The prefix \"pg_\" is reserved for system schemas.");
        var cat = ctx.Catalog;
        if (cat.LookupNamespace(name) != 0)
        {
            if (s.IfNotExists)
            {
                ctx.Notice(SqlState.DuplicateSchema, $"schema \"{name}\" already exists, skipping");
                return "CREATE SCHEMA";
            }
            Throw.Error(SqlState.DuplicateSchema, $"schema \"{name}\" already exists");
        }
        CatalogIO.Insert(SystemCatalogs.PgNamespace, cat.DatabaseOid, cat,
            [V.Oid(VarSup.GetNewObjectId()), V.Name(name), V.Oid(ctx.UserOid), V.Null(TypeOid.AclItemArray)]);
        return "CREATE SCHEMA";
    }

    public static string Drop(DropStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var cat = ctx.Catalog;
        var c = SystemCatalogs.PgClass;
        int nsCol = c.Column("relnamespace");
        foreach (var o in s.Objects)
        {
            string name = ((NameList)o).Names[^1];
            uint oid = cat.LookupNamespace(name);
            if (oid == 0)
            {
                if (!s.MissingOk)
                    Throw.Error(SqlState.InvalidSchemaName, $"schema \"{name}\" does not exist");
                ctx.Notice(SqlState.SuccessfulCompletion, $"schema \"{name}\" does not exist, skipping");
                continue;
            }
            if (oid < VarSup.FirstNormalObjectId && name != "public")
                Throw.Error(SqlState.DependentObjectsStillExist, $"cannot drop schema {name} because it is required by the database system");
            var members = cat.Scan(c, r => V.AsOid(r[nsCol]) == oid)
                .Select(r => cat.GetRelation(V.AsOid(r.Values[0])))
                .Where(r => r != null && r.Kind != RelKind.Composite)
                .Where(r => r!.Kind != RelKind.Sequence || Dependency.Owner(cat, r.Oid) == null) // go with their table
                .ToList();
            if (members.Count > 0 && s.Behavior != DropBehavior.Cascade)
            {
                var lines = members.Take(100).Select(m => $"{Noun(m!.Kind)} {name}.{m.Name} depends on schema {name}");
                Throw.Error(SqlState.DependentObjectsStillExist,
                    $"cannot drop schema {name} because other objects depend on it",
                    detail: string.Join("\n", lines), hint: "Use DROP ... CASCADE to drop the dependent objects too.");
            }
            if (members.Count > 0)
            {
                ctx.Notice(SqlState.SuccessfulCompletion, members.Count == 1
                    ? $"drop cascades to {Noun(members[0]!.Kind)} {name}.{members[0]!.Name}"
                    : $"drop cascades to {members.Count} other objects");
                foreach (var m in members)
                    HeapCatalog.Drop(cat, m!);
            }
            HeapCatalog.DeleteWhere(cat, SystemCatalogs.PgNamespace, r => V.AsOid(r[0]) == oid);
            Descriptions.Delete(cat, oid, SystemCatalogs.PgNamespace.Oid, 0);
        }
        return "DROP SCHEMA";
    }

    static string Noun(char kind) => kind switch
    {
        RelKind.View => "view",
        RelKind.Sequence => "sequence",
        RelKind.Index => "index",
        _ => "table",
    };
}
