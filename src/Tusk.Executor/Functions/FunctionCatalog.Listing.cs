// The function and operator table listed in registration order, for the catalog rows written at bootstrap
// (BuiltinCatalogRows). Entry points: AllFunctions, AllOperators.
namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    /// <summary>Every built-in function overload.</summary>
    public static IEnumerable<Builtin> AllFunctions() => Functions.Values.SelectMany(l => l);

    /// <summary>Every built-in operator overload, with whether it is a prefix operator.</summary>
    public static IEnumerable<(Builtin Op, bool Prefix)> AllOperators() =>
        BinaryOps.Values.SelectMany(l => l).Select(b => (b, false))
            .Concat(PrefixOps.Values.SelectMany(l => l).Select(b => (b, true)));
}
