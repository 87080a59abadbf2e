// Plan-time simplification of constant subexpressions (a subset of clauses.c eval_const_expressions), run over the
// WHERE clause and the select list once analysis is done. Bottom up: an immutable operator or cast whose arguments
// are all constants is evaluated now (so its errors, such as division by zero, surface at plan time even in a CASE
// arm that never runs, as in PostgreSQL); AND / OR drop constant-true / constant-false arms; NOT, IS [NOT] NULL,
// IS TRUE..., NULLIF, COALESCE, GREATEST/LEAST, IN lists and IS DISTINCT FROM over constants become constants;
// CASE drops arms whose condition is constant false or NULL and stops at a constant-true one.
// Only calls marked Immutable are evaluated: operators and casts over types whose behaviour depends on no setting
// (see Analyzer.IsImmutableType); parameters, columns and subqueries are left alone. Calls of immutable built-in
// functions were folded already while binding (ConstantFolding.cs, which leaves a failing call for this pass).
// An error while evaluating (1/0) leaves a node that raises it and is reported to the caller, which makes the plan
// raise it before its first row (PostgreSQL raises it while planning).
// Entry point: ConstFolding.Fold.
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Analysis;

internal static class ConstFolding
{
    public static BoundExpr Fold(BoundExpr e, ISessionContext session, Action<PgException> onError)
    {
        switch (e.Kind)
        {
            case BoundKind.Const or BoundKind.Param or BoundKind.Column or BoundKind.OuterParam or BoundKind.AggRef
                or BoundKind.SubPlan:
                return e;
            case BoundKind.Case:
                return FoldCase(e, session, onError);
            case BoundKind.And or BoundKind.Or:
                return FoldBool(e, session, onError);
        }
        var args = FoldArgs(e, session, onError, out bool changed);
        var folded = changed ? With(e, args) : e;
        bool allConst = Array.TrueForAll(args, a => a.IsConst);
        bool evaluate = e.Kind switch
        {
            BoundKind.Func => e.Immutable && allConst,
            BoundKind.Not or BoundKind.NullTest or BoundKind.BoolTest => allConst,
            // Their comparison operators are among the arguments: all constant once folded.
            BoundKind.NullIf or BoundKind.InList or BoundKind.Distinct => allConst,
            BoundKind.MinMax => allConst,
            BoundKind.Coalesce => args.Length > 0 && (args[0].IsConst && !args[0].Value.IsNull || allConst),
            _ => false,
        };
        if (!evaluate)
            return folded;
        Datum v;
        try
        {
            v = folded.Eval(new EvalContext([], session));
        }
        catch (PgException ex)
        {
            onError(ex);
            return folded;
        }
        return BoundExpr.Const(v.IsNull ? Datum.Null(e.Type) : v, e.Location, e.TypeMod);
    }

    static BoundExpr[] FoldArgs(BoundExpr e, ISessionContext session, Action<PgException> onError, out bool changed)
    {
        changed = false;
        if (e.Args.Length == 0)
            return e.Args;
        var args = new BoundExpr[e.Args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = Fold(e.Args[i], session, onError);
            changed |= !ReferenceEquals(args[i], e.Args[i]);
        }
        return args;
    }

    /// <summary>AND / OR: constant arms that cannot decide are dropped; a deciding constant decides.</summary>
    static BoundExpr FoldBool(BoundExpr e, ISessionContext session, Action<PgException> onError)
    {
        bool isAnd = e.Kind == BoundKind.And;
        var kept = new List<BoundExpr>();
        bool sawNull = false;
        foreach (var a in e.Args)
        {
            var f = Fold(a, session, onError);
            if (!f.IsConst)
            {
                kept.Add(f);
                continue;
            }
            if (f.Value.IsNull)
                sawNull = true;
            else if (f.Value.Bool != isAnd)
                return BoundExpr.Const(Datum.FromBool(!isAnd), e.Location);
        }
        if (kept.Count == 0)
            return BoundExpr.Const(sawNull ? Datum.Null(TypeOid.Bool) : Datum.FromBool(isAnd), e.Location);
        if (sawNull)
            kept.Add(BoundExpr.Const(Datum.Null(TypeOid.Bool), e.Location));
        return kept.Count == 1 ? kept[0] : With(e, [.. kept]);
    }

    /// <summary>CASE (Args: condition, result pairs, then the default).</summary>
    static BoundExpr FoldCase(BoundExpr e, ISessionContext session, Action<PgException> onError)
    {
        var args = new List<BoundExpr>();
        int n = e.Args.Length - 1;
        BoundExpr? deflt = null;
        for (int i = 0; i + 1 < n; i += 2)
        {
            var cond = Fold(e.Args[i], session, onError);
            if (cond.IsConst && (cond.Value.IsNull || !cond.Value.Bool))
                continue;
            var result = Fold(e.Args[i + 1], session, onError);
            if (cond.IsConst)
            {
                deflt = result;
                break;
            }
            args.Add(cond);
            args.Add(result);
        }
        deflt ??= Fold(e.Args[n], session, onError);
        if (args.Count == 0)
            return deflt;
        args.Add(deflt);
        return With(e, [.. args]);
    }

    static BoundExpr With(BoundExpr e, BoundExpr[] args) => new()
    {
        Kind = e.Kind, Type = e.Type, TypeMod = e.TypeMod, Args = args, Value = e.Value, Index = e.Index, Fn = e.Fn,
        Strict = e.Strict, Flag = e.Flag, Location = e.Location, Name = e.Name, Qualifier = e.Qualifier,
        Payload = e.Payload, Immutable = e.Immutable,
    };
}
