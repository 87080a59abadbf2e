// The catalog side of ALTER TABLE (tablecmds.c's ATExec* catalog updates, heap.c's RemoveAttributeById):
// columns added at the end (attnum = relnatts + 1, relnatts counts dropped columns too), columns dropped in place
// (attisdropped, renamed "........pg.dropped.N........", atttypid 0; attlen/attalign stay so old rows still
// deform), renames, defaults, NOT NULL, column types, CHECK constraints (relchecks kept equal to their count),
// schema and owner changes. Every change is a new row version of the current transaction (CatalogIO), so it rolls
// back with it, and marks the catalog changed (caches cleared now, other backends told at commit).
// Data changes that go with these (rewrites, verification scans) are the executor's (AlterTableCommands).
// Entry points: AddColumn, DropColumn, RenameColumn, SetColumnDefault, SetColumnNotNull, SetColumnType,
// RenameRelation, SetRelationNamespace, SetRelationOwner, DropCheck, RenameConstraint, SetCheckExpr.
using Tusk.Common.Types;
using Tusk.Storage.Transam;

namespace Tusk.Catalog;

public static partial class HeapCatalog
{
    /// <summary>The name a dropped column goes by (RemoveAttributeById).</summary>
    public static string DroppedColumnName(int attnum) => $"........pg.dropped.{attnum}........";

    /// <summary>
    /// The type a relation descriptor gives a column: atttypid, or for a dropped column (atttypid 0) a built-in
    /// type with the same attlen and attalign, so the row format still steps over the bytes old rows hold.
    /// </summary>
    public static uint StoredColumnType(Datum[] attRow)
    {
        ArgumentNullException.ThrowIfNull(attRow);
        var a = SystemCatalogs.PgAttribute;
        uint type = V.AsOid(attRow[a.Column("atttypid")]);
        if (type != 0)
        {
            return type;
        }
        int len = V.AsInt(attRow[a.Column("attlen")]);
        char align = V.AsChar(attRow[a.Column("attalign")]);
        foreach (uint candidate in DroppedStandIns)
        {
            var s = TypeStorage.For(candidate);
            if (s.Len == len && "csid"[System.Numerics.BitOperations.Log2(s.Align)] == align)
            {
                return candidate;
            }
        }
        return TypeOid.Text;
    }

    static readonly uint[] DroppedStandIns =
    [
        TypeOid.Char, TypeOid.Int2, TypeOid.Int4, TypeOid.Int8, TypeOid.Text, TypeOid.Int8Array, TypeOid.Interval,
        TypeOid.TimeTz, TypeOid.Uuid, TypeOid.Name,
    ];

    /// <summary>ADD COLUMN: a pg_attribute row after the last one (and its default); returns its attnum.</summary>
    public static int AddColumn(CatalogSession cs, Relation rel, ColumnSpec col)
    {
        ArgumentNullException.ThrowIfNull(cs);
        ArgumentNullException.ThrowIfNull(rel);
        ArgumentNullException.ThrowIfNull(col);
        int attnum = rel.Columns.Length + 1;
        CatalogIO.Insert(SystemCatalogs.PgAttribute, cs.DatabaseOid, cs, CatalogRows.Attribute(rel.Oid, col.Name,
            col.Type, col.TypMod, attnum, col.NotNull, col.Default != null, col.Identity));
        if (col.Default != null)
        {
            InsertDefault(cs, rel.Oid, attnum, col.Default);
        }
        UpdateClass(cs, rel.Oid, (c, v) => v[c.Column("relnatts")] = V.Int2(attnum));
        return attnum;
    }

