// Cost and row estimates for EXPLAIN (a small costsize.c): sequential page cost 1.0, cpu_tuple_cost 0.01,
// cpu_operator_cost 0.0025. A table never vacuumed is sized from its pages (at least 10) and the tuple width,
// as PostgreSQL does without statistics; default selectivities: 0.005 for "=", 1/3 for inequalities, 0.5 else.
// The estimates only label the plan: nothing here changes how a query runs.
using Tusk.Catalog;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Nodes;

namespace Tusk.Executor.Analysis;

internal static class Costing
{
    const double SeqPageCost = 1.0;
    const double CpuTupleCost = 0.01;
    const double CpuOperatorCost = 0.0025;

    /// <summary>Average stored width of a column of the type (get_typavgwidth).</summary>
    public static int Width(uint type) => TypeStorage.TryGet(type, out var s) && s.Len > 0 ? s.Len : 32;

    public static void SeqScan(PlanNode node, Relation? rel, ResultColumn[] cols)
    {
        int width = cols.Sum(c => Width(c.TypeOid));
        double pages = rel == null ? 0 : rel.Heap.NBlocks;
        double tuples;
        if (rel == null)
        {
            tuples = 10;
            pages = 1;
        }
        else
        {
            if (pages < 10)
                pages = 10;
            double density = Math.Floor((8192 - 24) / (double)(width + 24 + 4));
            tuples = Math.Max(1, density * pages);
        }
        node.StartupCost = 0;
        node.TotalCost = pages * SeqPageCost + tuples * CpuTupleCost;
        node.PlanRows = tuples;
        node.PlanWidth = width;
    }

    static int Operators(BoundExpr e) => (e.Kind == BoundKind.Func ? 1 : 0) + e.Args.Sum(Operators);

    static double Selectivity(BoundExpr e) => e.Kind switch
    {
        BoundKind.And => e.Args.Aggregate(1.0, (s, a) => s * Selectivity(a)),
        BoundKind.Or => Math.Min(1, e.Args.Sum(Selectivity)),
        BoundKind.Not => 1 - Selectivity(e.Args[0]),
        BoundKind.Func when e.Name == "=" => 0.005,
        BoundKind.Func when e.Name is "<" or ">" or "<=" or ">=" => 1.0 / 3,
        BoundKind.NullTest => e.Flag ? 0.995 : 0.005,
        _ => 0.5,
    };

    public static void Filter(PlanNode node, BoundExpr qual)
    {
        double input = node.PlanRows;
        node.TotalCost += input * CpuOperatorCost * Math.Max(1, Operators(qual));
        node.PlanRows = Math.Max(1, Math.Round(input * Selectivity(qual)));
    }

    public static void Join(PlanNode node, PlanNode left, PlanNode right, BoundExpr? qual)
    {
        double pairs = left.PlanRows * right.PlanRows;
        node.StartupCost = left.StartupCost + right.StartupCost;
        node.TotalCost = left.TotalCost + right.TotalCost + pairs * CpuTupleCost
            + (qual == null ? 0 : pairs * CpuOperatorCost * Math.Max(1, Operators(qual)));
        node.PlanRows = Math.Max(1, Math.Round(qual == null ? pairs : pairs * Selectivity(qual)));
        node.PlanWidth = left.PlanWidth + right.PlanWidth;
    }

    public static void Agg(PlanNode node, PlanNode input, int keys, BoundExpr? having)
    {
        double groups = keys == 0 ? 1 : Math.Min(200, Math.Max(1, input.PlanRows));
        node.StartupCost = input.TotalCost + input.PlanRows * CpuOperatorCost * Math.Max(1, keys);
        node.TotalCost = node.StartupCost + groups * CpuTupleCost;
        node.PlanRows = having == null ? groups : Math.Max(1, Math.Round(groups * Selectivity(having)));
        node.PlanWidth = input.PlanWidth;
    }

    public static void Sort(PlanNode node, PlanNode input)
    {
        double n = Math.Max(2, input.PlanRows);
        node.StartupCost = input.TotalCost + 2 * CpuOperatorCost * n * Math.Log2(n);
        node.TotalCost = node.StartupCost + n * CpuOperatorCost;
        node.PlanRows = input.PlanRows;
        node.PlanWidth = input.PlanWidth;
    }

    /// <summary>ProjectSet: each input row times a set-returning function's default estimate (prorows 1000).</summary>
    public static void ProjectSet(PlanNode node, PlanNode input)
    {
        node.StartupCost = input.StartupCost;
        node.PlanRows = input.PlanRows * 1000;
        node.TotalCost = input.TotalCost + node.PlanRows * CpuTupleCost;
        node.PlanWidth = input.PlanWidth;
    }

    public static void PassThrough(PlanNode node, PlanNode input)
    {
        node.StartupCost = input.StartupCost;
        node.TotalCost = input.TotalCost;
        node.PlanRows = input.PlanRows;
        node.PlanWidth = input.PlanWidth;
    }
}
