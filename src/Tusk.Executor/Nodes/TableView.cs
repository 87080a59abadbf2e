// A table read in FROM (the first executor's sequential scan): every version visible to the statement's
// snapshot, deformed and materialized into owned values (rows may outlive the scanned page: sorts, DISTINCT).
// Dropped columns are skipped; Columns carry the table OID and attnum for RowDescription.
// Entry point: new TableView(relation, ctx).Scan().
using Tusk.Access.Common;
using Tusk.Access.Heap;
using Tusk.Catalog;
using Tusk.Common.Types;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Nodes;

/// <summary>A heap table as a row source.</summary>
internal sealed class TableView : ISystemView
{
    readonly Relation _rel;
    readonly ISessionContext _ctx;
    readonly int[] _attIndex;

    public TableView(Relation rel, ISessionContext ctx)
    {
        _rel = rel;
        _ctx = ctx;
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

    public ResultColumn[] Columns { get; }

    public IEnumerable<Datum[]> Scan()
    {
        var desc = _rel.Desc;
        var values = new Datum[desc.Count];
        using var scan = _rel.Heap.BeginScan(_ctx.StatementSnapshot(), _ctx.Xact);
        while (true)
        {
            Datum[] row;
            if (!Next(scan, desc, values, out row))
            {
                yield break;
            }
            yield return row;
        }
    }

    /// <summary>Every visible version with its position, all attributes materialized (dropped ones NULL).</summary>
    public IEnumerable<(ItemPointer Tid, Datum[] Row)> ScanFull()
    {
        var desc = _rel.Desc;
        var values = new Datum[desc.Count];
        using var scan = _rel.Heap.BeginScan(_ctx.StatementSnapshot(), _ctx.Xact);
        while (true)
        {
            if (!NextFull(scan, desc, values, out var tid, out var row))
            {
                yield break;
            }
            yield return (tid, row);
        }
    }

    static bool NextFull(HeapScan scan, TupleDesc desc, Datum[] values, out ItemPointer tid, out Datum[] row)
    {
        row = [];
        if (!scan.Next(desc, values, out tid, out var tuple))
        {
            return false;
        }
        row = new Datum[values.Length];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = HeapTuple.Materialize(tuple, values[i]);
        }
        return true;
    }

    bool Next(HeapScan scan, TupleDesc desc, Datum[] values, out Datum[] row)
    {
        row = [];
        if (!scan.Next(desc, values, out _, out var tuple))
        {
            return false;
        }
        row = new Datum[_attIndex.Length];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = HeapTuple.Materialize(tuple, values[_attIndex[i]]);
        }
        return true;
    }
}