    /// <summary>
    /// DROP COLUMN: the attribute stays (old rows keep its bytes) but is marked dropped and renamed; its default,
    /// comment and the sequences it owns (serial, identity) go.
    /// </summary>
    public static void DropColumn(CatalogSession cs, Relation rel, int attnum)
    {
        ArgumentNullException.ThrowIfNull(rel);
        Dependency.DropOwnedSequences(cs, rel.Oid, attnum);
        UpdateAttribute(cs, rel.Oid, attnum, (a, v) =>
        {
            v[a.Column("attname")] = V.Name(DroppedColumnName(attnum));
            v[a.Column("atttypid")] = V.Oid(0);
            v[a.Column("attstattarget")] = V.Int4(0);
            v[a.Column("attnotnull")] = V.Bool(false);
            v[a.Column("atthasdef")] = V.Bool(false);
            v[a.Column("atthasmissing")] = V.Bool(false);
            v[a.Column("attidentity")] = V.Char('\0');
            v[a.Column("attgenerated")] = V.Char('\0');
            v[a.Column("attisdropped")] = V.Bool(true);
            v[a.Column("attcollation")] = V.Oid(0);
        });
        DeleteDefault(cs, rel.Oid, attnum);
        Descriptions.Delete(cs, rel.Oid, SystemCatalogs.PgClass.Oid, attnum);
    }

    /// <summary>RENAME COLUMN (the caller checked the new name is free).</summary>
    public static void RenameColumn(CatalogSession cs, Relation rel, int attnum, string newName)
    {
        ArgumentNullException.ThrowIfNull(rel);
        UpdateAttribute(cs, rel.Oid, attnum, (a, v) => v[a.Column("attname")] = V.Name(newName));
    }

    /// <summary>
    /// SET DEFAULT expr (its SQL text) or DROP DEFAULT (null): pg_attrdef and atthasdef; the old default's pg_depend
    /// rows go with it (the caller records the new one's).
    /// </summary>
    public static void SetColumnDefault(CatalogSession cs, Relation rel, int attnum, string? expr)
    {
        ArgumentNullException.ThrowIfNull(rel);
        DeleteDefault(cs, rel.Oid, attnum);
        if (expr != null)
        {
            InsertDefault(cs, rel.Oid, attnum, expr);
        }
        UpdateAttribute(cs, rel.Oid, attnum, (a, v) => v[a.Column("atthasdef")] = V.Bool(expr != null));
    }

    /// <summary>SET NOT NULL / DROP NOT NULL (attnotnull; the caller verifies existing rows).</summary>
    public static void SetColumnNotNull(CatalogSession cs, Relation rel, int attnum, bool notNull)
    {
        ArgumentNullException.ThrowIfNull(rel);
        UpdateAttribute(cs, rel.Oid, attnum, (a, v) => v[a.Column("attnotnull")] = V.Bool(notNull));
    }

    /// <summary>ALTER COLUMN TYPE: the type and the storage facts that follow from it (the caller rewrites).</summary>
    public static void SetColumnType(CatalogSession cs, Relation rel, int attnum, uint type, int typmod)
    {
        ArgumentNullException.ThrowIfNull(rel);
        var fresh = CatalogRows.Attribute(rel.Oid, "", type, typmod, attnum, false, false);
        UpdateAttribute(cs, rel.Oid, attnum, (a, v) =>
        {
            foreach (string col in (string[])["atttypid", "attlen", "atttypmod", "attbyval", "attalign", "attstorage",
                         "attcollation"])
            {
                v[a.Column(col)] = fresh[a.Column(col)];
            }
        });
    }

    /// <summary>RENAME TO: pg_class.relname and the name of the relation's row type.</summary>
    public static void RenameRelation(CatalogSession cs, Relation rel, string newName)
    {
        ArgumentNullException.ThrowIfNull(rel);
        UpdateClass(cs, rel.Oid, (c, v) => v[c.Column("relname")] = V.Name(newName));
        UpdateRowType(cs, rel.Oid, (t, v) => v[t.Column("typname")] = V.Name(newName));
    }

