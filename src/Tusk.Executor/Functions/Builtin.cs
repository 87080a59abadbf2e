// One overload of a built-in function or operator (a pg_proc / pg_operator row with its implementation).
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

/// <summary>A built-in overload. AnyArgs: accepts arguments of any type (VARIADIC "any"), at least as many as
/// ArgTypes has.</summary>
internal sealed record Builtin(string Name, uint[] ArgTypes, uint ReturnType, ScalarFn Fn, bool Strict = true,
    bool AnyArgs = false)
{
    /// <summary>Set-returning functions (proretset): the rows for the arguments; Fn then only raises an error.</summary>
    public SetFn? Set { get; init; }

    /// <summary>
    /// The output columns of a set-returning function that returns records (jsonb_each: key text, value jsonb);
    /// null when it returns one column of ReturnType, named after the function.
    /// </summary>
    public (string Name, uint Type)[]? SetColumns { get; init; }

    /// <summary>
    /// A "variadic any" function whose result is NULL when its VARIADIC array is NULL (concat, concat_ws); else a
    /// NULL array gives no variadic arguments (format).
    /// </summary>
    public bool NullVariadicIsNull { get; init; }
}
