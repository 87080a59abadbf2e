// ProjectSet: set-returning functions of the select list (SELECT generate_series(1, 3), regexp_matches(...)).
// For each child row the node runs every SRF call of its list in lockstep and yields the child row followed by one
// value per call, as many rows as the longest call returns; a call that has run out gives NULL, and a child row for
// which every call returns nothing yields no row (PostgreSQL 10's semantics). A strict call with a NULL argument
// returns no rows. The planner evaluates the rest of the select list in this node's Projection, over
// [child row..., SRF values...]; nested SRF calls become a ProjectSet over another ProjectSet.
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Nodes;

/// <summary>The child's rows, each extended by the rows of the SRF calls evaluated over it.</summary>
internal sealed class ProjectSetNode : PlanNode
{
    readonly BoundExpr[] _calls;

    /// <param name="child">The input; its rows are what the calls' column references read.</param>
    /// <param name="calls">Func nodes whose Payload is a set-returning <see cref="Builtin"/>.</param>
    public ProjectSetNode(PlanNode child, BoundExpr[] calls)
    {
        Children = [child];
        _calls = calls;
    }

    public override string NodeName => "ProjectSet";

    protected override IEnumerable<Datum[]> Produce(ExecState es)
    {
        var ec = es.NewEval();
        foreach (var row in Children[0].Exec(es))
        {
            ec.Row = row;
            var sources = new IEnumerator<Datum[]>?[_calls.Length];
            try
            {
                for (int i = 0; i < _calls.Length; i++)
                    sources[i] = Start(_calls[i], ec);
                while (true)
                {
                    var outRow = new Datum[row.Length + _calls.Length];
                    Array.Copy(row, outRow, row.Length);
                    bool any = false;
                    for (int i = 0; i < _calls.Length; i++)
                    {
                        var src = sources[i];
                        if (src != null && src.MoveNext())
                        {
                            outRow[row.Length + i] = Relabel(src.Current[0], _calls[i].Type);
                            any = true;
                            continue;
                        }
                        src?.Dispose();
                        sources[i] = null;
                        outRow[row.Length + i] = Datum.Null(_calls[i].Type);
                    }
                    if (!any)
                        break;
                    yield return outRow;
                    es.Session.CheckForInterrupts();
                }
            }
            finally
            {
                foreach (var src in sources)
                    src?.Dispose();
            }
        }
    }

    /// <summary>The rows of one call over the current row; null when a strict call has a NULL argument.</summary>
    static IEnumerator<Datum[]>? Start(BoundExpr call, EvalContext ec)
    {
        var fn = (Builtin)call.Payload!;
        var values = new Datum[call.Args.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = call.Args[i].Eval(ec);
            if (values[i].IsNull && fn.Strict)
                return null;
        }
        return fn.Set!(values, ec).GetEnumerator();
    }
}
