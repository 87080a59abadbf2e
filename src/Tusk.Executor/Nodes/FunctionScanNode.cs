// Function Scan: a set-returning function in FROM (generate_series(1, 10) AS g). The arguments are evaluated
// once per run; a scalar function in FROM yields its single value as one row. WITH ORDINALITY appends a bigint
// row number.
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Nodes;

/// <summary>A function as a row source.</summary>
internal sealed class FunctionScanNode(string name, string alias, BoundExpr[] args, SetFn? setFn, BoundExpr? scalar,
    bool ordinality) : PlanNode
{
    public override string NodeName => "Function Scan";

    public override bool SupportsBackwardScan => true;

    public override string Target => alias == name ? $" on {name}" : $" on {name} {FunctionCatalog.QuoteIdent(alias)}";

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        var ec = es.NewEval();
        long n = 0;
        if (setFn == null)
        {
            var v = scalar!.Eval(ec);
            yield return ordinality ? [v, Datum.FromInt8(1)] : [v];
            yield break;
        }
        var values = new Datum[args.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = args[i].Eval(ec);
            if (values[i].IsNull)
                yield break;            // strict: NULL in, no rows out
        }
        foreach (var row in setFn(values, ec))
        {
            n++;
            if (!ordinality)
            {
                yield return row;
                continue;
            }
            var r = new Datum[row.Length + 1];
            Array.Copy(row, r, row.Length);
            r[^1] = Datum.FromInt8(n);
            yield return r;
        }
    }
}
