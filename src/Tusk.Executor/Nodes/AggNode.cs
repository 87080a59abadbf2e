// Aggregate / HashAggregate: groups the child's rows by key expressions and computes aggregates per group.
// Output rows are [key values..., aggregate results...]; HAVING is the node's Qual and the select list its
// Projection, both over that layout. Without keys it is a plain Aggregate: exactly one row, even for no input.
// Hash aggregation keeps groups in a hash table; once the table outgrows work_mem, rows of groups not already in
// memory are written to one of several partition files by hash (the groups in memory keep absorbing their
// rows), and after the input ends each partition is aggregated the same way, recursively with a different hash
// split (PostgreSQL 13's hash aggregate spilling). DISTINCT without aggregates is a HashAggregate with no
// aggregates over all output columns.
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Nodes.Spill;

namespace Tusk.Executor.Nodes;

/// <summary>GROUP BY / aggregates / DISTINCT by hashing.</summary>
internal sealed class AggNode : PlanNode
{
    const int Partitions = 16;

    readonly BoundExpr[] _keys;
    readonly AggSpec[] _aggs;
    readonly string[] _keyDisplay;
    readonly RowEquality _keyEquality;
    readonly int _orderWidth;   // ORDER BY keys of the aggregate calls, at the end of the input tuple

    public AggNode(PlanNode child, BoundExpr[] keys, AggSpec[] aggs, string[] keyDisplay)
    {
        Children = [child];
        _keys = keys;
        _aggs = aggs;
        _keyDisplay = keyDisplay;
        _keyEquality = new RowEquality(keys.Length);
        _orderWidth = aggs.Sum(a => a.Order.Length);
    }

    /// <summary>Spill accounting of one run, for EXPLAIN ANALYZE.</summary>
    sealed class RunStats
    {
        public int Batches = 1;
        public long PeakKb;
        public long DiskKb;
    }

    public override string NodeName => _keys.Length == 0 ? "Aggregate" : "HashAggregate";

    public override void ExplainDetails(ExplainContext ctx, List<string> lines)
    {
        if (_keys.Length > 0)
            lines.Add("Group Key: " + string.Join(", ", _keyDisplay));
    }

