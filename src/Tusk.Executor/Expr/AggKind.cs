// The built-in aggregate functions (count, sum, avg, min/max, bool_and/or, string_agg, array_agg).
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
    /// <summary>string_agg(value, delimiter): text or bytea.</summary>
    StringAgg,

    /// <summary>array_agg(value): every input value, NULLs included, in input order.</summary>
    ArrayAgg,
}
