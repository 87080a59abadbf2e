// The typed expression tree and its tree-walking interpreter (a compact execQual). One class with a Kind
// switch keeps the evaluator in one place; later issues compile these trees into batch/vector form.
// Invariants: Type is never Unknown after analysis finishes (unknown results are relabelled text);
// Func nodes with Strict return NULL without calling Fn when any argument is NULL.
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Expr;

/// <summary>Function implementation: argument values in, result out.</summary>
internal delegate Datum ScalarFn(Datum[] args, EvalContext ctx);

/// <summary>A typed, evaluable expression.</summary>
internal sealed class BoundExpr
{
    public BoundKind Kind { get; init; }
    public uint Type { get; set; }
    public int TypeMod { get; set; } = -1;
    public BoundExpr[] Args { get; init; } = [];
    public Datum Value { get; init; }
    public int Index { get; init; }
    public ScalarFn? Fn { get; init; }
    public bool Strict { get; init; } = true;
    public bool Flag { get; init; }
    public int Location { get; init; } = -1;

    /// <summary>For EXPLAIN: the column, function or operator name ("::type" for a cast).</summary>
    public string? Name { get; init; }

    /// <summary>For EXPLAIN: the relation a column belongs to (its FROM reference name).</summary>
    public string? Qualifier { get; init; }

    /// <summary>
    /// A Func whose result depends only on its arguments (an operator or cast over setting-independent types):
    /// ConstFolding may evaluate it at plan time when its arguments are constants.
    /// </summary>
    public bool Immutable { get; init; }

    /// <summary>Node-specific data (the subquery of a SubPlan).</summary>
    public object? Payload { get; init; }

    public static BoundExpr Const(Datum v, int location = -1, int typmod = -1) =>
        new() { Kind = BoundKind.Const, Type = v.Type, Value = v, Location = location, TypeMod = typmod };

    public static BoundExpr Call(ScalarFn fn, uint type, BoundExpr[] args, bool strict = true, int location = -1,
        string? name = null) =>
        new() { Kind = BoundKind.Func, Type = type, Fn = fn, Args = args, Strict = strict, Location = location, Name = name };

    public bool IsConst => Kind == BoundKind.Const;

    public Datum Eval(EvalContext ctx)
    {
        switch (Kind)
        {
            case BoundKind.Const:
                return Value;
            case BoundKind.Param:
                return EvalParam(ctx);
            case BoundKind.Column:
                return ctx.Row[Index];
            case BoundKind.OuterParam:
                return ctx.OuterParams[Index];
            case BoundKind.SubPlan:
                return ((Nodes.SubPlan)Payload!).Eval(this, ctx);
            case BoundKind.Func:
            {
                var vals = new Datum[Args.Length];
                for (int i = 0; i < Args.Length; i++)
                {
                    vals[i] = Args[i].Eval(ctx);
                    if (Strict && vals[i].IsNull)
                        return Datum.Null(Type);
                }
                return Fn!(vals, ctx);
            }
            case BoundKind.And:
            {
                bool sawNull = false;
                foreach (var a in Args)
                {
                    var v = a.Eval(ctx);
                    if (v.IsNull)
                        sawNull = true;
                    else if (!v.Bool)
                        return Datum.FromBool(false);
                }
                return sawNull ? Datum.Null(TypeOid.Bool) : Datum.FromBool(true);
            }
            case BoundKind.Or:
            {
                bool sawNull = false;
                foreach (var a in Args)
                {
                    var v = a.Eval(ctx);
                    if (v.IsNull)
                        sawNull = true;
                    else if (v.Bool)
                        return Datum.FromBool(true);
                }
                return sawNull ? Datum.Null(TypeOid.Bool) : Datum.FromBool(false);
            }
            case BoundKind.Not:
            {
                var v = Args[0].Eval(ctx);
                return v.IsNull ? v : Datum.FromBool(!v.Bool);
            }
            case BoundKind.NullTest:
                return Datum.FromBool(Args[0].Eval(ctx).IsNull != Flag);
            case BoundKind.BoolTest:
            {
                var v = Args[0].Eval(ctx);
                bool r = (Sql.Nodes.BoolTestType)Index switch
                {
                    Sql.Nodes.BoolTestType.IsTrue => !v.IsNull && v.Bool,
                    Sql.Nodes.BoolTestType.IsNotTrue => v.IsNull || !v.Bool,
                    Sql.Nodes.BoolTestType.IsFalse => !v.IsNull && !v.Bool,
                    Sql.Nodes.BoolTestType.IsNotFalse => v.IsNull || v.Bool,
                    Sql.Nodes.BoolTestType.IsUnknown => v.IsNull,
                    _ => !v.IsNull,
                };
                return Datum.FromBool(r);
            }
            case BoundKind.Case:
            {
                int n = Args.Length - 1;
                for (int i = 0; i + 1 < n; i += 2)
                {
                    var c = Args[i].Eval(ctx);
                    if (!c.IsNull && c.Bool)
                        return Args[i + 1].Eval(ctx);
                }
                return Args[n].Eval(ctx);
            }
            case BoundKind.Coalesce:
                foreach (var a in Args)
                {
                    var v = a.Eval(ctx);
                    if (!v.IsNull)
                        return v;
                }
                return Datum.Null(Type);
            case BoundKind.NullIf:
            {
                var a = Args[0].Eval(ctx);
                var eq = Args[2].Eval(ctx);
                return !eq.IsNull && eq.Bool ? Datum.Null(Type) : a;
            }
            case BoundKind.MinMax:
            {
                Datum best = Datum.Null(Type);
                foreach (var a in Args)
                {
                    var v = a.Eval(ctx);
                    if (v.IsNull)
                        continue;
                    if (best.IsNull)
                    {
                        best = v;
                        continue;
                    }
                    int c = DatumOrder.Compare(v, best);
                    if (Flag ? c < 0 : c > 0)
                        best = v;
                }
                return best;
            }
            case BoundKind.InList:
            {
                // Args[i] (i >= 1) are the comparisons lhs = item_i; NOT IN negates the result (3-valued).
                bool sawNull = false;
                for (int i = 1; i < Args.Length; i++)
                {
                    var v = Args[i].Eval(ctx);
                    if (v.IsNull)
                        sawNull = true;
                    else if (v.Bool)
                        return Datum.FromBool(!Flag);
                }
                return sawNull ? Datum.Null(TypeOid.Bool) : Datum.FromBool(Flag);
            }
            case BoundKind.Distinct:
            {
                var a = Args[0].Eval(ctx);
                var b = Args[1].Eval(ctx);
                bool distinct;
                if (a.IsNull || b.IsNull)
                    distinct = a.IsNull != b.IsNull;
                else
                    distinct = !Args[2].Eval(ctx).Bool;
                return Datum.FromBool(distinct != Flag);
            }
            default:
                return Throw.Error<Datum>(SqlState.InternalError, $"unrecognized expression kind {Kind}");
        }
    }

    Datum EvalParam(EvalContext ctx)
    {
        if (Index >= ctx.Parameters.Length)
            return Throw.Error<Datum>(SqlState.UndefinedParameter, $"there is no parameter ${Index + 1}");
        var v = ctx.Parameters[Index];
        if (v.IsNull)
            return Datum.Null(Type);
        if (v.Type == Type)
            return v;
        // The backend may hand over text for a parameter it could not convert; coerce it here.
        return Casts.Cast(v, Type, TypeMod, ctx.Session.Output, explicitCast: true);
    }
}
