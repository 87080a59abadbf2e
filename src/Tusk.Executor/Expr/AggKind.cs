// The aggregate functions the first executor computes over a whole result (no GROUP BY yet).
namespace Tusk.Executor.Expr;

/// <summary>Built-in aggregate.</summary>
internal enum AggKind
{
    CountStar,
    Count,
    Max,
    Min,
    Sum,
    Avg,

    /// <summary>bool_and and every.</summary>
    BoolAnd,
    BoolOr,
}
