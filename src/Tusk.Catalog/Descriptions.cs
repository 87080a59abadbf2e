// Comments on database objects (comment.c): pg_description holds (objoid, classoid, objsubid, description) for
// objects of one database (objsubid = attnum for a column, else 0); pg_shdescription holds (objoid, classoid,
// description) for shared objects (databases, roles). At most one row per object; an empty or NULL comment removes
// it. Dropping an object removes its comments (HeapCatalog.Drop, DropColumn, DROP SCHEMA / DATABASE).
// Entry points: Descriptions.Set, SetShared, Get, GetShared, Delete.

namespace Tusk.Catalog;

public static class Descriptions
{
    /// <summary>CreateComments: replaces the comment of an object of this database (null or "" removes it).</summary>
    public static void Set(CatalogSession cs, uint objoid, uint classoid, int objsubid, string? text)
    {
        ArgumentNullException.ThrowIfNull(cs);
        Delete(cs, objoid, classoid, objsubid);
        if (!string.IsNullOrEmpty(text))
        {
            CatalogIO.Insert(SystemCatalogs.PgDescription, cs.DatabaseOid, cs,
                [V.Oid(objoid), V.Oid(classoid), V.Int4(objsubid), V.Text(text)]);
        }
    }

    /// <summary>CreateSharedComments: replaces the comment of a shared object (database, role).</summary>
    public static void SetShared(CatalogSession cs, uint objoid, uint classoid, string? text)
    {
        ArgumentNullException.ThrowIfNull(cs);
        DeleteShared(cs, objoid, classoid);
        if (!string.IsNullOrEmpty(text))
        {
            CatalogIO.Insert(SystemCatalogs.PgShdescription, 0, cs, [V.Oid(objoid), V.Oid(classoid), V.Text(text)]);
        }
    }

    /// <summary>DeleteComments: the comment of one object (objsubid ≥ 0), or of it and all its columns (-1).</summary>
    public static void Delete(CatalogSession cs, uint objoid, uint classoid, int objsubid) =>
        HeapCatalog.DeleteWhere(cs, SystemCatalogs.PgDescription, r => V.AsOid(r[0]) == objoid
            && V.AsOid(r[1]) == classoid && (objsubid < 0 || V.AsInt(r[2]) == objsubid));

    /// <summary>DeleteSharedComments.</summary>
    public static void DeleteShared(CatalogSession cs, uint objoid, uint classoid) =>
        HeapCatalog.DeleteWhere(cs, SystemCatalogs.PgShdescription,
            r => V.AsOid(r[0]) == objoid && V.AsOid(r[1]) == classoid);

    /// <summary>The comment of an object, or null (obj_description, col_description); classoid 0 matches any.</summary>
    public static string? Get(CatalogSession cs, uint objoid, uint classoid, int objsubid)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var rows = cs.Scan(SystemCatalogs.PgDescription, r => V.AsOid(r[0]) == objoid
            && (classoid == 0 || V.AsOid(r[1]) == classoid) && V.AsInt(r[2]) == objsubid);
        return rows.Count > 0 ? V.AsString(rows[0].Values[3]) : null;
    }

    /// <summary>The comment of a shared object, or null (shobj_description).</summary>
    public static string? GetShared(CatalogSession cs, uint objoid, uint classoid)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var rows = cs.Scan(SystemCatalogs.PgShdescription, r => V.AsOid(r[0]) == objoid && V.AsOid(r[1]) == classoid);
        return rows.Count > 0 ? V.AsString(rows[0].Values[2]) : null;
    }

    /// <summary>The OID of a system catalog by name (what 'pg_class'::regclass gives), or 0.</summary>
    public static uint CatalogOid(string name) =>
        Array.Find(SystemCatalogs.All, c => c.Name == name)?.Oid
        ?? Array.Find(SystemCatalogs.Shared, c => c.Name == name)?.Oid
        ?? name switch
        {
            "pg_trigger" => 2620,
            "pg_extension" => 3079,
            _ => 0u,
        };
}
