// The executable form of a simple SELECT: scan (no FROM = one empty row; several FROM items = cross product),
// WHERE, aggregation over the whole input (when aggregates appear), projection, DISTINCT, ORDER BY (stable,
// multi-key), OFFSET/LIMIT. Rows are produced lazily; ORDER BY and aggregation materialise first.
// Interrupts are checked for every input row.
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Analysis;
using Tusk.Executor.Expr;

namespace Tusk.Executor;

/// <summary>A planned SELECT.</summary>
internal sealed class SelectPlan(
    ResultColumn[] columns,
    uint[] paramTypes,
    List<FromItem> from,
    BoundExpr[] targets,
    BoundExpr? where,
    SortKey[] sort,
    BoundExpr? limit,
    BoundExpr? offset,
    bool distinct,
    AggSpec[] aggs) : PreparedQuery
{
    public override ResultColumn[] Columns => columns;

    public override uint[] ParamTypes => paramTypes;

    public override IEnumerable<Datum[]> Execute(Datum[] parameters, ISessionContext ctx)
    {
        var ec = new EvalContext(parameters ?? [], ctx);
        long limitN = EvalCount(limit, ec, "LIMIT");
        long offsetN = EvalCount(offset, ec, "OFFSET");
        return Run(ec, limitN, offsetN);
    }

    static long EvalCount(BoundExpr? e, EvalContext ec, string what)
    {
        if (e == null)
            return -1;
        var v = e.Eval(ec);
        if (v.IsNull)
            return -1;
        if (v.Int < 0)
            Throw.Error("2201W", $"{what} must not be negative");
        return v.Int;
    }

    IEnumerable<Datum[]> Source(EvalContext ec)
    {
        if (from.Count == 0)
        {
            yield return [];
            yield break;
        }
        int width = from.Sum(f => f.View.Columns.Length);
        foreach (var row in CrossProduct(0, new Datum[width]))
        {
            ec.Session.CheckForInterrupts();
            yield return row;
        }
    }

    IEnumerable<Datum[]> CrossProduct(int level, Datum[] buffer)
    {
        var item = from[level];
        foreach (var r in item.View.Scan())
        {
            Array.Copy(r, 0, buffer, item.Offset, Math.Min(r.Length, item.View.Columns.Length));
            if (level == from.Count - 1)
                yield return (Datum[])buffer.Clone();
            else
                foreach (var x in CrossProduct(level + 1, buffer))
                    yield return x;
        }
    }

    IEnumerable<Datum[]> Filtered(EvalContext ec)
    {
        foreach (var row in Source(ec))
        {
            ec.Row = row;
            if (where != null)
            {
                var ok = where.Eval(ec);
                if (ok.IsNull || !ok.Bool)
                    continue;
            }
            yield return row;
        }
    }

    Datum[] Project(EvalContext ec)
    {
        var outRow = new Datum[targets.Length + sort.Length];
        for (int i = 0; i < targets.Length; i++)
            outRow[i] = Relabel(targets[i].Eval(ec), targets[i].Type);
        for (int i = 0; i < sort.Length; i++)
            outRow[targets.Length + i] = sort[i].Expr.Eval(ec);
        return outRow;
    }

    static Datum Relabel(in Datum d, uint type) =>
        d.Type == type ? d : d.IsNull ? Datum.Null(type) : d.WithType(type);

    IEnumerable<Datum[]> Projected(EvalContext ec)
    {
        if (aggs.Length > 0)
        {
            var states = aggs.Select(a => new AggState(a)).ToArray();
            foreach (var _ in Filtered(ec))
                for (int i = 0; i < aggs.Length; i++)
                    states[i].Add(aggs[i].Arg?.Eval(ec) ?? default);
            ec.AggValues = states.Select(s => s.Result()).ToArray();
            ec.Row = [];
            yield return Project(ec);
            yield break;
        }
        foreach (var _ in Filtered(ec))
            yield return Project(ec);
    }

    IEnumerable<Datum[]> Run(EvalContext ec, long limitN, long offsetN)
    {
        IEnumerable<Datum[]> rows = Projected(ec);
        if (distinct)
            rows = Distinct(rows);
        if (sort.Length > 0)
        {
            var list = rows.ToList();
            var cmp = Comparer<Datum[]>.Create(CompareRows);
            // List.Sort is not stable; order by original index on ties.
            var indexed = list.Select((r, i) => (r, i)).ToList();
            indexed.Sort((a, b) =>
            {
                int c = cmp.Compare(a.r, b.r);
                return c != 0 ? c : a.i.CompareTo(b.i);
            });
            rows = indexed.Select(x => x.r);
        }
        long skipped = 0;
        long produced = 0;
        foreach (var row in rows)
        {
            if (limitN >= 0 && produced >= limitN)
                yield break;
            if (skipped < offsetN)
            {
                skipped++;
                continue;
            }
            produced++;
            yield return sort.Length == 0 ? row : row[..targets.Length];
        }
    }

    IEnumerable<Datum[]> Distinct(IEnumerable<Datum[]> rows)
    {
        var seen = new HashSet<Datum[]>(RowEquality.Instance);
        foreach (var r in rows)
            if (seen.Add(r[..targets.Length]))
                yield return r;
    }

    int CompareRows(Datum[] a, Datum[] b)
    {
        for (int k = 0; k < sort.Length; k++)
        {
            var x = a[targets.Length + k];
            var y = b[targets.Length + k];
            int c;
            if (x.IsNull || y.IsNull)
            {
                if (x.IsNull && y.IsNull)
                    continue;
                c = x.IsNull ? 1 : -1;          // NULL is larger ...
                if (sort[k].NullsFirst != sort[k].Desc)
                    c = -c;                     // ... unless NULLS FIRST/LAST says otherwise
                if (sort[k].Desc)
                    c = -c;
            }
            else
            {
                c = DatumOrder.Compare(x, y);
                if (sort[k].Desc)
                    c = -c;
            }
            if (c != 0)
                return c;
        }
        return 0;
    }
}
