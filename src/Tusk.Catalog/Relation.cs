// A relation as a backend knows it (relcache.c's RelationData): its pg_class facts, its columns from
// pg_attribute (with defaults from pg_attrdef), the row format built from them, and its storage. Built by
// CatalogSession from the catalogs, cached until an invalidation; immutable.
// Entry points: Relation.Desc, Relation.Heap, Relation.ColumnIndex.
using Tusk.Access.Common;
using Tusk.Access.Heap;
using Tusk.Storage.Smgr;

namespace Tusk.Catalog;

/// <summary>One column of a relation (pg_attribute with attnum > 0).</summary>
public sealed record RelColumn(int AttNum, string Name, uint Type, int TypMod, bool NotNull, bool IsDropped,
    string? Default, char Identity = '\0');

/// <summary>pg_class.relkind values.</summary>
public static class RelKind
{
    public const char Table = 'r';
    public const char Index = 'i';
    public const char Sequence = 'S';
    public const char View = 'v';
    public const char MatView = 'm';
    public const char Composite = 'c';
}

/// <summary>A relation's descriptor.</summary>
public sealed class Relation
{
    HeapRelation? _heap;

    public Relation(uint oid, string name, uint namespaceOid, string namespaceName, char kind, uint relFileNode,
        uint dbOid, bool shared, RelColumn[] columns, CheckSpec[]? checks = null)
    {
        Checks = checks ?? [];
        Oid = oid;
        Name = name;
        NamespaceOid = namespaceOid;
        NamespaceName = namespaceName;
        Kind = kind;
        Locator = shared
            ? new RelFileLocator(RelFileLocator.GlobalTablespace, 0, relFileNode)
            : new RelFileLocator(RelFileLocator.DefaultTablespace, dbOid, relFileNode);
        Columns = columns;
        Desc = TupleDesc.Create(Array.ConvertAll(columns, c => (c.Name, c.Type, c.TypMod)),
            Array.ConvertAll(columns, c => c.NotNull));
        for (int i = 0; i < columns.Length; i++)
        {
            if (columns[i].IsDropped)
            {
                Desc = Desc.DropColumn(i);
            }
        }
    }

    public uint Oid { get; }

    public string Name { get; }

    public uint NamespaceOid { get; }

    public string NamespaceName { get; }

    /// <summary>pg_class.relkind (see <see cref="RelKind"/>).</summary>
    public char Kind { get; }

    public RelFileLocator Locator { get; }

    /// <summary>Columns in attnum order, dropped ones included (their slot stays in the row format).</summary>
    public RelColumn[] Columns { get; }

    public TupleDesc Desc { get; }

    /// <summary>CHECK constraints (pg_constraint contype 'c'): name and expression text.</summary>
    public CheckSpec[] Checks { get; }

    /// <summary>pg_class.relpersistence: 'p' permanent, 't' temporary (in a pg_temp_N schema), 'u' unlogged.</summary>
    public char Persistence { get; init; } = 'p';

    /// <summary>A view's query as SQL text (its pg_rewrite "_RETURN" rule); null for other relations.</summary>
    public string? ViewQuery { get; init; }

    /// <summary>The heap storage (opened on first use).</summary>
    public HeapRelation Heap => _heap ??= HeapRelation.Open(Locator);

    /// <summary>A relation made by bootstrap (a system catalog): DML and DROP on it are refused.</summary>
    public bool IsSystem => Oid < Tusk.Storage.Transam.VarSup.FirstNormalObjectId;

    /// <summary>0-based index of a live column by name, or -1.</summary>
    public int ColumnIndex(string name)
    {
        for (int i = 0; i < Columns.Length; i++)
        {
            if (!Columns[i].IsDropped && Columns[i].Name == name)
            {
                return i;
            }
        }
        return -1;
    }
}
