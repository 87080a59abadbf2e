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
    int _batches;
    long _peakKb;
    long _diskKb;

    public AggNode(PlanNode child, BoundExpr[] keys, AggSpec[] aggs, string[] keyDisplay)
    {
        Children = [child];
        _keys = keys;
        _aggs = aggs;
        _keyDisplay = keyDisplay;
    }

    public override string NodeName => _keys.Length == 0 ? "Aggregate" : "HashAggregate";

    public override void ExplainDetails(ExplainContext ctx, List<string> lines)
    {
        if (_keys.Length > 0)
            lines.Add("Group Key: " + string.Join(", ", _keyDisplay));
    }

    public override void ExplainAnalyzeDetails(List<string> lines)
    {
        if (_keys.Length == 0)
            return;
        lines.Add(_diskKb > 0
            ? $"Batches: {_batches}  Memory Usage: {_peakKb}kB  Disk Usage: {_diskKb}kB"
            : $"Batches: 1  Memory Usage: {Math.Max(_peakKb, 24)}kB");
    }

    /// <summary>Types of the aggregation input tuple [keys..., first args..., second args...].</summary>
    uint[] InputTypes()
    {
        var t = new List<uint>();
        t.AddRange(_keys.Select(k => k.Type));
        foreach (var a in _aggs)
            t.Add(a.Arg?.Type ?? TypeOid.Bool);
        foreach (var a in _aggs)
            t.Add(a.Arg2?.Type ?? TypeOid.Bool);
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
                var t = new Datum[_keys.Length + 2 * _aggs.Length];
                for (int i = 0; i < _keys.Length; i++)
                    t[i] = _keys[i].Eval(ec);
                for (int j = 0; j < _aggs.Length; j++)
                {
                    var a = _aggs[j];
                    if (a.Arg != null)
                        t[_keys.Length + j] = a.Arg.Eval(ec);
                    if (a.Arg2 != null)
                        t[_keys.Length + _aggs.Length + j] = a.Arg2.Eval(ec);
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
        _batches = 1;
        foreach (var r in Aggregate(es, Inputs(), 0))
            yield return r;
    }

    void Advance(AggState[] states, Datum[] t)
    {
        int k = _keys.Length;
        for (int j = 0; j < states.Length; j++)
        {
            if (_aggs[j].Kind == AggKind.StringAgg)
                states[j].AddWithDelimiter(t[k + j], t[k + _aggs.Length + j]);
            else
                states[j].Add(t[k + j]);
        }
    }

    Datum[] Finish(Datum[] keys, AggState[] states)
    {
        var outRow = new Datum[keys.Length + states.Length];
        Array.Copy(keys, outRow, keys.Length);
        for (int j = 0; j < states.Length; j++)
            outRow[keys.Length + j] = states[j].Result();
        return outRow;
    }

    IEnumerable<Datum[]> Aggregate(ExecState es, IEnumerable<Datum[]> input, int level)
    {
        var groups = new Dictionary<Datum[], AggState[]>(RowEquality.Instance);
        var order = new List<Datum[]>();
        long mem = 0;
        TempRowFile?[]? parts = null;
        try
        {
            foreach (var t in input)
            {
                var key = t[.._keys.Length];
                if (!groups.TryGetValue(key, out var states))
                {
                    if (mem > es.WorkMemBytes)
                    {
                        parts ??= new TempRowFile?[Partitions];
                        int p = Partition(key, level);
                        parts[p] ??= new TempRowFile(es.Session.TempFileDirectory, InputTypes());
                        parts[p]!.Write(t);
                        continue;
                    }
                    states = _aggs.Select(a => new AggState(a)).ToArray();
                    groups.Add(key, states);
                    order.Add(key);
                    mem += TempRowFile.EstimateSize(key) + 64 + 64L * states.Length;
                }
                Advance(states, t);
            }
            _peakKb = Math.Max(_peakKb, (mem + 1023) / 1024);
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
                _batches++;
                _diskKb += (part.Bytes + 1023) / 1024;
                es.Session.CheckForInterrupts();
                foreach (var r in Aggregate(es, part.Read(), level + 1))
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

    static int Partition(Datum[] key, int level)
    {
        uint h = (uint)RowEquality.Instance.GetHashCode(key);
        h ^= (uint)(level + 1) * 0x9E3779B9u;
        h ^= h >> 16;
        h *= 0x85EBCA6Bu;
        h ^= h >> 13;
        return (int)(h % Partitions);
    }
}
