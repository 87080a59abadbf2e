// One aggregate call found in the target list or ORDER BY: its kind, argument (null for count(*)),
// DISTINCT flag and result type. AggRef nodes read its result by index after the aggregation pass.
namespace Tusk.Executor.Expr;

/// <summary>An aggregate to compute.</summary>
internal sealed record AggSpec(AggKind Kind, BoundExpr? Arg, bool Distinct, uint ResultType);
