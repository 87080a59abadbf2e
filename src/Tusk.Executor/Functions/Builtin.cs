// One overload of a built-in function or operator (a pg_proc / pg_operator row with its implementation).
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

/// <summary>A built-in overload. AnyArgs: accepts any number of arguments of any type (VARIADIC "any").</summary>
internal sealed record Builtin(string Name, uint[] ArgTypes, uint ReturnType, ScalarFn Fn, bool Strict = true,
    bool AnyArgs = false);
