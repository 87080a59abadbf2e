// Base of every executor node (PG's Plan + PlanState in one object). Lifecycle: the planner builds the tree once
// (estimates filled in); each execution calls Exec(es), which runs the node once ("one loop") and yields its
// output rows lazily; a node that is rescanned (the inner side of a nested loop) is simply run again. After
// Produce, the base applies the node's Qual (rows failing it are dropped) and Projection (the row is replaced by
// the projected values), as ExecScan/ExecProject do, so any node can filter and project.
// Rows handed upward are owned by the consumer (nodes never reuse an array they yielded).
// Under EXPLAIN ANALYZE the base counts rows, loops and the inclusive time of each node, in the ExecState (the
// plan itself holds no per-execution state, so prepared statements can run it again and again).
using System.Diagnostics;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Nodes;

/// <summary>A node of an executable plan tree.</summary>
internal abstract class PlanNode
{
    /// <summary>PostgreSQL's node name as EXPLAIN prints it ("Seq Scan", "HashAggregate").</summary>
    public abstract string NodeName { get; }

    /// <summary>Text after the node name (" on t", " on t t1"); empty when none.</summary>
    public virtual string Target => "";

    public PlanNode[] Children { get; protected set; } = [];

    /// <summary>
    /// Whether PostgreSQL's executor could run this node backwards (ExecSupportsBackwardScan): a cursor declared with
    /// neither SCROLL nor NO SCROLL is scrollable exactly then.
    /// </summary>
    public virtual bool SupportsBackwardScan => false;

    /// <summary>Adds the OIDs of the tables this subtree scans to <paramref name="into"/>.</summary>
    public virtual void CollectTables(HashSet<uint> into)
    {
        foreach (var child in Children)
            child.CollectTables(into);
    }

    /// <summary>Filter applied to produced rows (null = none), and the label EXPLAIN gives it.</summary>
    public BoundExpr? Qual { get; set; }

    public virtual string QualLabel => "Filter";

    /// <summary>Output expressions over the produced row (null = the produced row as is).</summary>
    public BoundExpr[]? Projection { get; set; }

    /// <summary>Column types of the output rows.</summary>
    public uint[] OutputTypes { get; set; } = [];


    // Planner estimates (EXPLAIN's cost=startup..total rows width).
    public double StartupCost { get; set; }
    public double TotalCost { get; set; }
    public double PlanRows { get; set; }
    public int PlanWidth { get; set; }

    /// <summary>Runs the node once, yielding its output rows (after Qual and Projection).</summary>
    public IEnumerable<Datum[]> Exec(ExecState es)
    {
        var instr = es.InstrumentationOf(this);
        var rows = Qual == null && Projection == null ? Produce(es) : FilterProject(es, instr);
        return instr == null ? rows : instr.Measure(rows);
    }

    IEnumerable<Datum[]> FilterProject(ExecState es, NodeInstrumentation? instr)
    {
        var ec = es.NewEval();
        foreach (var row in Produce(es))
        {
            ec.Row = row;
            if (Qual != null)
            {
                var ok = Qual.Eval(ec);
                if (ok.IsNull || !ok.Bool)
                {
                    if (instr != null)
                        instr.RowsRemoved++;
                    continue;
                }
            }
            if (Projection == null)
            {
                yield return row;
                continue;
            }
            var outRow = new Datum[Projection.Length];
            for (int i = 0; i < outRow.Length; i++)
                outRow[i] = Relabel(Projection[i].Eval(ec), Projection[i].Type);
            yield return outRow;
        }
    }

    internal static Datum Relabel(in Datum d, uint type) =>
        d.Type == type || type == 0 ? d : d.IsNull ? Datum.Null(type) : d.WithType(type);

    /// <summary>The node's own rows for one loop, before Qual and Projection.</summary>
    protected abstract IEnumerable<Datum[]> Produce(ExecState es);

    /// <summary>Detail lines EXPLAIN prints under the node (keys, conditions); Qual is printed by the caller.</summary>
    public virtual void ExplainDetails(ExplainContext ctx, List<string> lines)
    {
    }
}

/// <summary>Rows, loops and inclusive times of one node in one execution (InstrStartNode/InstrStopNode).</summary>
internal sealed class NodeInstrumentation
{
    public long Rows;
    public int Loops;
    public double StartupMs;
    public double TotalMs;

    /// <summary>Rows the node's Qual removed ("Rows Removed by Filter").</summary>
    public long RowsRemoved;

    /// <summary>What the node's last run reports under EXPLAIN ANALYZE (sort method and space, hash batches).</summary>
    public string? Detail;

    public IEnumerable<Datum[]> Measure(IEnumerable<Datum[]> rows)
    {
        Loops++;
        long start = Stopwatch.GetTimestamp();
        bool first = true;
        using var e = rows.GetEnumerator();
        while (true)
        {
            long t0 = Stopwatch.GetTimestamp();
            bool more = e.MoveNext();
            long t1 = Stopwatch.GetTimestamp();
            TotalMs += Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
            if (first)
            {
                StartupMs += Stopwatch.GetElapsedTime(start, t1).TotalMilliseconds;
                first = false;
            }
            if (!more)
                yield break;
            Rows++;
            yield return e.Current;
        }
    }
}
