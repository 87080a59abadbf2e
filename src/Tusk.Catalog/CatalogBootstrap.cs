// Bootstrap (bootstrap.c + genbki's initial contents): writes the catalogs of the template database, each
// describing itself. Runs once, at initdb, in a process with storage attached and WAL open; every row is inserted
// by the frozen transaction id, so it is visible to all without a commit record. The other databases initdb
// makes are file copies of this one.
// Entry point: CatalogBootstrap.CreateTemplate.
using Tusk.Access.Heap;
using Tusk.Common.Types;

namespace Tusk.Catalog;

public static class CatalogBootstrap
{
    static uint _nextOid = CatalogOids.FirstBootstrapObjectId;

    /// <summary>
    /// The next OID for an object made at bootstrap (FirstBootstrapObjectId and up): catalog row types here, then the
    /// built-in functions' and operators' rows that the executor adds (BuiltinCatalogRows).
    /// </summary>
    public static uint NextOid() => _nextOid++;

    /// <summary>Creates and fills every per-database catalog of database <paramref name="dbOid"/>.</summary>
    public static void CreateTemplate(uint dbOid)
    {
        foreach (var def in SystemCatalogs.All)
        {
            HeapRelation.Create(def.Locator(dbOid));
        }
        _nextOid = CatalogOids.FirstBootstrapObjectId;
        void Put(CatalogDef def, Datum[] row) => CatalogIO.InsertFrozen(def, dbOid, row);

        // The schema ACLs initdb gives: the owner may use and create, everyone may use.
        static Datum SchemaAcl(uint owner) => AclItemIO.Encode([new(owner, owner, AclItemIO.AllOnSchema),
            new(0, owner, AclItemIO.Usage)]);
        Put(SystemCatalogs.PgNamespace, [V.Oid(CatalogOids.PgCatalogNamespace), V.Name("pg_catalog"),
            V.Oid(CatalogOids.BootstrapSuperuser), SchemaAcl(CatalogOids.BootstrapSuperuser)]);
        Put(SystemCatalogs.PgNamespace, [V.Oid(CatalogOids.PgToastNamespace), V.Name("pg_toast"),
            V.Oid(CatalogOids.BootstrapSuperuser), V.Null(TypeOid.AclItemArray)]);
        Put(SystemCatalogs.PgNamespace, [V.Oid(CatalogOids.PublicNamespace), V.Name("public"),
            V.Oid(CatalogOids.PgDatabaseOwner), SchemaAcl(CatalogOids.PgDatabaseOwner)]);
        foreach (var (schema, comment) in new (uint, string)[]
        {
            (CatalogOids.PgCatalogNamespace, "system catalog schema"),
            (CatalogOids.PgToastNamespace, "reserved schema for TOAST tables"),
            (CatalogOids.PublicNamespace, "standard public schema"),
        })
        {
            Put(SystemCatalogs.PgDescription, [V.Oid(schema), V.Oid(SystemCatalogs.PgNamespace.Oid), V.Int4(0), V.Text(comment)]);
        }

        foreach (var (oid, name, type) in new (uint, string, char)[]
        {
            (CatalogOids.HeapAm, "heap", 't'), (CatalogOids.BtreeAm, "btree", 'i'), (CatalogOids.HashAm, "hash", 'i'),
            (783, "gist", 'i'), (2742, "gin", 'i'), (4000, "spgist", 'i'), (3580, "brin", 'i'),
        })
        {
            Put(SystemCatalogs.PgAm, [V.Oid(oid), V.Name(name), V.Regproc(0), V.Char(type)]);
        }

        const uint ns = CatalogOids.PgCatalogNamespace;
        foreach (var t in BuiltinTypes.All)
        {
            Put(SystemCatalogs.PgType, CatalogRows.Type(t.Oid, t.Name, ns, t.Len, t.ByVal, t.Type, t.Category,
                t.Preferred, 0, t.Elem, t.Array, t.Align, t.Storage));
            if (t.Array != 0)
            {
                Put(SystemCatalogs.PgType, CatalogRows.Type(t.Array, BuiltinTypes.ArrayName(t), ns, -1, false, 'b',
                    'A', false, 0, t.Oid, 0, t.Align == 'd' ? 'd' : 'i', 'x'));
            }
        }

        // pg_range of the built-in range types: subtype, multirange type, default btree opclass of the subtype.
        foreach (var (oid, multi) in new (uint, uint)[]
        {
            (TypeOid.Int4Range, 4451), (TypeOid.NumRange, 4532), (TypeOid.TsRange, 4533), (TypeOid.TstzRange, 4534),
            (TypeOid.DateRange, 4535), (TypeOid.Int8Range, 4536),
        })
        {
            uint sub = RangeIO.SubtypeOf(oid);
            Put(SystemCatalogs.PgRange, [V.Oid(oid), V.Oid(sub), V.Oid(multi), V.Oid(0),
                V.Oid(BuiltinTypes.DefaultBtreeOpclass(sub)), V.Regproc(0), V.Regproc(0)]);
        }

        foreach (var def in SystemCatalogs.All.Concat(SystemCatalogs.Shared))
        {
            uint rowType = def.RowType != 0 ? def.RowType : NextOid();
            Put(SystemCatalogs.PgType, CatalogRows.RowType(rowType, def.Name, ns, def.Oid));
            Put(SystemCatalogs.PgClass, CatalogRows.Class(def.Oid, def.Name, ns, rowType,
                CatalogOids.BootstrapSuperuser, RelKind.Table, def.Columns.Length, def.Oid, def.Shared));
            for (int i = 0; i < def.Columns.Length; i++)
            {
                var (name, type) = def.Columns[i];
                Put(SystemCatalogs.PgAttribute, CatalogRows.Attribute(def.Oid, name, type, -1, i + 1,
                    notNull: def.Desc[i].Len > 0, hasDefault: false));
            }
            foreach (var sys in CatalogRows.SystemAttributes(def.Oid))
            {
                Put(SystemCatalogs.PgAttribute, sys);
            }
        }
    }
}
