// Builders of pg_class, pg_attribute and pg_type rows, shared by bootstrap (the catalogs describing themselves)
// and by DDL (user tables). Column values follow PostgreSQL 15's defaults for a plain heap table.
// Entry points: CatalogRows.Class, CatalogRows.Attribute, CatalogRows.SystemAttributes, CatalogRows.Type.
using Tusk.Common.Types;

namespace Tusk.Catalog;

public static class CatalogRows
{
    /// <summary>A pg_class row.</summary>
    public static Datum[] Class(uint oid, string name, uint ns, uint rowType, uint owner, char kind, int natts,
        uint relFileNode, bool shared, uint am = CatalogOids.HeapAm, int checks = 0, char persistence = 'p') =>
    [
        V.Oid(oid), V.Name(name), V.Oid(ns), V.Oid(rowType), V.Oid(0), V.Oid(owner),
        V.Oid(kind is RelKind.Table or RelKind.MatView ? am : 0), V.Oid(relFileNode), V.Oid(0),
        V.Int4(0), V.Float4(-1), V.Int4(0), V.Oid(0), V.Bool(false), V.Bool(shared), V.Char(persistence), V.Char(kind),
        V.Int2(natts), V.Int2(checks), V.Bool(kind == RelKind.View), V.Bool(false), V.Bool(false), V.Bool(false), V.Bool(false),
        V.Bool(true), V.Char(kind == RelKind.Table ? 'd' : 'n'), V.Bool(false), V.Oid(0),
        V.Xid(kind is RelKind.Table or RelKind.MatView ? 3u : 0u), V.Xid(kind is RelKind.Table or RelKind.MatView ? 1u : 0u),
        V.Null(TypeOid.AclItemArray), V.Null(TypeOid.TextArray), V.Null(TypeOid.PgNodeTree),
    ];

    /// <summary>A pg_attribute row of a user column.</summary>
    public static Datum[] Attribute(uint relid, string name, uint type, int typmod, int attnum, bool notNull,
        bool hasDefault, char identity = '\0', int inhCount = 0, bool isLocal = true)
    {
        var s = TypeStorage.TryGet(type, out var st) ? st : new TypeStorage(-1, false, 4);
        char storage = Array.Find(BuiltinTypes.All, t => t.Oid == type)?.Storage ?? (s.Len == -1 ? 'x' : 'p');
        var row = Row(relid, name, type, typmod, attnum, s.Len, s.ByVal, AlignChar(s.Align), storage, notNull, hasDefault,
            identity, 0);
        row[SystemCatalogs.PgAttribute.Column("attislocal")] = V.Bool(isLocal);
        row[SystemCatalogs.PgAttribute.Column("attinhcount")] = V.Int4(inhCount);
        return row;
    }

    static char AlignChar(byte align) => align switch { 1 => 'c', 2 => 's', 4 => 'i', _ => 'd' };

    static Datum[] Row(uint relid, string name, uint type, int typmod, int attnum, short len, bool byval, char align,
        char storage, bool notNull, bool hasDefault, char identity, uint collation) =>
    [
        V.Oid(relid), V.Name(name), V.Oid(type), V.Int4(-1), V.Int2(len), V.Int2(attnum), V.Int4(0), V.Int4(-1),
        V.Int4(typmod), V.Bool(byval), V.Char(align), V.Char(storage), V.Char('\0'), V.Bool(notNull),
        V.Bool(hasDefault), V.Bool(false), V.Char(identity), V.Char('\0'), V.Bool(false), V.Bool(true), V.Int4(0),
        V.Oid(collation), V.Null(TypeOid.AclItemArray), V.Null(TypeOid.TextArray), V.Null(TypeOid.TextArray),
        V.Null(TypeOid.AnyArray),
    ];

    /// <summary>The system columns every heap table has (ctid, xmin, cmin, xmax, cmax, tableoid).</summary>
    public static IEnumerable<Datum[]> SystemAttributes(uint relid)
    {
        yield return Row(relid, "tableoid", TypeOid.Oid, -1, -6, 4, true, 'i', 'p', true, false, '\0', 0);
        yield return Row(relid, "cmax", TypeOid.Cid, -1, -5, 4, true, 'i', 'p', true, false, '\0', 0);
        yield return Row(relid, "xmax", TypeOid.Xid, -1, -4, 4, true, 'i', 'p', true, false, '\0', 0);
        yield return Row(relid, "cmin", TypeOid.Cid, -1, -3, 4, true, 'i', 'p', true, false, '\0', 0);
        yield return Row(relid, "xmin", TypeOid.Xid, -1, -2, 4, true, 'i', 'p', true, false, '\0', 0);
        yield return Row(relid, "ctid", TypeOid.Tid, -1, -1, 6, false, 's', 'p', true, false, '\0', 0);
    }

    /// <summary>A pg_type row.</summary>
    public static Datum[] Type(uint oid, string name, uint ns, short len, bool byval, char typtype, char category,
        bool preferred, uint relid, uint elem, uint array, char align, char storage) =>
    [
        V.Oid(oid), V.Name(name), V.Oid(ns), V.Oid(CatalogOids.BootstrapSuperuser), V.Int2(len), V.Bool(byval),
        V.Char(typtype), V.Char(category), V.Bool(preferred), V.Bool(true), V.Char(','), V.Oid(relid),
        V.Regproc(0), V.Oid(elem), V.Oid(array), V.Regproc(0), V.Regproc(0), V.Regproc(0), V.Regproc(0),
        V.Regproc(0), V.Regproc(0), V.Regproc(0), V.Char(align), V.Char(storage), V.Bool(false), V.Oid(0),
        V.Int4(-1), V.Int4(0), V.Oid(category == 'S' && oid != TypeOid.Name ? 100u : 0u),
        V.Null(TypeOid.PgNodeTree), V.Null(TypeOid.Text), V.Null(TypeOid.AclItemArray),
    ];

    /// <summary>The composite type of a relation's rows (typtype 'c').</summary>
    public static Datum[] RowType(uint oid, string name, uint ns, uint relid) =>
        Type(oid, name, ns, -1, false, 'c', 'C', false, relid, 0, 0, 'd', 'x');
}
