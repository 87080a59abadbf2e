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

    public uint RelationOid => _rel.Oid;

    public ResultColumn[] Columns { get; }

    public IEnumerable<Datum[]> Scan()
    {
        foreach (var (_, row) in Rows(_attIndex))
        {
            yield return row;
        }
    }

    /// <summary>Every visible version with its position, all attributes materialized (dropped ones NULL).</summary>
    public IEnumerable<(ItemPointer Tid, Datum[] Row)> ScanFull() => Rows(null);

    /// <summary>The visible versions, the attributes <paramref name="pick"/> lists (all when null) materialized.</summary>
    IEnumerable<(ItemPointer Tid, Datum[] Row)> Rows(int[]? pick)
    {
        var desc = _rel.Desc;
        var values = new Datum[desc.Count];
        using var scan = _rel.Heap.BeginScan(_ctx.StatementSnapshot(), _ctx.Xact);
        while (true)
        {
            if (!Next(scan, desc, values, pick, out var tid, out var row))
            {
                yield break;
            }
            yield return (tid, row);
        }
    }

    /// <summary>The next visible version (a span into the pinned page cannot live across a yield, hence a method).</summary>
    static bool Next(HeapScan scan, TupleDesc desc, Datum[] values, int[]? pick, out ItemPointer tid, out Datum[] row)
    {
        row = [];
        if (!scan.Next(desc, values, out tid, out var tuple))
        {
            return false;
        }
        row = new Datum[pick?.Length ?? values.Length];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = HeapTuple.Materialize(tuple, values[pick?[i] ?? i]);
        }
        return true;
    }
}
