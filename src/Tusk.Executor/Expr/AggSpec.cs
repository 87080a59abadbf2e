// One aggregate call found in the target list, HAVING or ORDER BY: its kind, argument(s) (none for count(*)),
// DISTINCT flag, ORDER BY keys and result type. The planner turns each AggRef into a column of the Agg node's output.
namespace Tusk.Executor.Expr;

/// <summary>An aggregate to compute.</summary>
internal sealed record AggSpec(AggKind Kind, BoundExpr? Arg, bool Distinct, uint ResultType)
{
    /// <summary>Second argument (string_agg's delimiter).</summary>
    public BoundExpr? Arg2 { get; init; }

    /// <summary>string_agg(x, ',' ORDER BY y): the order the aggregate reads its input in (empty: input order).</summary>
    public SortKey[] Order { get; init; } = [];

    /// <summary>EXPLAIN text of the call, e.g. "count(*)".</summary>
    public string Display { get; init; } = "";
}
