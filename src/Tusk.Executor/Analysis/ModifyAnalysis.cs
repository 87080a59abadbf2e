// Parse analysis of UPDATE and DELETE (analyze.c transformUpdateStmt / transformDeleteStmt): the target table,
// SET assignments with assignment casts (42703 unknown column, 42601 a column assigned twice; DEFAULT takes the
// column default; a GENERATED ALWAYS identity column takes nothing else, 428C9), WHERE, and RETURNING over the new
// (UPDATE) or deleted (DELETE) row. UPDATE ... FROM and DELETE ... USING join the target row to the extra FROM
// items (the first matching combination updates the row, as in PG).
// Entry points: ModifyAnalysis.PlanUpdate, ModifyAnalysis.PlanDelete.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Nodes;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Analysis;

internal static class ModifyAnalysis
{
    public static PreparedQuery PlanUpdate(UpdateStmt s, uint[] declaredParamTypes, ISessionContext ctx)
    {
        var (rel, analyzer, view) = Target(s.Relation, declaredParamTypes, ctx);
        var from = analyzer.PlanExtraFrom(s.FromClause);
        var assignments = new List<(int, BoundExpr)>();
        foreach (var t in s.TargetList)
        {
            int col = rel.ColumnIndex(t.Name!);
            if (col < 0)
                Throw.Error(SqlState.UndefinedColumn, $"column \"{t.Name}\" of relation \"{rel.Name}\" does not exist",
                    position: t.Location + 1);
            if (assignments.Any(a => a.Item1 == col))
                Throw.Error(SqlState.SyntaxError, $"multiple assignments to same column \"{t.Name}\"",
                    position: t.Location + 1);
            var c = rel.Columns[col];
            BoundExpr e;
            if (t.Val is SetToDefault)
                e = InsertAnalysis.BindDefault(rel, c, ctx) ?? BoundExpr.Const(Datum.Null(c.Type));
            else if (c.Identity == 'a')
                return Throw.Error<PreparedQuery>(SqlState.GeneratedAlways,
                    $"column \"{c.Name}\" can only be updated to DEFAULT",
                    detail: $"Column \"{c.Name}\" is an identity column defined as GENERATED ALWAYS.");
            else if (t.Val is MultiAssignRef)
                return Throw.Error<PreparedQuery>(SqlState.FeatureNotSupported,
                    "multiple-column UPDATE is not supported yet", position: t.Location + 1);
            else
                e = analyzer.BindAssignment(t.Val, c.Type, c.TypMod, c.Name, "UPDATE");
            assignments.Add((col, e));
        }
        return Finish(rel, analyzer, view, from, s.WhereClause, [.. assignments], s.ReturningList, ctx);
    }

    public static PreparedQuery PlanDelete(DeleteStmt s, uint[] declaredParamTypes, ISessionContext ctx)
    {
        var (rel, analyzer, view) = Target(s.Relation, declaredParamTypes, ctx);
        var from = analyzer.PlanExtraFrom(s.UsingClause);
        return Finish(rel, analyzer, view, from, s.WhereClause, null, s.ReturningList, ctx);
    }

    static (Relation, Analyzer, TableView) Target(RangeVar rv, uint[] declaredParamTypes, ISessionContext ctx)
    {
        var rel = InsertAnalysis.OpenTarget(rv, ctx);
        var analyzer = new Analyzer(ctx, declaredParamTypes);
        var view = new TableView(rel, ctx);
        analyzer.AddRelation(rv.Alias ?? rel.Name, rv.Schema, view);
        return (rel, analyzer, view);
    }

    static UpdatePlan Finish(Relation rel, Analyzer analyzer, TableView view, PlanNode? from, Node? whereClause,
        (int, BoundExpr)[]? assignments, List<ResTarget> returningList, ISessionContext ctx)
    {
        var where = whereClause == null ? null : analyzer.BindCondition(whereClause, "WHERE");
        var returning = new List<BoundExpr>();
        var cols = new List<ResultColumn>();
        InsertAnalysis.BindReturning(analyzer, returningList, view, returning, cols);
        return new UpdatePlan(TargetRow.For(rel, ctx), view, from, where, assignments, [.. cols], [.. returning],
            analyzer.FinishParams());
    }
}
