// A LANGUAGE sql function's body, compiled on first use (functions.c / inline_function in one): a body that is a
// single `SELECT expr` without FROM, WHERE, grouping or aggregates is bound as an expression over the arguments
// ($n and parameter names) and evaluated in place, as PostgreSQL inlines such functions; any other body is planned
// statement by statement with the arguments as parameters, and the last statement's first column of its first row
// is the result (NULL when it returns no row). The result is converted to the declared return type with an
// assignment cast (42P13 "return type mismatch" when there is none). Compiled once per call site; a replaced
// function is seen by statements planned after the change.
// Entry points: SqlFunctionBody.Compile (also CREATE FUNCTION's validation), Invoke.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;
using Tusk.Sql.Parser;

namespace Tusk.Executor.Analysis;

/// <summary>The name and parameter names a SQL function body may refer to.</summary>
internal sealed record SqlFunctionScope(string Name, string[] ParamNames);

internal sealed class SqlFunctionBody(ProcInfo proc)
{
    BoundExpr? _expr;
    List<PreparedQuery>? _plans;

    public ProcInfo Proc { get; } = proc;

    /// <summary>Parses and binds the body (errors as PostgreSQL's validator reports them).</summary>
    public void Compile(ISessionContext ctx)
    {
        var stmts = RawParser.Parse(Proc.Source, ctx.Settings.GetBool("standard_conforming_strings"));
        var scope = new SqlFunctionScope(Proc.Name, Proc.ArgNames);
        if (stmts.Count == 1 && stmts[0].Stmt is SelectStmt s && IsSimple(s))
        {
            var a = new Analyzer(ctx, Proc.ArgTypes) { FunctionScope = scope };
            var e = a.Bind(s.TargetList[0].Val);
            if (!a.HasAggregates)
            {
                CheckParams(a.FinishParams());
                _expr = Proc.ReturnType == TypeOid.Void ? e : CoerceResult(a, e);
                return;
            }
        }
        var plans = new List<PreparedQuery>();
        foreach (var raw in stmts)
        {
            var q = raw.Stmt is SelectStmt sel
                ? new Analyzer(ctx, Proc.ArgTypes) { FunctionScope = scope }.AnalyzeSelect(sel)
                : Planner.Plan(raw.Stmt, Proc.ArgTypes, ctx) ?? Throw.Error<PreparedQuery>(SqlState.FeatureNotSupported,
                    $"{raw.Stmt.GetType().Name.Replace("Stmt", "", StringComparison.Ordinal)} statements in SQL functions are not supported yet");
            CheckParams(q.ParamTypes);
            plans.Add(q);
        }
        if (Proc.ReturnType != TypeOid.Void)
        {
            var last = plans.Count > 0 ? plans[^1] : null;
            if (last == null || !last.ReturnsRows)
                Throw.Error("42P13", $"return type mismatch in function declared to return {TypeNames.Display(Proc.ReturnType)}",
                    detail: "Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.");
            if (last.Columns.Length != 1)
                Throw.Error("42P13", $"return type mismatch in function declared to return {TypeNames.Display(Proc.ReturnType)}",
                    detail: "Final statement must return exactly one column.");
            CheckResultType(last.Columns[0].TypeOid);
        }
        _plans = plans;
    }

    static bool IsSimple(SelectStmt s) => s.TargetList.Count == 1 && s.FromClause.Count == 0 && s.WhereClause == null
        && s.GroupClause.Count == 0 && s.HavingClause == null && s.SortClause.Count == 0 && s.LimitCount == null
        && s.LimitOffset == null && !s.Distinct && s.ValuesLists.Count == 0
        && s.TargetList[0].Val is not ColumnRef { IsStar: true };

    /// <summary>A body may use only the function's parameters (42P02 for $n beyond them).</summary>
    void CheckParams(uint[] used)
    {
        if (used.Length > Proc.ArgTypes.Length)
            Throw.Error(SqlState.UndefinedParameter, $"there is no parameter ${used.Length}");
    }

    void CheckResultType(uint type)
    {
        if (type != Proc.ReturnType && !Casts.CanAssign(type, Proc.ReturnType))
            Throw.Error("42P13", $"return type mismatch in function declared to return {TypeNames.Display(Proc.ReturnType)}",
                detail: $"Actual return type is {TypeNames.Display(type)}.");
    }

    BoundExpr CoerceResult(Analyzer a, BoundExpr e)
    {
        // An untyped literal result is text, as in a SELECT's target list.
        if (e.Type == TypeOid.Unknown)
            e = a.Coerce(e, TypeOid.Text, -1, false, e.Location);
        CheckResultType(e.Type);
        return a.Coerce(e, Proc.ReturnType, -1, false, e.Location, assignment: true);
    }

    /// <summary>Nesting depth of SQL function calls in this backend (a recursive function must not overflow the stack).</summary>
    static int _depth;

    const int MaxDepth = 1000;

    /// <summary>Runs the function on argument values already of the declared types.</summary>
    public Datum Invoke(Datum[] args, EvalContext c)
    {
        if (_depth >= MaxDepth)
            Throw.Error(SqlState.StatementTooComplex, "stack depth limit exceeded",
                hint: "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.");
        _depth++;
        try
        {
            return Run(args, c);
        }
        finally
        {
            _depth--;
        }
    }

    Datum Run(Datum[] args, EvalContext c)
    {
        if (_expr == null && _plans == null)
            Compile(c.Session);
        if (_expr != null)
        {
            var v = _expr.Eval(new EvalContext(args, c.Session));
            return Proc.ReturnType == TypeOid.Void ? Datum.Void() : v;
        }
        Datum result = Datum.Null(Proc.ReturnType);
        var plans = _plans!;
        for (int i = 0; i < plans.Count; i++)
        {
            bool last = i == plans.Count - 1;
            foreach (var row in plans[i].Execute(args, c.Session))
            {
                if (last && Proc.ReturnType != TypeOid.Void)
                {
                    result = Casts.Cast(row[0], Proc.ReturnType, -1, c.Session.Output, explicitCast: false);
                    break;
                }
            }
        }
        return Proc.ReturnType == TypeOid.Void ? Datum.Void() : result;
    }
}
