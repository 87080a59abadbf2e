// COMMENT ON ... IS 'text' | NULL (comment.c CommentObject with objectaddress.c's lookups): the object is resolved
// to (classoid, objoid, objsubid) and its comment replaced in pg_description, or in pg_shdescription for the shared
// objects (databases, roles). An empty string removes the comment like NULL. A missing database is only a WARNING,
// as in PostgreSQL (a dump restored elsewhere may name one). Functions, types and extensions have no catalog rows
// yet (built-in functions and types are not in pg_proc / not addressable), so COMMENT ON them is 0A000.
// Entry point: CommentCommands.Comment.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class CommentCommands
{
    public static string Comment(CommentStmt s, ISessionContext ctx, Action<string> warning)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(warning);
        var cat = ctx.Catalog;
        uint pgClass = SystemCatalogs.PgClass.Oid;
        switch (s.Objtype)
        {
            case ObjectType.Table or ObjectType.View or ObjectType.Sequence or ObjectType.Index or ObjectType.MatView:
            {
                var rel = Relation(((NameList)s.Object).Names, s.Objtype, ctx);
                Descriptions.Set(cat, rel.Oid, pgClass, 0, s.Comment);
                break;
            }
            case ObjectType.Column:
            {
                var names = ((NameList)s.Object).Names;
                if (names.Count < 2)
                    Throw.Error(SqlState.SyntaxError, "column name must be qualified");
                var rel = Relation(names[..^1], null, ctx);
                int i = rel.ColumnIndex(names[^1]);
                if (i < 0)
                    Throw.Error(SqlState.UndefinedColumn, $"column \"{names[^1]}\" of relation \"{rel.Name}\" does not exist");
                Descriptions.Set(cat, rel.Oid, pgClass, rel.Columns[i].AttNum, s.Comment);
                break;
            }
            case ObjectType.Constraint:
            {
                var names = ((NameList)s.Object).Names;
                var rel = Relation(names[..^1], null, ctx);
                uint oid = HeapCatalog.ConstraintOid(cat, rel.Oid, names[^1]);
                if (oid == 0)
                    Throw.Error(SqlState.UndefinedObject, $"constraint \"{names[^1]}\" for table \"{rel.Name}\" does not exist");
                Descriptions.Set(cat, oid, SystemCatalogs.PgConstraint.Oid, 0, s.Comment);
                break;
            }
            case ObjectType.Schema:
            {
                string name = ((NameList)s.Object).Names[^1];
                Descriptions.Set(cat, cat.GetNamespace(name), SystemCatalogs.PgNamespace.Oid, 0, s.Comment);
                break;
            }
            case ObjectType.Database:
            {
                string name = ((NameList)s.Object).Names[^1];
                var db = SharedCatalog.FindDatabase(name, cat.Snapshot);
                if (db == null)
                {
                    warning($"database \"{name}\" does not exist");
                    break;
                }
                Descriptions.SetShared(cat, db.Oid, SystemCatalogs.PgDatabase.Oid, s.Comment);
                break;
            }
            case ObjectType.Role:
            {
                string name = ((NameList)s.Object).Names[^1];
                var role = SharedCatalog.FindRole(name, cat.Snapshot)
                    ?? Throw.Error<RoleInfo>(SqlState.UndefinedObject, $"role \"{name}\" does not exist");
                Descriptions.SetShared(cat, role.Oid, SystemCatalogs.PgAuthid.Oid, s.Comment);
                break;
            }
            default:
                Throw.Error(SqlState.FeatureNotSupported, $"COMMENT ON {s.Objtype.ToString().ToUpperInvariant()} is not supported yet");
                break;
        }
        return "COMMENT";
    }

    /// <summary>get_relation_by_qualified_name: 42P01 when missing, 42809 when not of the kind named.</summary>
    static Relation Relation(List<string> names, ObjectType? kind, ISessionContext ctx)
    {
        string name = names[^1];
        string? schema = names.Count > 1 ? names[^2] : null;
        var rel = ctx.FindTable(schema, name) ?? Throw.Error<Relation>(SqlState.UndefinedTable,
            $"relation \"{TableCommands.QualifiedName(schema, name)}\" does not exist");
        string? wrong = kind switch
        {
            ObjectType.Table when rel.Kind != RelKind.Table => "a table",
            ObjectType.View when rel.Kind != RelKind.View => "a view",
            ObjectType.Sequence when rel.Kind != RelKind.Sequence => "a sequence",
            ObjectType.Index when rel.Kind != RelKind.Index => "an index",
            ObjectType.MatView when rel.Kind != RelKind.MatView => "a materialized view",
            _ => null,
        };
        if (wrong != null)
            Throw.Error(SqlState.WrongObjectType, $"\"{name}\" is not {wrong}");
        return rel;
    }
}
