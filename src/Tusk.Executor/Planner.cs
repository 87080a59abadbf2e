// Entry point from the backend: analyse and plan SELECT/INSERT/UPDATE/DELETE/EXPLAIN into a typed plan, ready to run.
// Errors (unknown column/function/relation, type mismatches) are PgExceptions with 1-based Positions.
using Tusk.Common.Errors;
using Tusk.Executor.Analysis;
using Tusk.Executor.Commands;
using Tusk.Sql.Nodes;

namespace Tusk.Executor;

/// <summary>Plans SELECT statements.</summary>
public static class Planner
{
    /// <summary>
    /// Plans <paramref name="stmt"/>. <paramref name="declaredParamTypes"/> come from Parse (0 = unspecified);
    /// unspecified parameters are inferred from context, and text when nothing constrains them.
    /// </summary>
    public static PreparedQuery PlanSelect(SelectStmt stmt, uint[] declaredParamTypes, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(stmt);
        ArgumentNullException.ThrowIfNull(ctx);
        return Analyzer.WithSystemColumns(ctx, declaredParamTypes ?? [], a => a.AnalyzeSelect(stmt));
    }

    /// <summary>Plans a view's query; <paramref name="reads"/> gets the relations it names (its dependencies).</summary>
    public static PreparedQuery PlanView(SelectStmt stmt, ISessionContext ctx, out HashSet<uint> reads)
    {
        ArgumentNullException.ThrowIfNull(stmt);
        ArgumentNullException.ThrowIfNull(ctx);
        HashSet<uint>? named = null;
        var query = Analyzer.WithSystemColumns(ctx, [], a => a.AnalyzeView(stmt, out named));
        reads = named!;
        return query;
    }

    /// <summary>Whether <see cref="Plan"/> plans the statement (else it is a utility statement).</summary>
    public static bool IsOptimizable(Node stmt) =>
        stmt is SelectStmt or InsertStmt or UpdateStmt or DeleteStmt or ExplainStmt;

    /// <summary>Plans an optimizable statement (SELECT, INSERT); null for a utility statement.</summary>
    public static PreparedQuery? Plan(Node stmt, uint[] declaredParamTypes, ISessionContext ctx) => stmt switch
    {
        SelectStmt s => PlanSelect(s, declaredParamTypes, ctx),
        InsertStmt s => InsertAnalysis.Plan(s, declaredParamTypes ?? [], ctx),
        UpdateStmt s => ModifyAnalysis.PlanUpdate(s, declaredParamTypes ?? [], ctx),
        DeleteStmt s => ModifyAnalysis.PlanDelete(s, declaredParamTypes ?? [], ctx),
        ExplainStmt s => PlanExplain(s, declaredParamTypes ?? [], ctx),
        _ => null,
    };

    static PreparedQuery PlanExplain(ExplainStmt s, uint[] declaredParamTypes, ISessionContext ctx)
    {
        bool analyze = false, verbose = false, costs = true, timing = true;
        bool? summary = null;
        foreach (var o in s.Options)
        {
            switch (o.Defname)
            {
                case "analyze": analyze = CopyOptions.Bool(o); break;
                case "verbose": verbose = CopyOptions.Bool(o); break;
                case "costs": costs = CopyOptions.Bool(o); break;
                case "timing": timing = CopyOptions.Bool(o); break;
                case "summary": summary = CopyOptions.Bool(o); break;
                case "buffers": case "settings": case "wal": CopyOptions.Bool(o); break;
                case "format":
                    string v = (o.Arg as A_Const)?.Text ?? Throw.Error<string>(SqlState.SyntaxError,
                        "format requires a parameter", position: o.Location + 1);
                    if (v is "xml" or "json" or "yaml")
                        Throw.Error(SqlState.FeatureNotSupported, $"EXPLAIN format \"{v}\" is not supported yet",
                            position: o.Location + 1);
                    if (v != "text")
                        Throw.Error(SqlState.InvalidParameterValue,
                            $"unrecognized value for EXPLAIN option \"format\": \"{v}\"", position: o.Location + 1);
                    break;
                default:
                    Throw.Error(SqlState.SyntaxError, $"unrecognized EXPLAIN option \"{o.Defname}\"", position: o.Location + 1);
                    break;
            }
        }
        if (timing && !analyze && s.Options.Any(o => o.Defname == "timing"))
            Throw.Error(SqlState.InvalidParameterValue, "EXPLAIN option TIMING requires ANALYZE");
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        var inner = Plan(s.Query, declaredParamTypes, ctx)
            ?? Throw.Error<PreparedQuery>(SqlState.FeatureNotSupported, "EXPLAIN of this statement is not supported");
        double planningMs = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        var options = new Nodes.ExplainContext
        {
            Analyze = analyze, Verbose = verbose, Costs = costs, Timing = timing, Summary = summary ?? analyze,
            Output = ctx.Output,
        };
        return new Nodes.ExplainQuery(inner, options, planningMs);
    }
}
