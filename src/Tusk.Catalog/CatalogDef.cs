// The definition of one system catalog (the CATALOG(...) declarations of PostgreSQL's catalog/pg_*.h): its fixed
// OID (also its relfilenode), name, whether it is shared by all databases (stored under global/), its row type and
// its columns in PostgreSQL 15's order and types. Immutable. Entry points: CatalogDef.Desc, CatalogDef.Column,
// CatalogDef.Locator.
using Tusk.Access.Common;
using Tusk.Storage.Smgr;

namespace Tusk.Catalog;

/// <summary>A system catalog: fixed OID, name, columns.</summary>
public sealed class CatalogDef
{
    readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

    public CatalogDef(uint oid, string name, bool shared, uint rowType, (string Name, uint Type)[] columns)
    {
        Oid = oid;
        Name = name;
        Shared = shared;
        RowType = rowType;
        Columns = columns;
        for (int i = 0; i < columns.Length; i++)
        {
            _byName[columns[i].Name] = i;
        }
        Desc = TupleDesc.Create(Array.ConvertAll(columns, c => (c.Name, c.Type, -1)));
    }

    public uint Oid { get; }

    public string Name { get; }

    /// <summary>Stored once for the cluster (global/), not per database.</summary>
    public bool Shared { get; }

    /// <summary>The composite type of its rows (pg_class.reltype), 0 when it has none.</summary>
    public uint RowType { get; }

    public (string Name, uint Type)[] Columns { get; }

    /// <summary>The row format of the catalog.</summary>
    public TupleDesc Desc { get; }

    /// <summary>0-based position of a column.</summary>
    public int Column(string name) => _byName[name];

    /// <summary>Where the catalog of database <paramref name="dbOid"/> is stored (relfilenode = OID).</summary>
    public RelFileLocator Locator(uint dbOid) => Shared
        ? new RelFileLocator(RelFileLocator.GlobalTablespace, 0, Oid)
        : new RelFileLocator(RelFileLocator.DefaultTablespace, dbOid, Oid);
}
