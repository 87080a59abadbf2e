// A table read in FROM (the first executor's sequential scan): every version visible to the statement's
// snapshot, deformed and materialized into owned values (rows may outlive the scanned page: sorts, DISTINCT).
// Dropped columns are skipped; Columns carry the table OID and attnum for RowDescription. With system columns
// (a query names one) each row carries six more values after the user columns, in SystemColumns' order, read from
// the version's header and position: ctid, xmin, cmin, xmax, cmax, tableoid (PostgreSQL shows the raw header
// fields). They are integers in the Datum, so the row costs no allocation beyond its array.
// Entry point: new TableView(relation, ctx[, systemColumns]).Scan().
using System.Runtime.InteropServices;
using Tusk.Access.Common;
using Tusk.Access.Heap;
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Nodes;

/// <summary>A heap table as a row source.</summary>
internal sealed class TableView : ISystemView
{
    readonly Relation _rel;
    readonly ISessionContext _ctx;
    readonly int[] _attIndex;
    readonly bool _systemColumns;

    /// <summary>The system columns of a heap table, in the order rows carry them (attnums -1 to -6).</summary>
    public static readonly ResultColumn[] SystemColumns =
    [
        new("ctid", TypeOid.Tid), new("xmin", TypeOid.Xid), new("cmin", TypeOid.Cid), new("xmax", TypeOid.Xid),
        new("cmax", TypeOid.Cid), new("tableoid", TypeOid.Oid),
    ];

    /// <summary>The index of a system column in <see cref="SystemColumns"/>, or -1 (CheckAttributeNamesTypes's list).</summary>
    public static int SystemColumnIndex(string name) => name switch
    {
        "ctid" => 0,
        "xmin" => 1,
        "cmin" => 2,
        "xmax" => 3,
        "cmax" => 4,
        "tableoid" => 5,
        _ => -1,
    };

    public static bool IsSystemColumn(string name) => SystemColumnIndex(name) >= 0;

    /// <summary>42701 for a new column named like a system column (CheckAttributeNamesTypes).</summary>
    public static void CheckNotSystemColumn(string name)
    {
        if (IsSystemColumn(name))
            Throw.Error(SqlState.DuplicateColumn, $"column name \"{name}\" conflicts with a system column name");
    }

    public TableView(Relation rel, ISessionContext ctx, bool systemColumns = false)
    {
        _rel = rel;
        _ctx = ctx;
        _systemColumns = systemColumns;
        var cols = new List<ResultColumn>();
        var idx = new List<int>();
        for (int i = 0; i < rel.Columns.Length; i++)
        {
            var c = rel.Columns[i];
            if (c.IsDropped)
            {
                continue;
            }
            cols.Add(new ResultColumn(c.Name, c.Type, c.TypMod, TypeNames.Length(c.Type), rel.Oid, (short)c.AttNum));
            idx.Add(i);
        }
        Columns = [.. cols];
        _attIndex = [.. idx];
    }

    public string Name => _rel.Name;

    public uint RelationOid => _rel.Oid;

    public ResultColumn[] Columns { get; }

    /// <summary>The types of a scanned row: the columns, then the system columns when asked for.</summary>
    public uint[] RowTypes() => [.. Columns.Select(c => c.TypeOid),
        .. _systemColumns ? SystemColumns.Select(c => c.TypeOid) : []];

    public IEnumerable<Datum[]> Scan()
    {
        foreach (var (_, row) in Rows(_attIndex, _systemColumns))
        {
            yield return row;
        }
    }

    /// <summary>Every visible version with its position, all attributes materialized (dropped ones NULL).</summary>
    public IEnumerable<(ItemPointer Tid, Datum[] Row)> ScanFull() => Rows(null, false);

    /// <summary>The visible versions, the attributes <paramref name="pick"/> lists (all when null) materialized.</summary>
    IEnumerable<(ItemPointer Tid, Datum[] Row)> Rows(int[]? pick, bool system)
    {
        var desc = _rel.Desc;
        var values = new Datum[desc.Count];
        using var scan = _rel.Heap.BeginScan(_ctx.StatementSnapshot(), _ctx.Xact);
        while (true)
        {
            if (!Next(scan, desc, values, pick, system ? _rel.Oid : 0, out var tid, out var row))
            {
                yield break;
            }
            yield return (tid, row);
        }
    }

    /// <summary>The next visible version (a span into the pinned page cannot live across a yield, hence a method).</summary>
    /// <remarks>A nonzero <paramref name="systemOf"/> (the table's OID) appends the system columns.</remarks>
    static bool Next(HeapScan scan, TupleDesc desc, Datum[] values, int[]? pick, uint systemOf, out ItemPointer tid,
        out Datum[] row)
    {
        row = [];
        if (!scan.Next(desc, values, out tid, out var tuple))
        {
            return false;
        }
        int n = pick?.Length ?? values.Length;
        row = new Datum[systemOf != 0 ? n + SystemColumns.Length : n];
        for (int i = 0; i < n; i++)
        {
            row[i] = HeapTuple.Materialize(tuple, values[pick?[i] ?? i]);
        }
        if (systemOf != 0)
        {
            var h = MemoryMarshal.Read<HeapTupleHeader>(tuple);
            // PostgreSQL's header has one command id field, overwritten by a delete: cmin and cmax both show it.
            uint cid = h.Xmax != 0 && !h.Has(InfoMask.XmaxLockOnly) ? h.Cmax : h.Cmin;
            row[n] = TypeIO.TidDatum(tid.Block, tid.Offset);
            row[n + 1] = Datum.FromInt8(h.Xmin).WithType(TypeOid.Xid);
            row[n + 2] = Datum.FromInt8(cid).WithType(TypeOid.Cid);
            row[n + 3] = Datum.FromInt8(h.Xmax).WithType(TypeOid.Xid);
            row[n + 4] = Datum.FromInt8(cid).WithType(TypeOid.Cid);
            row[n + 5] = Datum.FromOid(systemOf);
        }
        return true;
    }
}
