// Values Scan: VALUES (...), (...) as a row source; each row's expressions are evaluated when the row is read.
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Nodes;

/// <summary>A VALUES list.</summary>
internal sealed class ValuesScanNode(BoundExpr[][] rows, string alias) : PlanNode
{
    public override string NodeName => "Values Scan";

    public override bool SupportsBackwardScan => true;

    public override string Target => $" on {FunctionCatalog.QuoteIdent(alias)}";

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        var ec = es.NewEval();
        foreach (var exprs in rows)
        {
            var row = new Datum[exprs.Length];
            for (int i = 0; i < row.Length; i++)
                row[i] = Relabel(exprs[i].Eval(ec), exprs[i].Type);
            yield return row;
        }
    }
}
