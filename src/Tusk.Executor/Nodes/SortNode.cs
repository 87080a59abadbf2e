// Sort: reads the child's rows and returns them ordered by key columns (stable: ties keep input order).
// Within work_mem it sorts in memory ("quicksort"); beyond it, each full batch is sorted and written to a
// temporary file as a run, and the runs are merged with a priority queue ("external merge"), as tuplesort.c
// does. Keys are column positions of the child's rows (the planner projects ORDER BY expressions as columns).
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Nodes.Spill;

namespace Tusk.Executor.Nodes;

/// <summary>One sort key: column position, direction, NULLs placement, and its EXPLAIN text.</summary>
internal sealed record SortColumn(int Column, bool Desc, bool NullsFirst, string Display);

/// <summary>ORDER BY.</summary>
internal sealed class SortNode : PlanNode
{
    readonly SortColumn[] _keys;

    public SortNode(PlanNode child, SortColumn[] keys)
    {
        Children = [child];
        _keys = keys;
        OutputTypes = child.OutputTypes;
    }

    public override string NodeName => "Sort";

    public override bool SupportsBackwardScan => true;

    public override void ExplainDetails(ExplainContext ctx, List<string> lines) =>
        lines.Add("Sort Key: " + string.Join(", ", _keys.Select(k =>
            k.Display + (k.Desc ? " DESC" : "") + (k.NullsFirst != k.Desc ? (k.NullsFirst ? " NULLS FIRST" : " NULLS LAST") : ""))));

    int Compare(Datum[] a, Datum[] b)
    {
        foreach (var k in _keys)
        {
            var x = a[k.Column];
            var y = b[k.Column];
            int c;
            if (x.IsNull || y.IsNull)
            {
                if (x.IsNull && y.IsNull)
                    continue;
                c = x.IsNull ? 1 : -1;          // NULL sorts as larger ...
                if (k.NullsFirst != k.Desc)
                    c = -c;                     // ... unless NULLS FIRST/LAST says otherwise
                if (k.Desc)
                    c = -c;
            }
            else
            {
                c = DatumOrder.Compare(x, y);
                if (k.Desc)
                    c = -c;
            }
            if (c != 0)
                return c;
        }
        return 0;
    }

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        var batch = new List<Datum[]>();
        long mem = 0;
        var runs = new List<TempRowFile>();
        try
        {
            foreach (var row in Children[0].Exec(es))
            {
                batch.Add(row);
                mem += TempRowFile.EstimateSize(row);
                if (mem > es.WorkMemBytes)
                {
                    runs.Add(WriteRun(es, batch));
                    batch.Clear();
                    mem = 0;
                }
            }
            var instr = es.InstrumentationOf(this);
            if (runs.Count == 0)
            {
                if (instr != null)
                    instr.Detail = $"Sort Method: quicksort  Memory: {Math.Max(25, (mem + 1023) / 1024)}kB";
                foreach (var r in SortBatch(batch))
                    yield return r;
                yield break;
            }
            if (batch.Count > 0)
                runs.Add(WriteRun(es, batch));
            batch.Clear();
            if (instr != null)
                instr.Detail = $"Sort Method: external merge  Disk: {(runs.Sum(r => r.Bytes) + 1023) / 1024}kB";
            foreach (var r in Merge(es, runs))
                yield return r;
        }
        finally
        {
            foreach (var r in runs)
                r.Dispose();
        }
    }

    List<Datum[]> SortBatch(List<Datum[]> batch)
    {
        // List.Sort is not stable: break ties by input position.
        var idx = new int[batch.Count];
        for (int i = 0; i < idx.Length; i++)
            idx[i] = i;
        Array.Sort(idx, (x, y) =>
        {
            int c = Compare(batch[x], batch[y]);
            return c != 0 ? c : x.CompareTo(y);
        });
        var sorted = new List<Datum[]>(batch.Count);
        foreach (int i in idx)
            sorted.Add(batch[i]);
        return sorted;
    }

    TempRowFile WriteRun(ExecState es, List<Datum[]> batch)
    {
        var file = new TempRowFile(es.Session.TempFileDirectory, OutputTypes);
        foreach (var r in SortBatch(batch))
            file.Write(r);
        es.Session.CheckForInterrupts();
        return file;
    }

    IEnumerable<Datum[]> Merge(ExecState es, List<TempRowFile> runs)
    {
        var readers = runs.Select(r => r.Read().GetEnumerator()).ToList();
        try
        {
            // Ties go to the earlier run, which holds earlier input rows: the merge stays stable.
            var heap = new PriorityQueue<int, (Datum[] Row, int Run)>(Comparer<(Datum[] Row, int Run)>.Create((a, b) =>
            {
                int c = Compare(a.Row, b.Row);
                return c != 0 ? c : a.Run.CompareTo(b.Run);
            }));
            for (int i = 0; i < readers.Count; i++)
                if (readers[i].MoveNext())
                    heap.Enqueue(i, (readers[i].Current, i));
            while (heap.TryDequeue(out int run, out var top))
            {
                yield return top.Row;
                if (readers[run].MoveNext())
                    heap.Enqueue(run, (readers[run].Current, run));
                es.Session.CheckForInterrupts();
            }
        }
        finally
        {
            foreach (var r in readers)
                r.Dispose();
        }
    }
}
