// A subquery inside an expression (PG's SubPlan): EXISTS, scalar (SELECT ...), x op ANY/ALL (SELECT ...) and
// x IN (SELECT ...). A correlated subquery receives the enclosing row's values it reads (the BoundExpr's Args,
// evaluated in the enclosing context) as OuterParams and runs again for each evaluation; an uncorrelated one
// (an "InitPlan") runs once per execution and its result is cached in the ExecState.
// Errors as PostgreSQL: 21000 "more than one row returned by a subquery used as an expression".
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Nodes;

/// <summary>The executable part of a subquery expression.</summary>
internal sealed class SubPlan
{
    static int _ids;

    public SubPlan(SubLinkType type, PlanNode plan, bool correlated)
    {
        Type = type;
        Plan = plan;
        Correlated = correlated;
        Id = Interlocked.Increment(ref _ids);
    }

    public int Id { get; }
    public SubLinkType Type { get; }
    public PlanNode Plan { get; }
    public bool Correlated { get; }

    /// <summary>Position within the query for EXPLAIN ("SubPlan 1").</summary>
    public int Number { get; set; }

    /// <summary>ANY/ALL: the left-hand side, evaluated in the enclosing context.</summary>
    public BoundExpr? Lhs { get; init; }

    /// <summary>ANY/ALL: the comparison over the row [lhs, subquery value].</summary>
    public BoundExpr? Test { get; init; }

    public Datum Eval(BoundExpr self, EvalContext ctx)
    {
        var es = ctx.Exec ?? Throw.Error<ExecState>(SqlState.FeatureNotSupported,
            "cannot use subquery in this context");
        if (!Correlated && Type is SubLinkType.Exists or SubLinkType.Expr
            && es.InitPlanValues.TryGetValue(Id, out var cached))
            return (Datum)cached;
        Datum[] outer = [];
        if (self.Args.Length > 0)
        {
            outer = new Datum[self.Args.Length];
            for (int i = 0; i < outer.Length; i++)
                outer[i] = self.Args[i].Eval(ctx);
        }
        var sub = Correlated ? es.ForSubquery(outer) : es;
        Datum result;
        switch (Type)
        {
            case SubLinkType.Exists:
            {
                using var e = Plan.Exec(sub).GetEnumerator();
                result = Datum.FromBool(e.MoveNext());
                break;
            }
            case SubLinkType.Expr:
            {
                result = Datum.Null(self.Type);
                bool seen = false;
                foreach (var row in Plan.Exec(sub))
                {
                    if (seen)
                        Throw.Error(SqlState.CardinalityViolation,
                            "more than one row returned by a subquery used as an expression");
                    seen = true;
                    result = row[0];
                }
                break;
            }
            default:
                result = AnyAll(ctx, sub);
                break;
        }
        if (!Correlated && Type is SubLinkType.Exists or SubLinkType.Expr)
            es.InitPlanValues[Id] = result;
        return result;
    }

    Datum AnyAll(EvalContext ctx, ExecState sub)
    {
        var lhs = Lhs!.Eval(ctx);
        var tc = sub.NewEval();
        bool any = Type == SubLinkType.Any;
        bool sawNull = false;
        foreach (var row in Plan.Exec(sub))
        {
            tc.Row = [lhs, row[0]];
            var v = Test!.Eval(tc);
            if (v.IsNull)
                sawNull = true;
            else if (v.Bool == any)
                return Datum.FromBool(any);
        }
        return sawNull ? Datum.Null(TypeOid.Bool) : Datum.FromBool(!any);
    }
}
