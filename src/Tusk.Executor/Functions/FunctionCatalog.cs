// Built-in functions and operators with their implementations, and overload resolution (a simplified
// func_select_candidate): exact match; for a binary operator with one unknown side, the same type on both
// sides; otherwise candidates reachable by implicit casts ranked by exact matches, then preferred types
// (float8, text, timestamptz, bool, oid), then text for unknown arguments. A tie is "not unique" (42725).
using System.Globalization;
using Tusk.Common.Errors;
using Tusk.Common.Guc;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

/// <summary>The built-in function and operator table.</summary>
internal static partial class FunctionCatalog
{
    public const string VersionString =
        "PostgreSQL " + GucTable.ServerVersion + " on x86_64-pc-linux-gnu, compiled by .NET 10, 64-bit";

    static readonly uint[] Numbers =
        [TypeOid.Int2, TypeOid.Int4, TypeOid.Int8, TypeOid.Numeric, TypeOid.Float4, TypeOid.Float8];

    static readonly Dictionary<string, List<Builtin>> Functions = new(StringComparer.Ordinal);
    static readonly Dictionary<string, List<Builtin>> BinaryOps = new(StringComparer.Ordinal);
    static readonly Dictionary<string, List<Builtin>> PrefixOps = new(StringComparer.Ordinal);

    static readonly Random Rng = new();

    static FunctionCatalog()
    {
        RegisterOperators();
        RegisterFunctions();
        RegisterStrings();
        RegisterBinaryTypes();
    }

    public static List<Builtin>? FindFunction(string name) => Functions.GetValueOrDefault(name);

    public static List<Builtin>? FindOperator(string name, bool prefix) =>
        (prefix ? PrefixOps : BinaryOps).GetValueOrDefault(name);

    static void Add(Dictionary<string, List<Builtin>> d, Builtin b)
    {
        if (!d.TryGetValue(b.Name, out var list))
            d[b.Name] = list = [];
        list.Add(b);
    }

    static void Fn(string name, uint[] args, uint ret, ScalarFn fn, bool strict = true) =>
        Add(Functions, new Builtin(name, args, ret, fn, strict));

    static void Op(string name, uint l, uint r, uint ret, ScalarFn fn) =>
        Add(BinaryOps, new Builtin(name, [l, r], ret, fn));

    // ---- resolution ----------------------------------------------------------------------------------

    static bool IsPreferred(uint t) =>
        t is TypeOid.Float8 or TypeOid.Text or TypeOid.TimestampTz or TypeOid.Bool or TypeOid.Oid;