    /// <summary>Types of the aggregation input tuple [keys..., first args..., second args..., ORDER BY keys...].</summary>
    uint[] InputTypes()
    {
        var t = new List<uint>();
        t.AddRange(_keys.Select(k => k.Type));
        foreach (var a in _aggs)
            t.Add(a.Arg?.Type ?? TypeOid.Bool);
        foreach (var a in _aggs)
            t.Add(a.Arg2?.Type ?? TypeOid.Bool);
        foreach (var a in _aggs)
            t.AddRange(a.Order.Select(k => k.Expr.Type));
        return [.. t];
    }

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        var ec = es.NewEval();
        IEnumerable<Datum[]> Inputs()
        {
            foreach (var row in Children[0].Exec(es))
            {
                ec.Row = row;
                var t = new Datum[_keys.Length + 2 * _aggs.Length + _orderWidth];
                for (int i = 0; i < _keys.Length; i++)
                    t[i] = _keys[i].Eval(ec);
                int o = _keys.Length + 2 * _aggs.Length;
                for (int j = 0; j < _aggs.Length; j++)
                {
                    var a = _aggs[j];
                    if (a.Arg != null)
                        t[_keys.Length + j] = a.Arg.Eval(ec);
                    if (a.Arg2 != null)
                        t[_keys.Length + _aggs.Length + j] = a.Arg2.Eval(ec);
                    foreach (var key in a.Order)
                        t[o++] = key.Expr.Eval(ec);
                }
                yield return t;
            }
        }
        if (_keys.Length == 0)
        {
            var states = _aggs.Select(a => new AggState(a)).ToArray();
            foreach (var t in Inputs())
                Advance(states, t);
            yield return Finish([], states);
            yield break;
        }
        var stats = new RunStats();
        foreach (var r in Aggregate(es, Inputs(), 0, stats))
            yield return r;
        if (es.InstrumentationOf(this) is { } instr)
            instr.Detail = stats.DiskKb > 0
                ? $"Batches: {stats.Batches}  Memory Usage: {stats.PeakKb}kB  Disk Usage: {stats.DiskKb}kB"
                : $"Batches: 1  Memory Usage: {Math.Max(stats.PeakKb, 24)}kB";
    }

    void Advance(AggState[] states, Datum[] t)
    {
        int k = _keys.Length;
        int o = k + 2 * _aggs.Length;
        for (int j = 0; j < states.Length; j++)
        {
            int n = _aggs[j].Order.Length;
            if (n > 0)
            {
                states[j].AddOrdered(t[k + j], t[k + _aggs.Length + j], t[o..(o + n)]);
                o += n;
            }
            else if (_aggs[j].Kind == AggKind.StringAgg && _aggs[j].Distinct)
                states[j].AddOrdered(t[k + j], t[k + _aggs.Length + j], [t[k + j]]);   // DISTINCT input arrives sorted
            else if (_aggs[j].Kind == AggKind.StringAgg)
                states[j].AddWithDelimiter(t[k + j], t[k + _aggs.Length + j]);
            else
                states[j].Add(t[k + j]);
        }
    }

    /// <summary>The output row [keys..., results...] of a group, from the input tuple that started it.</summary>
    Datum[] Finish(Datum[] first, AggState[] states)
    {
        int k = _keys.Length;
        var outRow = new Datum[k + states.Length];
        Array.Copy(first, outRow, k);
        for (int j = 0; j < states.Length; j++)
            outRow[k + j] = states[j].Result();
        return outRow;
    }

    /// <summary>
    /// Hash aggregation of input tuples; a group is keyed by the first tuple that has its key values (the
    /// comparer reads only the key prefix).
    /// </summary>
    IEnumerable<Datum[]> Aggregate(ExecState es, IEnumerable<Datum[]> input, int level, RunStats stats)
    {
        var groups = new Dictionary<Datum[], AggState[]>(_keyEquality);
        var order = new List<Datum[]>();
        long mem = 0;
        TempRowFile?[]? parts = null;
        try
        {
            foreach (var t in input)
            {
                if (!groups.TryGetValue(t, out var states))
                {
                    if (mem > es.WorkMemBytes)
                    {
                        parts ??= new TempRowFile?[Partitions];
                        int p = Partition(t, level);
                        parts[p] ??= new TempRowFile(es.Session.TempFileDirectory, InputTypes());
                        parts[p]!.Write(t);
                        continue;
                    }
                    states = _aggs.Select(a => new AggState(a)).ToArray();
                    groups.Add(t, states);
                    order.Add(t);
                    mem += TempRowFile.EstimateSize(t) + 64 + 64L * states.Length;
                }
                Advance(states, t);
            }
            stats.PeakKb = Math.Max(stats.PeakKb, (mem + 1023) / 1024);
            foreach (var key in order)
                yield return Finish(key, groups[key]);
            groups.Clear();
            order.Clear();
            if (parts == null)
                yield break;
            foreach (var part in parts)
            {
                if (part == null)
                    continue;
                stats.Batches++;
                stats.DiskKb += (part.Bytes + 1023) / 1024;
                es.Session.CheckForInterrupts();
                foreach (var r in Aggregate(es, part.Read(), level + 1, stats))
                    yield return r;
            }
        }
        finally
        {
            if (parts != null)
                foreach (var p in parts)
                    p?.Dispose();
        }
    }

    int Partition(Datum[] tuple, int level)
    {
        uint h = (uint)_keyEquality.GetHashCode(tuple);
        h ^= (uint)(level + 1) * 0x9E3779B9u;
        h ^= h >> 16;
        h *= 0x85EBCA6Bu;
        h ^= h >> 13;
        return (int)(h % Partitions);
    }
}
