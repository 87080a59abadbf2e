// Limit: skips OFFSET rows and stops after LIMIT rows (both evaluated once per run; NULL means no limit;
// negative values are 2201W / 2201X errors as in PostgreSQL). The child is not read further than needed.
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Nodes;

/// <summary>LIMIT / OFFSET.</summary>
internal sealed class LimitNode : PlanNode
{
    readonly BoundExpr? _limit;
    readonly BoundExpr? _offset;

    public LimitNode(PlanNode child, BoundExpr? limit, BoundExpr? offset)
    {
        Children = [child];
        _limit = limit;
        _offset = offset;
    }

    public override string NodeName => "Limit";

    public override bool SupportsBackwardScan => Children[0].SupportsBackwardScan;

    static long Count(BoundExpr? e, ExecState es, string what, string state)
    {
        if (e == null)
            return -1;
        var v = e.Eval(es.NewEval());
        if (v.IsNull)
            return -1;
        if (v.Int < 0)
            Throw.Error(state, $"{what} must not be negative");
        return v.Int;
    }

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        long offset = Count(_offset, es, "OFFSET", "2201X");
        long limit = Count(_limit, es, "LIMIT", "2201W");
        if (limit == 0)
            yield break;
        long skipped = 0;
        long produced = 0;
        foreach (var row in Children[0].Exec(es))
        {
            if (skipped < offset)
            {
                skipped++;
                continue;
            }
            yield return row;
            produced++;
            if (limit >= 0 && produced >= limit)
                yield break;
        }
    }
}
