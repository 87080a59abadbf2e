// Node kinds of the typed expression tree the interpreter walks.
namespace Tusk.Executor.Expr;

/// <summary>Kind of <see cref="BoundExpr"/>.</summary>
internal enum BoundKind
{
    /// <summary>Constant Value.</summary>
    Const,
    /// <summary>Parameter $Index+1.</summary>
    Param,
    /// <summary>Column Index of the current input row.</summary>
    Column,
    /// <summary>Aggregate Index of the query level; the planner replaces it by the Agg node's output column.</summary>
    AggRef,
    /// <summary>Value Index of the enclosing query's row, passed to a correlated subquery.</summary>
    OuterParam,
    /// <summary>A subquery (Payload: Nodes.SubPlan); Args are the outer values it receives.</summary>
    SubPlan,
    /// <summary>Function/operator call Fn(Args); Strict: NULL in, NULL out.</summary>
    Func,
    And,
    Or,
    Not,
    /// <summary>Args[0] IS NULL (Flag: IS NOT NULL).</summary>
    NullTest,
    /// <summary>Boolean test; Index is the BoolTestType.</summary>
    BoolTest,
    /// <summary>Args = [cond1, result1, cond2, result2, ..., else].</summary>
    Case,
    Coalesce,
    /// <summary>Args = [a, b, a = b].</summary>
    NullIf,
    /// <summary>GREATEST (Flag false) / LEAST (Flag true) over Args.</summary>
    MinMax,
    /// <summary>Args[0] IN (Args[1..] comparisons: each Args[i] is the boolean lhs = item); Flag: NOT IN.</summary>
    InList,
    /// <summary>Args[0] IS [NOT] DISTINCT FROM Args[1]; Args[2] is the equality; Flag: NOT DISTINCT.</summary>
    Distinct,
}
