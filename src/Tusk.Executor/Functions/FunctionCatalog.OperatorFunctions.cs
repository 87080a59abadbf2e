// The functions behind PostgreSQL's arithmetic and comparison operators under their pg_proc names (int4pl,
// float8mi, numeric_add, texteq, int4larger, int4inc, ...), so what names them as functions finds them: a call
// such as int4pl(1, 2), and CREATE AGGREGATE's sfunc and finalfunc. Each shares the operator's implementation.
// Entry point: RegisterOperatorFunctions, after the operators are registered.
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    static readonly (uint Type, string Prefix)[] OperatorFunctionTypes =
    [
        (TypeOid.Int2, "int2"), (TypeOid.Int4, "int4"), (TypeOid.Int8, "int8"),
        (TypeOid.Float4, "float4"), (TypeOid.Float8, "float8"),
    ];

    static readonly (string Suffix, string Op)[] OperatorFunctionSuffixes =
    [
        ("pl", "+"), ("mi", "-"), ("mul", "*"), ("div", "/"), ("mod", "%"),
        ("eq", "="), ("ne", "<>"), ("lt", "<"), ("le", "<="), ("gt", ">"), ("ge", ">="),
    ];

    static readonly (string Name, string Op)[] NumericOperatorFunctions =
    [
        ("numeric_add", "+"), ("numeric_sub", "-"), ("numeric_mul", "*"), ("numeric_div", "/"), ("numeric_mod", "%"),
        ("numeric_eq", "="), ("numeric_ne", "<>"), ("numeric_lt", "<"), ("numeric_le", "<="), ("numeric_gt", ">"),
        ("numeric_ge", ">="),
    ];

    static readonly (string Name, string Op)[] TextOperatorFunctions =
    [
        ("textcat", "||"), ("texteq", "="), ("textne", "<>"), ("text_lt", "<"), ("text_le", "<="), ("text_gt", ">"),
        ("text_ge", ">="),
    ];

    static void RegisterOperatorFunctions()
    {
        foreach (var (t, prefix) in OperatorFunctionTypes)
        {
            foreach (var (suffix, op) in OperatorFunctionSuffixes)
                AliasBinary(prefix + suffix, op, t);
            AliasPrefix(prefix + "um", "-", t);
            AliasPrefix(prefix + "up", "+", t);
            AliasExtremes(prefix + "larger", prefix + "smaller", t);
        }
        foreach (var (name, op) in NumericOperatorFunctions)
            AliasBinary(name, op, TypeOid.Numeric);
        AliasPrefix("numeric_uminus", "-", TypeOid.Numeric);
        AliasPrefix("numeric_uplus", "+", TypeOid.Numeric);
        AliasExtremes("numeric_larger", "numeric_smaller", TypeOid.Numeric);
        foreach (var (name, op) in TextOperatorFunctions)
            AliasBinary(name, op, TypeOid.Text);
        AliasExtremes("text_larger", "text_smaller", TypeOid.Text);
        // int4inc / int8inc: the transition functions of count-like aggregates.
        foreach (uint t in new[] { TypeOid.Int4, TypeOid.Int8 })
        {
            var plus = OperatorOverload("+", t);
            Fn(t == TypeOid.Int4 ? "int4inc" : "int8inc", [t], t,
                (a, c) => plus.Fn([a[0], t == TypeOid.Int4 ? Datum.FromInt4(1) : Datum.FromInt8(1)], c));
        }
    }

    /// <summary>The binary operator <paramref name="op"/> over two arguments of type <paramref name="t"/>.</summary>
    static Builtin OperatorOverload(string op, uint t) =>
        BinaryOps[op].Single(b => b.ArgTypes[0] == t && b.ArgTypes[1] == t);

    static void AliasBinary(string name, string op, uint t)
    {
        if (!BinaryOps.TryGetValue(op, out var list))
            return;
        var b = list.FirstOrDefault(x => x.ArgTypes.Length == 2 && x.ArgTypes[0] == t && x.ArgTypes[1] == t);
        if (b != null)
            Add(Functions, b with { Name = name });
    }

    static void AliasPrefix(string name, string op, uint t)
    {
        var b = PrefixOps[op].Single(x => x.ArgTypes[0] == t);
        Add(Functions, b with { Name = name });
    }

    /// <summary>xlarger / xsmaller (the max/min transition functions): the greater or lesser argument.</summary>
    static void AliasExtremes(string larger, string smaller, uint t)
    {
        Fn(larger, [t, t], t, static (a, _) => DatumOrder.Compare(a[0], a[1]) >= 0 ? a[0] : a[1]);
        Fn(smaller, [t, t], t, static (a, _) => DatumOrder.Compare(a[0], a[1]) <= 0 ? a[0] : a[1]);
    }
}
