// Creating and dropping relations with their catalog entries (heap.c: heap_create_with_catalog,
// heap_drop_with_catalog; tablecmds.c's catalog side). A new table gets an OID from the shared counter, a
// composite row type, pg_class and pg_attribute rows (user columns and the six system columns), pg_attrdef rows
// for defaults and pg_constraint rows for CHECK constraints, and its storage file (removed again if the
// transaction aborts). Dropping removes all of it, and the sequences its columns own (Dependency.BeforeDrop); the
// file goes when the transaction commits.
// Entry points: HeapCatalog.Create, HeapCatalog.Drop.
using Tusk.Access.Heap;
using Tusk.Common.Types;
using Tusk.Storage.Transam;

namespace Tusk.Catalog;

/// <summary>A column of a relation being created (InhCount/IsLocal: pg_attribute's attinhcount/attislocal).</summary>
public sealed record ColumnSpec(string Name, uint Type, int TypMod, bool NotNull, string? Default, char Identity = '\0',
    int InhCount = 0, bool IsLocal = true);

/// <summary>A CHECK constraint of a relation being created: its name and expression text (and inheritance counts).</summary>
public sealed record CheckSpec(string Name, string Expr, bool IsLocal = true, int InhCount = 0);

public static partial class HeapCatalog
{
    /// <summary>Creates a relation and its catalog entries; returns its OID.</summary>
    public static uint Create(CatalogSession cs, uint ns, string name, char kind, IReadOnlyList<ColumnSpec> columns,
        IReadOnlyList<CheckSpec>? checks = null, char persistence = 'p')
    {
        uint db = cs.DatabaseOid;
        uint oid = VarSup.GetNewObjectId();
        uint rowType = kind == RelKind.Sequence ? 0 : VarSup.GetNewObjectId(); // sequences have no row type (PG 14+)
        bool hasStorage = kind is RelKind.Table or RelKind.Sequence or RelKind.MatView;
        if (rowType != 0)
        {
            CatalogIO.Insert(SystemCatalogs.PgType, db, cs, CatalogRows.RowType(rowType, name, ns, oid));
        }
        CatalogIO.Insert(SystemCatalogs.PgClass, db, cs, CatalogRows.Class(oid, name, ns, rowType,
            CatalogOids.BootstrapSuperuser, kind, columns.Count, hasStorage ? oid : 0, shared: false,
            checks: checks?.Count ?? 0, persistence: persistence));
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            CatalogIO.Insert(SystemCatalogs.PgAttribute, db, cs, CatalogRows.Attribute(oid, c.Name, c.Type, c.TypMod,
                i + 1, c.NotNull, c.Default != null, c.Identity, c.InhCount, c.IsLocal));
            if (c.Default != null)
            {
                CatalogIO.Insert(SystemCatalogs.PgAttrdef, db, cs,
                    [V.Oid(VarSup.GetNewObjectId()), V.Oid(oid), V.Int2(i + 1), Datum.FromText(c.Default, TypeOid.PgNodeTree)]);
            }
        }
        if (hasStorage)
        {
            foreach (var sys in CatalogRows.SystemAttributes(oid))
            {
                CatalogIO.Insert(SystemCatalogs.PgAttribute, db, cs, sys);
            }
        }
        foreach (var check in checks ?? [])
        {
            AddCheck(cs, oid, ns, check);
        }
        if (hasStorage)
        {
            var rel = new Relation(oid, name, ns, "", kind, oid, db, false, []);
            HeapRelation.Create(rel.Locator);
            cs.ScheduleCreate(rel.Locator);
        }
        return oid;
    }

    /// <summary>Adds a CHECK constraint row (pg_constraint, contype 'c').</summary>
    public static void AddCheck(CatalogSession cs, uint relid, uint ns, CheckSpec check, bool validated = true)
    {
        var c = SystemCatalogs.PgConstraint;
        var row = new Datum[c.Columns.Length];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = V.Null(c.Columns[i].Type);
        }
        row[c.Column("oid")] = V.Oid(VarSup.GetNewObjectId());
        row[c.Column("conname")] = V.Name(check.Name);
        row[c.Column("connamespace")] = V.Oid(ns);
        row[c.Column("contype")] = V.Char('c');
        row[c.Column("condeferrable")] = V.Bool(false);
        row[c.Column("condeferred")] = V.Bool(false);
        row[c.Column("convalidated")] = V.Bool(validated);
        row[c.Column("conrelid")] = V.Oid(relid);
        row[c.Column("contypid")] = V.Oid(0);
        row[c.Column("conindid")] = V.Oid(0);
        row[c.Column("conparentid")] = V.Oid(0);
        row[c.Column("confrelid")] = V.Oid(0);
        row[c.Column("confupdtype")] = V.Char(' ');
        row[c.Column("confdeltype")] = V.Char(' ');
        row[c.Column("confmatchtype")] = V.Char(' ');
        row[c.Column("conislocal")] = V.Bool(check.IsLocal);
        row[c.Column("coninhcount")] = V.Int4(check.InhCount);
        row[c.Column("connoinherit")] = V.Bool(false);
        row[c.Column("conbin")] = Datum.FromText(check.Expr, TypeOid.PgNodeTree);
        CatalogIO.Insert(c, cs.DatabaseOid, cs, row);
    }

    /// <summary>Drops a relation: its catalog rows now, its file at commit.</summary>
    public static void Drop(CatalogSession cs, Relation rel)
    {
        if (!Dependency.BeforeDrop(cs, rel))
        {
            return;
        }
        uint oid = rel.Oid;
        DeleteWhere(cs, SystemCatalogs.PgClass, r => V.AsOid(r[0]) == oid);
        DeleteWhere(cs, SystemCatalogs.PgType, r => V.AsOid(r[SystemCatalogs.PgType.Column("typrelid")]) == oid);
        DeleteWhere(cs, SystemCatalogs.PgAttribute, r => V.AsOid(r[0]) == oid);
        DeleteWhere(cs, SystemCatalogs.PgAttrdef, r => V.AsOid(r[1]) == oid);
        var constraints = cs.Scan(SystemCatalogs.PgConstraint,
            r => V.AsOid(r[SystemCatalogs.PgConstraint.Column("conrelid")]) == oid).Select(r => V.AsOid(r.Values[0])).ToHashSet();
        DeleteWhere(cs, SystemCatalogs.PgConstraint, r => constraints.Contains(V.AsOid(r[0])));
        DeleteWhere(cs, SystemCatalogs.PgDescription, r => V.AsOid(r[0]) == oid || constraints.Contains(V.AsOid(r[0])));
        DeleteWhere(cs, SystemCatalogs.PgInherits, r => V.AsOid(r[0]) == oid || V.AsOid(r[1]) == oid);
        if (rel.Kind == RelKind.View)
        {
            ViewRules.Delete(cs, oid);
        }
        if (rel.Kind is RelKind.Table or RelKind.Sequence or RelKind.MatView)
        {
            cs.ScheduleDrop(rel.Locator);
        }
    }

    /// <summary>
    /// TRUNCATE (ExecuteTruncate with a new relfilenode): the relation gets a new, empty file in this transaction;
    /// the old file goes at commit, the new one at abort, so a rolled-back TRUNCATE loses nothing.
    /// </summary>
    public static void SetNewRelfilenode(CatalogSession cs, Relation rel)
    {
        NewRelfilenode(cs, rel);
        cs.ScheduleDrop(rel.Locator);
    }

    /// <summary>
    /// A new, empty file for the relation, made by this transaction (removed if it aborts) and recorded in pg_class;
    /// the caller schedules the drop of the old one once it no longer reads it (ALTER TABLE's rewrite copies first).
    /// </summary>
    public static void NewRelfilenode(CatalogSession cs, Relation rel)
    {
        ArgumentNullException.ThrowIfNull(cs);
        ArgumentNullException.ThrowIfNull(rel);
        var c = SystemCatalogs.PgClass;
        var row = cs.Scan(c, r => V.AsOid(r[0]) == rel.Oid).Single();
        uint fileNode = VarSup.GetNewObjectId();
        var values = (Datum[])row.Values.Clone();
        values[c.Column("relfilenode")] = V.Oid(fileNode);
        CatalogIO.Update(c, cs.DatabaseOid, cs, row.Tid, values);
        var locator = rel.Locator with { RelNumber = fileNode };
        HeapRelation.Create(locator);
        cs.ScheduleCreate(locator);
    }

    /// <summary>Records a relation's size estimates (pg_class.relpages, reltuples), as VACUUM and ANALYZE do.</summary>
    public static void SetSizeEstimates(CatalogSession cs, Relation rel, int pages, long tuples)
    {
        var c = SystemCatalogs.PgClass;
        var row = cs.Scan(c, r => V.AsOid(r[0]) == rel.Oid).Single();
        var values = (Datum[])row.Values.Clone();
        values[c.Column("relpages")] = V.Int4(pages);
        values[c.Column("reltuples")] = V.Float4(tuples);
        CatalogIO.Update(c, cs.DatabaseOid, cs, row.Tid, values);
    }

    /// <summary>Deletes every visible row of <paramref name="def"/> (of this database, or a shared one) that matches.</summary>
    public static int DeleteWhere(CatalogSession cs, CatalogDef def, Func<Datum[], bool> match)
    {
        var rows = cs.Scan(def, match);
        foreach (var r in rows)
        {
            CatalogIO.Delete(def, cs.DatabaseOid, cs, r.Tid);
        }
        return rows.Count;
    }
}