    /// <summary>SET SCHEMA: the relation, its row type and its constraints move to <paramref name="ns"/>.</summary>
    public static void SetRelationNamespace(CatalogSession cs, Relation rel, uint ns)
    {
        ArgumentNullException.ThrowIfNull(rel);
        UpdateClass(cs, rel.Oid, (c, v) => v[c.Column("relnamespace")] = V.Oid(ns));
        UpdateRowType(cs, rel.Oid, (t, v) => v[t.Column("typnamespace")] = V.Oid(ns));
        var k = SystemCatalogs.PgConstraint;
        foreach (var row in cs.Scan(k, r => V.AsOid(r[k.Column("conrelid")]) == rel.Oid))
        {
            UpdateRow(cs, k, row, (_, v) => v[k.Column("connamespace")] = V.Oid(ns));
        }
    }

    /// <summary>OWNER TO: pg_class.relowner and the row type's owner.</summary>
    public static void SetRelationOwner(CatalogSession cs, Relation rel, uint owner)
    {
        ArgumentNullException.ThrowIfNull(rel);
        UpdateClass(cs, rel.Oid, (c, v) => v[c.Column("relowner")] = V.Oid(owner));
        UpdateRowType(cs, rel.Oid, (t, v) => v[t.Column("typowner")] = V.Oid(owner));
    }

    /// <summary>The owner of a relation (pg_class.relowner).</summary>
    public static uint RelationOwner(CatalogSession cs, uint relid)
    {
        var c = SystemCatalogs.PgClass;
        return V.AsOid(ClassRow(cs, relid).Values[c.Column("relowner")]);
    }

    /// <summary>ADD CONSTRAINT ... CHECK: the pg_constraint row, relchecks counted again.</summary>
    public static void AddCheckConstraint(CatalogSession cs, Relation rel, CheckSpec check, bool validated)
    {
        ArgumentNullException.ThrowIfNull(rel);
        AddCheck(cs, rel.Oid, rel.NamespaceOid, check, validated);
        CountChecks(cs, rel.Oid);
    }

    /// <summary>DROP CONSTRAINT: removes the named constraint of the relation; false when there is none.</summary>
    public static bool DropConstraint(CatalogSession cs, Relation rel, string name)
    {
        ArgumentNullException.ThrowIfNull(rel);
        var k = SystemCatalogs.PgConstraint;
        var rows = ConstraintRows(cs, rel.Oid, name);
        foreach (var row in rows)
        {
            Descriptions.Delete(cs, V.AsOid(row.Values[0]), k.Oid, 0);
            CatalogIO.Delete(k, cs.DatabaseOid, cs, row.Tid);
        }
        CountChecks(cs, rel.Oid);
        return rows.Count > 0;
    }

    /// <summary>RENAME CONSTRAINT old TO new; false when the relation has no constraint <paramref name="name"/>.</summary>
    public static bool RenameConstraint(CatalogSession cs, Relation rel, string name, string newName) =>
        UpdateConstraint(cs, rel, name, (k, v) => v[k.Column("conname")] = V.Name(newName));

    /// <summary>Replaces a CHECK constraint's stored expression text (after a column rename).</summary>
    public static void SetCheckExpr(CatalogSession cs, Relation rel, string name, string expr) =>
        UpdateConstraint(cs, rel, name, (k, v) => v[k.Column("conbin")] = Datum.FromText(expr, TypeOid.PgNodeTree));

