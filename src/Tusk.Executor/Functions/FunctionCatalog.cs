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
        RegisterGeometry();
        RegisterRangeSupport();
        RegisterDescriptions();
        RegisterSequences();
        RegisterArrays();
        RegisterJson();
        RegisterSeries();
        RegisterOperatorFunctions();
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
        bool polymorphicUnknown = false;
        foreach (var declared in candidates)
        {
            if (declared.AnyArgs && args.Length >= declared.ArgTypes.Length)
                return declared;
            // Polymorphic signatures compete as their instance for these arguments (Polymorphic.cs).
            var c = Polymorphic.Instantiate(declared, args, out bool unknownOnly);
            polymorphicUnknown |= unknownOnly;
            if (c == null || c.ArgTypes.Length != args.Length)
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
            return polymorphicUnknown
                ? Throw.Error<Builtin>(SqlState.DatatypeMismatch,
                    "could not determine polymorphic type because input has type unknown")
                : null;
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
            else if (!ByCategoryAtUnknowns(ref fit, args))
            {
                ambiguous = true;
                return null;
            }
            if (fit.Count > 1 && args.All(a => a == TypeOid.Unknown))
            {
                ambiguous = true;
                return null;
            }
        }
        // Remaining ties between known types: the first registered (narrowest) overload wins.
        return fit[0];
    }

    /// <summary>pg_type.typcategory of the built-in types ('S' string, 'N' numeric, 'D' date/time, 'T' timespan).</summary>
    static char Category(uint t) => t switch
    {
        _ when TypeNames.IsString(t) => 'S',
        _ when TypeNames.IsNumber(t) || t == TypeOid.Oid => 'N',
        TypeOid.Date or TypeOid.Time or TypeOid.TimeTz or TypeOid.Timestamp or TypeOid.TimestampTz => 'D',
        TypeOid.Interval => 'T',
        TypeOid.Bool => 'B',
        _ => 'U',
    };

    /// <summary>
    /// func_select_candidate's last step for unknown arguments, position by position: keep the candidates whose
    /// type there is in the string category if any, else in the one category they share (false when they
    /// disagree: not unique), preferring that category's preferred type.
    /// </summary>
    static bool ByCategoryAtUnknowns(ref List<Builtin> fit, uint[] args)
    {
        for (int i = 0; i < args.Length && fit.Count > 1; i++)
        {
            if (args[i] != TypeOid.Unknown)
                continue;
            int pos = i;
            var cats = fit.Select(c => Category(c.ArgTypes[pos])).Distinct().ToList();
            char cat = cats.Contains('S') ? 'S' : cats.Count == 1 ? cats[0] : '\0';
            if (cat == '\0')
                return false;
            fit = fit.Where(c => Category(c.ArgTypes[pos]) == cat).ToList();
            var preferred = fit.Where(c => IsPreferred(c.ArgTypes[pos]) || c.ArgTypes[pos] == TypeOid.Interval).ToList();
            if (preferred.Count > 0)
                fit = preferred;
        }
        return true;
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
        RegisterNumericOperators();
        // xid and cid have only equality (xideq, xidneq, xideqint4, xidneqint4, cideq); tid is ordered (block, offset).
        foreach (var (l, r) in new[] { (TypeOid.Xid, TypeOid.Xid), (TypeOid.Xid, TypeOid.Int4) })
        {
            Op("=", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool((uint)a[0].Int == (uint)a[1].Int));
            Op("<>", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool((uint)a[0].Int != (uint)a[1].Int));
        }
        Op("=", TypeOid.Cid, TypeOid.Cid, TypeOid.Bool, static (a, _) => Datum.FromBool(a[0].Int == a[1].Int));
        RegisterComparisons(TypeOid.Tid, TypeOid.Tid);
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
        RegisterDateTimeOperators();
    }

    static void RegisterComparisons(uint l, uint r)
    {
        Op("=", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool(DatumOrder.Equal(a[0], a[1])));
        Op("<>", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool(!DatumOrder.Equal(a[0], a[1])));
        Op("<", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool(DatumOrder.Compare(a[0], a[1]) < 0));
        Op(">", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool(DatumOrder.Compare(a[0], a[1]) > 0));
        Op("<=", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool(DatumOrder.Compare(a[0], a[1]) <= 0));
        Op(">=", l, r, TypeOid.Bool, static (a, _) => Datum.FromBool(DatumOrder.Compare(a[0], a[1]) >= 0));
    }

    static ScalarFn Negate(uint t) => t switch
    {
        TypeOid.Numeric => static (a, _) => Datum.FromNumeric(a[0].Numeric.Negate()),
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
                "+" => static (a, _) => Datum.FromNumeric(NumericValue.Add(a[0].Numeric, a[1].Numeric)),
                "-" => static (a, _) => Datum.FromNumeric(NumericValue.Sub(a[0].Numeric, a[1].Numeric)),
                "*" => static (a, _) => Datum.FromNumeric(NumericValue.Mul(a[0].Numeric, a[1].Numeric)),
                "/" => static (a, _) => Datum.FromNumeric(NumericValue.Div(a[0].Numeric, a[1].Numeric)),
                _ => static (a, _) => Datum.FromNumeric(NumericValue.Mod(a[0].Numeric, a[1].Numeric)),
            };
        char fop = op[0];
        return rt == TypeOid.Float4
            ? (a, _) => Casts.MakeFloat(FloatArith(fop, a[0].Float, a[1].Float), TypeOid.Float4)
            : (a, _) => Datum.FromFloat8(FloatArith(fop, a[0].Float, a[1].Float));
    }

    /// <summary>
    /// float8pl / float8mi / float8mul / float8div: IEEE arithmetic with PostgreSQL's checks (an infinite result from
    /// finite operands overflows, a zero product or quotient of non-zero operands underflows, x / 0 is 22012).
    /// </summary>
    internal static double FloatArith(char op, double x, double y)
    {
        double r;
        switch (op)
        {
            case '+':
                r = x + y;
                break;
            case '-':
                r = x - y;
                break;
            case '*':
                r = x * y;
                break;
            default:
                if (y == 0 && !double.IsNaN(x))
                    Throw.Error(SqlState.DivisionByZero, "division by zero");
                r = x / y;
                break;
        }
        if (op is '*' or '/' && r == 0 && x != 0 && (op == '/' ? !double.IsInfinity(y) : y != 0))
            Throw.Error(SqlState.NumericValueOutOfRange, "value out of range: underflow");
        if (double.IsInfinity(r) && !double.IsInfinity(x) && !double.IsInfinity(y))
            Throw.Error(SqlState.NumericValueOutOfRange, "value out of range: overflow");
        return r;
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
        const uint Bool = TypeOid.Bool;
        const uint Tstz = TypeOid.TimestampTz;

        Fn("version", [], Text, static (_, _) => Datum.FromText(VersionString));
        // The functions behind bool's comparison operators (pg_proc booleq ... boolge).
        Fn("booleq", [Bool, Bool], Bool, static (a, _) => Datum.FromBool(a[0].Bool == a[1].Bool));
        Fn("boolne", [Bool, Bool], Bool, static (a, _) => Datum.FromBool(a[0].Bool != a[1].Bool));
        Fn("boollt", [Bool, Bool], Bool, static (a, _) => Datum.FromBool(!a[0].Bool && a[1].Bool));
        Fn("boolgt", [Bool, Bool], Bool, static (a, _) => Datum.FromBool(a[0].Bool && !a[1].Bool));
        Fn("boolle", [Bool, Bool], Bool, static (a, _) => Datum.FromBool(!a[0].Bool || a[1].Bool));
        Fn("boolge", [Bool, Bool], Bool, static (a, _) => Datum.FromBool(a[0].Bool || !a[1].Bool));
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
            if (a[1].Bool && c.Session.Settings.Find(a[0].Text) == null)
                return Datum.Null(TypeOid.Text);
            return Datum.FromText(c.Session.Settings.Show(a[0].Text));
        });
        Fn("set_config", [Text, Text, Bool], Text, static (a, c) =>
        {
            if (a[0].IsNull)
                Throw.Error(SqlState.InvalidParameterValue, "SET requires parameter name");
            // A NULL value resets the setting, as set_config_option does with a NULL value.
            if (a[1].IsNull)
                c.Session.Settings.Reset(a[0].Text, inTransaction: true);
            else
                c.Session.Settings.Set(a[0].Text, a[1].Text, GucSource.Session, isLocal: !a[2].IsNull && a[2].Bool,
                    inTransaction: true);
            return Datum.FromText(c.Session.Settings.Show(a[0].Text));
        }, strict: false);

        RegisterNumericFunctions();
        RegisterDateTimeFunctions();
    }

    /// <summary>Text output of any value (concat, ||): bool prints as t/f like its output function.</summary>
    public static string OutText(in Datum d, EvalContext c) =>
        d.Ref is string s && TypeNames.IsString(d.Type) ? s : TypeIO.ToText(d, c.Session.Output);

}
