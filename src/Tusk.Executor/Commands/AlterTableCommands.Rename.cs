// ALTER ... RENAME (tablecmds.c renameatt / RenameRelation / RenameConstraint, schemacmds.c RenameSchema) and
// ALTER ... SET SCHEMA (AlterTableNamespace). Stored CHECK expressions are SQL text, so renaming a column also
// rewrites the name inside them (ExprText.RenameColumn); PostgreSQL stores attnums and needs no such step.
// Entry points: AlterTableCommands.Rename, AlterTableCommands.SetSchema.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static partial class AlterTableCommands
{
    public static string Rename(RenameStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        if (s.RenameType == ObjectType.Schema)
            return RenameSchema(s.Object!.Names[^1], s.Newname, ctx);
        if (s.RenameType == ObjectType.Database)
            return Throw.Error<string>(SqlState.FeatureNotSupported, "ALTER DATABASE ... RENAME is not supported yet");
        var kind = s.RenameType is ObjectType.Column or ObjectType.Constraint ? s.RelationType : s.RenameType;
        string tag = "ALTER " + ObjectWord(kind);
        var rel = OpenRelation(s.Relation!, kind, s.MissingOk, ctx);
        if (rel == null)
            return tag;
        var cat = ctx.Catalog;
        switch (s.RenameType)
        {
            case ObjectType.Column:
            {
                string old = s.Subname!;
                if (Nodes.TableView.IsSystemColumn(old))
                    Throw.Error(SqlState.FeatureNotSupported, $"cannot rename system column \"{old}\"");
                if (rel.ColumnIndex(old) < 0)
                    Throw.Error(SqlState.UndefinedColumn, $"column \"{old}\" does not exist");
                // As renameatt: without ONLY the tables inheriting the column are renamed first, then the table.
                var family = s.Relation!.Inh ? cat.FindAllInheritors(rel.Oid) : [rel.Oid];
                foreach (uint oid in family.Skip(1).Append(rel.Oid))
                {
                    if (cat.GetRelation(oid) is { } r && r.ColumnIndex(old) is int i and >= 0)
                    {
                        CheckNewColumnName(r, s.Newname);
                        HeapCatalog.RenameColumn(cat, r, r.Columns[i].AttNum, s.Newname);
                        foreach (var check in r.Checks)
                            if (ExprText.References(check.Expr, old))
                                HeapCatalog.SetCheckExpr(cat, r, check.Name, ExprText.RenameColumn(check.Expr, old, s.Newname));
                    }
                }
                break;
            }
            case ObjectType.Constraint:
                if (HeapCatalog.ConstraintOid(cat, rel.Oid, s.Subname!) == 0)
                    Throw.Error(SqlState.UndefinedObject, $"constraint \"{s.Subname}\" for table \"{rel.Name}\" does not exist");
                if (HeapCatalog.ConstraintOid(cat, rel.Oid, s.Newname) != 0)
                    Throw.Error(SqlState.DuplicateObject,
                        $"constraint \"{s.Newname}\" for relation \"{rel.Name}\" already exists");
                HeapCatalog.RenameConstraint(cat, rel, s.Subname!, s.Newname);
                break;
            default:
                if (cat.LookupRelation(rel.NamespaceOid, s.Newname) != 0)
                    Throw.Error(SqlState.DuplicateTable, $"relation \"{s.Newname}\" already exists");
                HeapCatalog.RenameRelation(cat, rel, s.Newname);
                break;
        }
        return tag;
    }

    static string RenameSchema(string name, string newName, ISessionContext ctx)
    {
        var cat = ctx.Catalog;
        uint oid = cat.GetNamespace(name);
        if (cat.LookupNamespace(newName) != 0)
            Throw.Error(SqlState.DuplicateSchema, $"schema \"{newName}\" already exists");
        if (newName.StartsWith("pg_", StringComparison.Ordinal))
            Throw.Error("42939", $"unacceptable schema name \"{newName}\"",
                detail: "The prefix \"pg_\" is reserved for system schemas.");
        var n = SystemCatalogs.PgNamespace;
        var row = cat.Scan(n, r => V.AsOid(r[0]) == oid).Single();
        var values = (Tusk.Common.Types.Datum[])row.Values.Clone();
        values[n.Column("nspname")] = V.Name(newName);
        CatalogIO.Update(n, cat.DatabaseOid, cat, row.Tid, values);
        return "ALTER SCHEMA";
    }

    /// <summary>ALTER TABLE ... SET SCHEMA: the relation moves; temporary schemas take nothing in and let nothing out.</summary>
    public static string SetSchema(AlterObjectSchemaStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        string tag = "ALTER " + ObjectWord(s.ObjectType);
        var rel = OpenRelation(s.Relation, s.ObjectType, s.MissingOk, ctx);
        if (rel == null)
            return tag;
        var cat = ctx.Catalog;
        uint ns = s.Newschema == "pg_temp" ? cat.MyTempNamespace : cat.GetNamespace(s.Newschema);
        if (rel.Persistence == 't' || s.Newschema == "pg_temp" || ns == cat.MyTempNamespace || cat.IsOtherTempNamespace(ns))
            Throw.Error(SqlState.FeatureNotSupported, "cannot move objects into or out of temporary schemas");
        if (ns == rel.NamespaceOid)
            return tag;
        if (cat.LookupRelation(ns, rel.Name) != 0)
            Throw.Error(SqlState.DuplicateTable, $"relation \"{rel.Name}\" already exists in schema \"{s.Newschema}\"");
        HeapCatalog.SetRelationNamespace(cat, rel, ns);
        return tag;
    }
}