    /// <summary>The OID of the relation's constraint <paramref name="name"/>, or 0.</summary>
    public static uint ConstraintOid(CatalogSession cs, uint relid, string name)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var rows = ConstraintRows(cs, relid, name);
        return rows.Count > 0 ? V.AsOid(rows[0].Values[0]) : 0;
    }

    /// <summary>True if any constraint in schema <paramref name="ns"/> is named <paramref name="name"/>.</summary>
    public static bool ConstraintNameUsed(CatalogSession cs, uint ns, string name)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var k = SystemCatalogs.PgConstraint;
        return cs.Scan(k, r => V.AsOid(r[k.Column("connamespace")]) == ns && V.AsString(r[k.Column("conname")]) == name)
            .Count > 0;
    }

    // ---- row updates ---------------------------------------------------------------------------------------------

    static void InsertDefault(CatalogSession cs, uint relid, int attnum, string expr) =>
        CatalogIO.Insert(SystemCatalogs.PgAttrdef, cs.DatabaseOid, cs,
            [V.Oid(VarSup.GetNewObjectId()), V.Oid(relid), V.Int2(attnum), Datum.FromText(expr, TypeOid.PgNodeTree)]);

    /// <summary>RemoveAttrDefault: a column's pg_attrdef row and what it depends on (pg_depend).</summary>
    static void DeleteDefault(CatalogSession cs, uint relid, int attnum)
    {
        var d = SystemCatalogs.PgAttrdef;
        foreach (var row in cs.Scan(d, r => V.AsOid(r[1]) == relid && V.AsInt(r[2]) == attnum))
        {
            Dependency.DeleteFor(cs, d.Oid, V.AsOid(row.Values[0]));
            CatalogIO.Delete(d, cs.DatabaseOid, cs, row.Tid);
        }
    }

    static CatalogRow ClassRow(CatalogSession cs, uint relid) =>
        cs.Scan(SystemCatalogs.PgClass, r => V.AsOid(r[0]) == relid).Single();

    /// <summary>Writes a new version of a relation's pg_class row, changed by <paramref name="change"/>.</summary>
    static void UpdateClass(CatalogSession cs, uint relid, Action<CatalogDef, Datum[]> change) =>
        UpdateRow(cs, SystemCatalogs.PgClass, ClassRow(cs, relid), change);

    static void UpdateAttribute(CatalogSession cs, uint relid, int attnum, Action<CatalogDef, Datum[]> change)
    {
        var a = SystemCatalogs.PgAttribute;
        int relCol = a.Column("attrelid"), numCol = a.Column("attnum");
        var row = cs.Scan(a, r => V.AsOid(r[relCol]) == relid && V.AsInt(r[numCol]) == attnum).Single();
        UpdateRow(cs, a, row, change);
    }

    static void UpdateRowType(CatalogSession cs, uint relid, Action<CatalogDef, Datum[]> change)
    {
        var t = SystemCatalogs.PgType;
        foreach (var row in cs.Scan(t, r => V.AsOid(r[t.Column("typrelid")]) == relid))
        {
            UpdateRow(cs, t, row, change);
        }
    }

    static bool UpdateConstraint(CatalogSession cs, Relation rel, string name, Action<CatalogDef, Datum[]> change)
    {
        ArgumentNullException.ThrowIfNull(rel);
        var rows = ConstraintRows(cs, rel.Oid, name);
        foreach (var row in rows)
        {
            UpdateRow(cs, SystemCatalogs.PgConstraint, row, change);
        }
        return rows.Count > 0;
    }

    /// <summary>The pg_constraint rows of relation <paramref name="relid"/> named <paramref name="name"/>.</summary>
    static List<CatalogRow> ConstraintRows(CatalogSession cs, uint relid, string name)
    {
        var k = SystemCatalogs.PgConstraint;
        int relCol = k.Column("conrelid"), nameCol = k.Column("conname");
        return cs.Scan(k, r => V.AsOid(r[relCol]) == relid && V.AsString(r[nameCol]) == name);
    }

    static void UpdateRow(CatalogSession cs, CatalogDef def, CatalogRow row, Action<CatalogDef, Datum[]> change)
    {
        var values = (Datum[])row.Values.Clone();
        change(def, values);
        CatalogIO.Update(def, cs.DatabaseOid, cs, row.Tid, values);
    }

    /// <summary>pg_class.relchecks = the number of the relation's CHECK constraints.</summary>
    static void CountChecks(CatalogSession cs, uint relid)
    {
        var k = SystemCatalogs.PgConstraint;
        int n = cs.Scan(k, r => V.AsOid(r[k.Column("conrelid")]) == relid && V.AsChar(r[k.Column("contype")]) == 'c').Count;
        var c = SystemCatalogs.PgClass;
        var row = ClassRow(cs, relid);
        if (V.AsInt(row.Values[c.Column("relchecks")]) != n)
        {
            UpdateRow(cs, c, row, (_, v) => v[c.Column("relchecks")] = V.Int2(n));
        }
    }
}
