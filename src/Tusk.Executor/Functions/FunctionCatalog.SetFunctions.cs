// Set-returning functions (unnest, jsonb_each, jsonb_array_elements, jsonb_object_keys, ...): Builtins whose Set
// delegate yields the rows. They are registered among the ordinary functions too, so that overload resolution
// (FunctionCatalog.Select, with polymorphic instantiation) is the same; evaluated as a scalar they raise 0A000.
// A FROM-clause function scan or a target-list SRF node resolves the call with FindFunction + Select (or binds it
// with the Analyzer), checks Builtin.Set, and enumerates Set(args, ctx): each row has one value (ReturnType), or one
// per SetColumns entry. Strict SRFs give no rows when an argument is NULL; the node must check that itself.
// Entry points: FindSetFunction, IsSetReturning.
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

/// <summary>The rows of a set-returning function for its argument values.</summary>
internal delegate IEnumerable<Datum[]> SetFn(Datum[] args, EvalContext ctx);

internal static partial class FunctionCatalog
{
    static readonly Dictionary<string, List<Builtin>> SetFunctions = new(StringComparer.Ordinal);

    /// <summary>The set-returning overloads of a name (null when it has none).</summary>
    public static List<Builtin>? FindSetFunction(string name) => SetFunctions.GetValueOrDefault(name);

    /// <summary>True when the function is set-returning (its rows come from <see cref="Builtin.Set"/>).</summary>
    public static bool IsSetReturning(Builtin b) => b.Set != null;

    static void AddSetFunction(Builtin b, SetFn rows, (string Name, uint Type)[]? columns = null)
    {
        var fn = b with { Set = rows, SetColumns = columns };
        Add(SetFunctions, fn);
        Add(Functions, fn);
    }

    /// <summary>The scalar entry of a set-returning function: calling it outside a set context is an error.</summary>
    static ScalarFn SetOnly(string name) => (_, _) => Throw.Error<Datum>(SqlState.FeatureNotSupported,
        $"set-returning function {name}() is not supported in this context yet");
}
