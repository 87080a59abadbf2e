// Entry point from the backend: analyse a SelectStmt into a typed plan (Analysis/Analyzer), ready to run.
// Errors (unknown column/function/relation, type mismatches) are PgExceptions with 1-based Positions.
using Tusk.Executor.Analysis;
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
        return new Analyzer(ctx, declaredParamTypes ?? []).AnalyzeSelect(stmt);
    }

    /// <summary>Whether <see cref="Plan"/> plans the statement (else it is a utility statement).</summary>
    public static bool IsOptimizable(Node stmt) => stmt is SelectStmt or InsertStmt or UpdateStmt or DeleteStmt;

    /// <summary>Plans an optimizable statement (SELECT, INSERT); null for a utility statement.</summary>
    public static PreparedQuery? Plan(Node stmt, uint[] declaredParamTypes, ISessionContext ctx) => stmt switch
    {
        SelectStmt s => PlanSelect(s, declaredParamTypes, ctx),
        InsertStmt s => InsertAnalysis.Plan(s, declaredParamTypes ?? [], ctx),
        UpdateStmt s => ModifyAnalysis.PlanUpdate(s, declaredParamTypes ?? [], ctx),
        DeleteStmt s => ModifyAnalysis.PlanDelete(s, declaredParamTypes ?? [], ctx),
        _ => null,
    };
}
