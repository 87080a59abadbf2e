// A subquery inside an expression (PG's SubPlan): EXISTS, scalar (SELECT ...), ARRAY(SELECT ...), x op ANY/ALL
// (SELECT ...) and
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
    public SubPlan(SubLinkType type, PlanNode plan, bool correlated)
    {
        Type = type;
        Plan = plan;
        Correlated = correlated;
    }

    public SubLinkType Type { get; }
    public PlanNode Plan { get; }
    public bool Correlated { get; }

    /// <summary>ANY/ALL: the left-hand side, evaluated in the enclosing context.</summary>
    public BoundExpr? Lhs { get; init; }

    /// <summary>ANY/ALL: the comparison over the row [lhs, subquery value].</summary>
    public BoundExpr? Test { get; init; }

    /// <summary>
    /// ANY/ALL with a row on the left, (a, b) IN (SELECT x, y ...): the number of columns compared; Lhs is then a
    /// ROW(...) call whose arguments are the left values, and Test reads [a, b, x, y].
    /// </summary>
    public int Width { get; init; } = 1;

    public Datum Eval(BoundExpr self, EvalContext ctx)
    {
        var es = ctx.Exec ?? Throw.Error<ExecState>(SqlState.FeatureNotSupported,
            "cannot use subquery in this context");
        if (!Correlated && Type is SubLinkType.Exists or SubLinkType.Expr or SubLinkType.Array
            && es.InitPlanValues.TryGetValue(this, out var cached))
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
            case SubLinkType.Array:
            {
                // Every row's value, NULLs included, in the subquery's order; no rows give an empty array.
                var items = new List<Datum>();
                foreach (var row in Plan.Exec(sub))
                    items.Add(row[0]);
                result = Datum.FromArray(ArrayValue.OneDim(ArrayTypes.ElementOf(self.Type), [.. items]));
                break;
            }
            default:
                result = AnyAll(ctx, sub);
                break;
        }
        if (!Correlated && Type is SubLinkType.Exists or SubLinkType.Expr or SubLinkType.Array)
            es.InitPlanValues[this] = result;
        return result;
    }

    /// <summary>An uncorrelated subquery's values, read once per execution (hashed for "= ANY").</summary>
    sealed class Materialized
    {
        public readonly List<Datum[]> Rows = [];
        public HashSet<Datum>? Set;
        public bool HasNull;
    }

    Datum AnyAll(EvalContext ctx, ExecState sub)
    {
        var tc = sub.NewEval();
        if (Width > 1)
        {
            var values = new Datum[Width];
            for (int i = 0; i < Width; i++)
                values[i] = Lhs!.Args[i].Eval(ctx);
            var rowsOf = Correlated ? Plan.Exec(sub) : Materialize(sub, 0).Rows;
            return Decide(rowsOf, tc, row => [.. values, .. row.AsSpan(0, Width)]);
        }
        var lhs = Lhs!.Eval(ctx);
        if (Correlated)
            return Decide(Plan.Exec(sub), tc, row => [lhs, row[0]]);
        var mat = Materialize(sub, lhs.Type);
        if (mat.Set != null && !lhs.IsNull && lhs.Type == (mat.Rows.Count > 0 ? mat.Rows[0][0].Type : lhs.Type))
        {
            if (mat.Set.Contains(lhs))
                return Datum.FromBool(true);
            return mat.HasNull ? Datum.Null(TypeOid.Bool) : Datum.FromBool(false);
        }
        return Decide(mat.Rows, tc, row => [lhs, row[0]]);
    }

    /// <summary>
    /// An uncorrelated subquery's rows, read once per execution. "x = ANY" over values of x's own type
    /// (<paramref name="lhsType"/>) also gets a hash set of them (PG's hashed SubPlan).
    /// </summary>
    Materialized Materialize(ExecState sub, uint lhsType)
    {
        if (sub.InitPlanValues.TryGetValue(this, out var cached))
            return (Materialized)cached;
        var m = new Materialized();
        foreach (var row in Plan.Exec(sub))
        {
            m.Rows.Add(row);
            m.HasNull |= row[0].IsNull;
        }
        if (Width == 1 && Type == SubLinkType.Any && Test!.Name == "="
            && m.Rows.All(r => r[0].IsNull || r[0].Type == lhsType))
        {
            m.Set = new HashSet<Datum>(DatumEquality.Instance);
            foreach (var r in m.Rows)
                if (!r[0].IsNull)
                    m.Set.Add(r[0]);
        }
        sub.InitPlanValues[this] = m;
        return m;
    }

    /// <summary>ANY: true at the first row Test accepts; ALL: false at the first it rejects; else NULL if any was NULL.</summary>
    Datum Decide(IEnumerable<Datum[]> rows, EvalContext tc, Func<Datum[], Datum[]> testRow)
    {
        bool any = Type == SubLinkType.Any;
        bool sawNull = false;
        foreach (var row in rows)
        {
            tc.Row = testRow(row);
            var v = Test!.Eval(tc);
            if (v.IsNull)
                sawNull = true;
            else if (v.Bool == any)
                return Datum.FromBool(any);
        }
        return sawNull ? Datum.Null(TypeOid.Bool) : Datum.FromBool(!any);
    }
}