    /// <summary>Chooses an overload for the argument types; null when none fits; ambiguous when several tie.</summary>
    public static Builtin? Select(List<Builtin> candidates, uint[] args, out bool ambiguous)
    {
        ambiguous = false;
        var fit = new List<Builtin>();
        foreach (var c in candidates)
        {
            if (c.AnyArgs && args.Length >= c.ArgTypes.Length)
                return c;
            if (c.ArgTypes.Length != args.Length)
                continue;
            bool exact = true;
            bool ok = true;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] != c.ArgTypes[i])
                    exact = false;
                if (!Casts.CanImplicit(args[i], c.ArgTypes[i]))
                    ok = false;
            }
            if (exact)
                return c;
            if (ok)
                fit.Add(c);
        }
        if (fit.Count == 0)
            return null;
        if (args.Length == 2 && (args[0] == TypeOid.Unknown) != (args[1] == TypeOid.Unknown))
        {
            uint known = args[0] == TypeOid.Unknown ? args[1] : args[0];
            foreach (var c in fit)
                if (c.ArgTypes[0] == known && c.ArgTypes[1] == known)
                    return c;
        }
        if (fit.Count == 1)
            return fit[0];
        fit = KeepBest(fit, c => Count(c, args, (a, t) => a == t));
        fit = KeepBest(fit, c => Count(c, args, (a, t) => a != t && a != TypeOid.Unknown && IsPreferred(t)));
        if (fit.Count > 1 && args.Contains(TypeOid.Unknown))
        {
            var strings = fit.Where(c => Enumerable.Range(0, args.Length)
                .All(i => args[i] != TypeOid.Unknown || TypeNames.IsString(c.ArgTypes[i]))).ToList();
            if (strings.Count > 0)
                fit = KeepBest(strings, c => Count(c, args, (a, t) => a == TypeOid.Unknown && IsPreferred(t)));
            if (fit.Count > 1 && args.All(a => a == TypeOid.Unknown))
            {
                ambiguous = true;
                return null;
            }
        }
        // Remaining ties between known types: the first registered (narrowest) overload wins.
        return fit[0];
    }

    static int Count(Builtin c, uint[] args, Func<uint, uint, bool> pred)
    {
        int n = 0;
        for (int i = 0; i < args.Length; i++)
            if (pred(args[i], c.ArgTypes[i]))
                n++;
        return n;
    }

    static List<Builtin> KeepBest(List<Builtin> list, Func<Builtin, int> score)
    {
        int best = list.Max(score);
        return list.Where(c => score(c) == best).ToList();
    }

    // ---- operators -----------------------------------------------------------------------------------

    static void RegisterOperators()
    {
        foreach (uint t in Numbers)
        {
            foreach (string op in new[] { "+", "-", "*", "/" })
                Op(op, t, t, t, Arith(op, t));
            if (t is not (TypeOid.Float4 or TypeOid.Float8))
                Op("%", t, t, t, Arith("%", t));
            Add(PrefixOps, new Builtin("-", [t], t, Negate(t)));
            Add(PrefixOps, new Builtin("+", [t], t, static (a, _) => a[0]));
            RegisterComparisons(t, t);
        }
        // Cross-type integer and float operators (int24pl, int48mul, float48div, ...).
        (uint, uint, uint)[] cross =
        [
            (TypeOid.Int2, TypeOid.Int4, TypeOid.Int4), (TypeOid.Int4, TypeOid.Int2, TypeOid.Int4),
            (TypeOid.Int2, TypeOid.Int8, TypeOid.Int8), (TypeOid.Int8, TypeOid.Int2, TypeOid.Int8),
            (TypeOid.Int4, TypeOid.Int8, TypeOid.Int8), (TypeOid.Int8, TypeOid.Int4, TypeOid.Int8),
            (TypeOid.Float4, TypeOid.Float8, TypeOid.Float8), (TypeOid.Float8, TypeOid.Float4, TypeOid.Float8),
        ];
        foreach (var (l, r, res) in cross)
        {
            foreach (string op in new[] { "+", "-", "*", "/" })
                Op(op, l, r, res, Arith(op, res));
            if (TypeNames.IsInteger(res))
                Op("%", l, r, res, Arith("%", res));
            RegisterComparisons(l, r);
        }
        Op("^", TypeOid.Float8, TypeOid.Float8, TypeOid.Float8, static (a, _) => FloatResult(
            FloatPow(a[0].Float, a[1].Float), TypeOid.Float8, a[0].Float, a[1].Float));
        Op("^", TypeOid.Numeric, TypeOid.Numeric, TypeOid.Numeric,
            static (a, _) => Datum.FromNumeric(Numerics.Pow(a[0].Numeric, a[1].Numeric)));
        foreach (uint t in new[] { TypeOid.Text, TypeOid.Bool, TypeOid.TimestampTz, TypeOid.Timestamp, TypeOid.Oid,
                     TypeOid.Bytea, TypeOid.Name, TypeOid.Char })
            RegisterComparisons(t, t);
        Op("||", TypeOid.Text, TypeOid.Text, TypeOid.Text,
            static (a, _) => Datum.FromText((string)a[0].Ref! + (string)a[1].Ref!));
        Op("~~", TypeOid.Text, TypeOid.Text, TypeOid.Bool,
            static (a, _) => Datum.FromBool(LikeMatcher.Like(a[0].Text, a[1].Text, null, false)));
        Op("!~~", TypeOid.Text, TypeOid.Text, TypeOid.Bool,
            static (a, _) => Datum.FromBool(!LikeMatcher.Like(a[0].Text, a[1].Text, null, false)));
        Op("~~*", TypeOid.Text, TypeOid.Text, TypeOid.Bool,
            static (a, _) => Datum.FromBool(LikeMatcher.Like(a[0].Text, a[1].Text, null, true)));
        Op("!~~*", TypeOid.Text, TypeOid.Text, TypeOid.Bool,
            static (a, _) => Datum.FromBool(!LikeMatcher.Like(a[0].Text, a[1].Text, null, true)));
        Add(PrefixOps, new Builtin("@", [TypeOid.Float8], TypeOid.Float8,
            static (a, _) => Datum.FromFloat8(Math.Abs(a[0].Float))));
        Add(PrefixOps, new Builtin("|/", [TypeOid.Float8], TypeOid.Float8, static (a, _) => Sqrt(a[0].Float)));
    }

    static void RegisterComparisons(uint l, uint r)
    {
        Op("=", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool(DatumOrder.Compare(a[0], a[1]) == 0));
        Op("<>", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool(DatumOrder.Compare(a[0], a[1]) != 0));
        Op("<", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool(DatumOrder.Compare(a[0], a[1]) < 0));
        Op(">", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool(DatumOrder.Compare(a[0], a[1]) > 0));
        Op("<=", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool(DatumOrder.Compare(a[0], a[1]) <= 0));
        Op(">=", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool(DatumOrder.Compare(a[0], a[1]) >= 0));
    }

    static ScalarFn Negate(uint t) => t switch
    {
        TypeOid.Numeric => static (a, _) => Datum.FromNumeric(-a[0].Numeric),
        TypeOid.Float4 => static (a, _) => Datum.FromFloat4(-(float)a[0].Float),
        TypeOid.Float8 => static (a, _) => Datum.FromFloat8(-a[0].Float),
        _ => (a, _) =>
        {
            if (a[0].Int == long.MinValue)
                Casts.OutOfRange(t);
            return Casts.MakeInt(-a[0].Int, t);
        },
    };

    static ScalarFn Arith(string op, uint rt)
    {
        if (TypeNames.IsInteger(rt))
            return (a, _) => IntArith(op, a[0].Int, a[1].Int, rt);
        if (rt == TypeOid.Numeric)
            return op switch
            {
                "+" => static (a, _) => Datum.FromNumeric(Numerics.Add(a[0].Numeric, a[1].Numeric)),
                "-" => static (a, _) => Datum.FromNumeric(Numerics.Sub(a[0].Numeric, a[1].Numeric)),
                "*" => static (a, _) => Datum.FromNumeric(Numerics.Mul(a[0].Numeric, a[1].Numeric)),
                "/" => static (a, _) => Datum.FromNumeric(Numerics.Div(a[0].Numeric, a[1].Numeric)),
                _ => static (a, _) => Datum.FromNumeric(Numerics.Mod(a[0].Numeric, a[1].Numeric)),
            };
        return (a, _) =>
        {
            double x = a[0].Float;
            double y = a[1].Float;
            double r;
            switch (op)
            {
                case "+":
                    r = x + y;
                    break;
                case "-":
                    r = x - y;
                    break;
                case "*":
                    r = x * y;
                    break;
                default:
                    if (y == 0)
                        Throw.Error(SqlState.DivisionByZero, "division by zero");
                    r = x / y;
                    break;
            }
            return FloatResult(r, rt, x, y);
        };
    }

    static Datum FloatResult(double r, uint rt, double x, double y)
    {
        if (double.IsInfinity(r) && !double.IsInfinity(x) && !double.IsInfinity(y))
            Throw.Error(SqlState.NumericValueOutOfRange, "value out of range: overflow");
        if (rt == TypeOid.Float4)
        {
            float f = (float)r;
            if (float.IsInfinity(f) && !double.IsInfinity(r))
                Throw.Error(SqlState.NumericValueOutOfRange, "value out of range: overflow");
            return Datum.FromFloat4(f);
        }
        return Datum.FromFloat8(r);
    }

    static double FloatPow(double x, double y)
    {
        if (x == 0 && y < 0)
            Throw.Error("2201F", "zero raised to a negative power is undefined");
        if (x < 0 && Math.Floor(y) != y)
            Throw.Error("2201F", "a negative number raised to a non-integer power yields a complex result");
        return Math.Pow(x, y);
    }

    static Datum Sqrt(double v)
    {
        if (v < 0)
            Throw.Error("2201F", "cannot take square root of a negative number");
        return Datum.FromFloat8(Math.Sqrt(v));
    }

    static Datum IntArith(string op, long x, long y, uint rt)
    {
        long r;
        try
        {
            switch (op)
            {
                case "+":
                    r = checked(x + y);
                    break;
                case "-":
                    r = checked(x - y);
                    break;
                case "*":
                    r = checked(x * y);
                    break;
                case "/":
                    if (y == 0)
                        Throw.Error(SqlState.DivisionByZero, "division by zero");
                    r = checked(x / y);
                    break;
                default:
                    if (y == 0)
                        Throw.Error(SqlState.DivisionByZero, "division by zero");
                    r = y == -1 ? 0 : x % y;
                    break;
            }
        }
        catch (OverflowException)
        {
            Casts.OutOfRange(rt);
            return default;
        }
        return Casts.MakeInt(r, rt);
    }

    // ---- functions -----------------------------------------------------------------------------------

    static Datum Name(string s) => Datum.FromText(s, TypeOid.Name);

    static void RegisterFunctions()
    {
        const uint Text = TypeOid.Text;
        const uint Int4 = TypeOid.Int4;
        const uint Int8 = TypeOid.Int8;
        const uint F8 = TypeOid.Float8;
        const uint Num = TypeOid.Numeric;
        const uint Bool = TypeOid.Bool;
        const uint Tstz = TypeOid.TimestampTz;

        Fn("version", [], Text, static (_, _) => Datum.FromText(VersionString));
        Fn("current_database", [], TypeOid.Name, static (_, c) => Name(c.Session.DatabaseName));
        Fn("current_schema", [], TypeOid.Name, static (_, _) => Name("public"));
        Fn("current_user", [], TypeOid.Name, static (_, c) => Name(c.Session.UserName));
        Fn("session_user", [], TypeOid.Name, static (_, c) => Name(c.Session.UserName));
        Fn("now", [], Tstz, static (_, c) => Datum.FromTimestampTz(c.Session.TransactionStartMicros));
        Fn("transaction_timestamp", [], Tstz, static (_, c) => Datum.FromTimestampTz(c.Session.TransactionStartMicros));
        Fn("statement_timestamp", [], Tstz, static (_, c) => Datum.FromTimestampTz(c.Session.StatementStartMicros));
        Fn("clock_timestamp", [], Tstz, static (_, _) => Datum.FromTimestampTz(TypeIO.ToPgMicros(DateTime.UtcNow)));
        Fn("timeofday", [], Text, static (_, _) => Datum.FromText(DateTime.UtcNow.ToString(
            "ddd MMM dd HH:mm:ss.ffffff yyyy 'UTC'", CultureInfo.InvariantCulture)));
        Fn("pg_backend_pid", [], Int4, static (_, c) => Datum.FromInt4(c.Session.BackendPid));
        Fn("pg_sleep", [F8], TypeOid.Void, static (a, c) =>
        {
            c.Session.Sleep(a[0].Float);
            return Datum.Void();
        });
        Fn("pg_cancel_backend", [Int4], Bool,
            static (a, c) => Datum.FromBool(c.Session.SignalBackend((int)a[0].Int, terminate: false)));
        Fn("pg_terminate_backend", [Int4], Bool,
            static (a, c) => Datum.FromBool(c.Session.SignalBackend((int)a[0].Int, terminate: true)));
        Fn("pg_terminate_backend", [Int4, Int8], Bool, static (a, c) =>
        {
            if (a[1].Int < 0)
                Throw.Error(SqlState.InvalidParameterValue, "\"timeout\" must not be negative");
            return Datum.FromBool(c.Session.SignalBackend((int)a[0].Int, terminate: true));
        });
        Fn("current_setting", [Text], Text, static (a, c) => Datum.FromText(c.Session.Settings.Show(a[0].Text)));
        Fn("current_setting", [Text, Bool], Text, static (a, c) =>
        {
            if (a[1].Bool && GucTable.Find(a[0].Text) == null)
                return Datum.Null(TypeOid.Text);
            return Datum.FromText(c.Session.Settings.Show(a[0].Text));
        });
        Fn("set_config", [Text, Text, Bool], Text, static (a, c) =>
        {
            if (a[0].IsNull)
                Throw.Error(SqlState.InvalidParameterValue, "SET requires parameter name");
            string value = a[1].IsNull ? Settings.Definition(a[0].Text).BootValue : a[1].Text;
            c.Session.Settings.Set(a[0].Text, value, GucSource.Session, isLocal: !a[2].IsNull && a[2].Bool,
                inTransaction: true);
            return Datum.FromText(c.Session.Settings.Show(a[0].Text));
        }, strict: false);

        // Numbers.
        foreach (uint t in Numbers)
            Fn("abs", [t], t, AbsFn(t));
        Fn("random", [], F8, static (_, _) => Datum.FromFloat8(Rng.NextDouble()));
        Fn("pi", [], F8, static (_, _) => Datum.FromFloat8(Math.PI));
        Fn("sqrt", [F8], F8, static (a, _) => Sqrt(a[0].Float));
        Fn("round", [F8], F8, static (a, _) => Datum.FromFloat8(Math.Round(a[0].Float, MidpointRounding.ToEven)));
        Fn("round", [Num], Num, static (a, _) =>
            Datum.FromNumeric(decimal.Round(a[0].Numeric, 0, MidpointRounding.AwayFromZero)));
        Fn("round", [Num, Int4], Num, static (a, _) => Datum.FromNumeric(RoundNumeric(a[0].Numeric, (int)a[1].Int)));
        Fn("trunc", [F8], F8, static (a, _) => Datum.FromFloat8(Math.Truncate(a[0].Float)));
        Fn("trunc", [Num], Num, static (a, _) => Datum.FromNumeric(decimal.Truncate(a[0].Numeric)));
        Fn("trunc", [Num, Int4], Num, static (a, _) => Datum.FromNumeric(TruncNumeric(a[0].Numeric, (int)a[1].Int)));
        Fn("floor", [F8], F8, static (a, _) => Datum.FromFloat8(Math.Floor(a[0].Float)));
        Fn("floor", [Num], Num, static (a, _) => Datum.FromNumeric(decimal.Floor(a[0].Numeric)));
        Fn("ceil", [F8], F8, static (a, _) => Datum.FromFloat8(Math.Ceiling(a[0].Float)));
        Fn("ceil", [Num], Num, static (a, _) => Datum.FromNumeric(decimal.Ceiling(a[0].Numeric)));
        Fn("ceiling", [F8], F8, static (a, _) => Datum.FromFloat8(Math.Ceiling(a[0].Float)));
        Fn("ceiling", [Num], Num, static (a, _) => Datum.FromNumeric(decimal.Ceiling(a[0].Numeric)));
        Fn("mod", [Int4, Int4], Int4, static (a, _) => IntArith("%", a[0].Int, a[1].Int, TypeOid.Int4));
        Fn("mod", [Int8, Int8], Int8, static (a, _) => IntArith("%", a[0].Int, a[1].Int, TypeOid.Int8));
        Fn("mod", [Num, Num], Num, static (a, _) => Datum.FromNumeric(Numerics.Mod(a[0].Numeric, a[1].Numeric)));
        Fn("power", [F8, F8], F8, static (a, _) => Datum.FromFloat8(FloatPow(a[0].Float, a[1].Float)));
        Fn("power", [Num, Num], Num, static (a, _) => Datum.FromNumeric(Numerics.Pow(a[0].Numeric, a[1].Numeric)));
    }

    /// <summary>Text output of any value (concat, ||): bool prints as t/f like its output function.</summary>
    public static string OutText(in Datum d, EvalContext c) =>
        d.Ref is string s && TypeNames.IsString(d.Type) ? s : TypeIO.ToText(d, c.Session.Output);

    static ScalarFn AbsFn(uint t) => t switch
    {
        TypeOid.Numeric => static (a, _) => Datum.FromNumeric(Math.Abs(a[0].Numeric)),
        TypeOid.Float4 => static (a, _) => Datum.FromFloat4(Math.Abs((float)a[0].Float)),
        TypeOid.Float8 => static (a, _) => Datum.FromFloat8(Math.Abs(a[0].Float)),
        _ => (a, _) =>
        {
            if (a[0].Int == long.MinValue)
                Casts.OutOfRange(t);
            return Casts.MakeInt(Math.Abs(a[0].Int), t);
        },
    };

    static decimal RoundNumeric(decimal d, int scale)
    {
        if (scale >= 0)
            return Numerics.WithScale(decimal.Round(d, Math.Min(scale, 28), MidpointRounding.AwayFromZero), scale);
        decimal f = 1;
        for (int i = 0; i < -scale && i < 28; i++)
            f *= 10;
        return decimal.Round(d / f, 0, MidpointRounding.AwayFromZero) * f;
    }

    static decimal TruncNumeric(decimal d, int scale)
    {
        if (scale >= 0)
            return Numerics.WithScale(decimal.Round(d, Math.Min(scale, 28), MidpointRounding.ToZero), scale);
        decimal f = 1;
        for (int i = 0; i < -scale && i < 28; i++)
            f *= 10;
        return decimal.Truncate(d / f) * f;
    }
}
