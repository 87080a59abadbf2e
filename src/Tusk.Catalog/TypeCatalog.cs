// Creating and dropping catalog-defined types (pg_type.c TypeCreate / makeArrayTypeName, pg_enum.c, pg_range.c):
// a pg_type row owned by the creating role with its array type ("_name", typelem = the type, category A), the
// pg_enum labels of an enum, the pg_range row of a range. Dropping removes the type, its array type and those rows;
// the caller checks dependencies first. Entry points: TypeCatalog.Create, AddEnumLabel, AddRange, Drop.
using Tusk.Storage.Transam;

namespace Tusk.Catalog;

public static class TypeCatalog
{
    /// <summary>Creates a type and its array type; returns the type's OID.</summary>
    public static uint Create(CatalogSession cs, uint ns, string name, uint owner, short len, bool byval, char typtype,
        char category, char align, char storage, uint collation = 0)
    {
        ArgumentNullException.ThrowIfNull(cs);
        uint oid = VarSup.GetNewObjectId();
        uint array = VarSup.GetNewObjectId();
        var row = CatalogRows.Type(oid, name, ns, len, byval, typtype, category, false, 0, 0, array, align, storage);
        var d = SystemCatalogs.PgType;
        row[d.Column("typowner")] = V.Oid(owner);
        row[d.Column("typcollation")] = V.Oid(collation);
        CatalogIO.Insert(d, cs.DatabaseOid, cs, row);
        var arr = CatalogRows.Type(array, ArrayName(cs, ns, name), ns, -1, false, 'b', 'A', false, 0, oid, 0,
            align == 'd' ? 'd' : 'i', 'x');
        arr[d.Column("typowner")] = V.Oid(owner);
        arr[d.Column("typcollation")] = V.Oid(collation);
        CatalogIO.Insert(d, cs.DatabaseOid, cs, arr);
        return oid;
    }

    /// <summary>makeArrayTypeName: "_name", with more leading underscores while that name is taken.</summary>
    static string ArrayName(CatalogSession cs, uint ns, string name)
    {
        string candidate = "_" + name;
        while (cs.TypeNameInNamespace(ns, Truncate(candidate)) != 0)
            candidate = "_" + candidate;
        return Truncate(candidate);
    }

    static string Truncate(string s) => System.Text.Encoding.UTF8.GetByteCount(s) <= 63 ? s : s[..63];

    /// <summary>A pg_enum row.</summary>
    public static void AddEnumLabel(CatalogSession cs, uint typeOid, float sortOrder, string label)
    {
        ArgumentNullException.ThrowIfNull(cs);
        CatalogIO.Insert(SystemCatalogs.PgEnum, cs.DatabaseOid, cs,
            [V.Oid(VarSup.GetNewObjectId()), V.Oid(typeOid), V.Float4(sortOrder), V.Name(label)]);
    }

    /// <summary>A pg_range row.</summary>
    public static void AddRange(CatalogSession cs, uint rangeType, uint subtype, uint multirange, uint collation,
        uint subOpclass, uint canonical, uint subDiff)
    {
        ArgumentNullException.ThrowIfNull(cs);
        CatalogIO.Insert(SystemCatalogs.PgRange, cs.DatabaseOid, cs,
        [
            V.Oid(rangeType), V.Oid(subtype), V.Oid(multirange), V.Oid(collation), V.Oid(subOpclass),
            V.Regproc(canonical), V.Regproc(subDiff),
        ]);
    }

    /// <summary>Removes a type with its array type, enum labels and range row.</summary>
    public static void Drop(CatalogSession cs, uint typeOid)
    {
        ArgumentNullException.ThrowIfNull(cs);
        int elem = SystemCatalogs.PgType.Column("typelem");
        HeapCatalog.DeleteWhere(cs, SystemCatalogs.PgType, r => V.AsOid(r[0]) == typeOid
            || (V.AsOid(r[elem]) == typeOid && V.AsChar(r[SystemCatalogs.PgType.Column("typcategory")]) == 'A'));
        HeapCatalog.DeleteWhere(cs, SystemCatalogs.PgEnum, r => V.AsOid(r[1]) == typeOid);
        HeapCatalog.DeleteWhere(cs, SystemCatalogs.PgRange, r => V.AsOid(r[0]) == typeOid);
    }
}
