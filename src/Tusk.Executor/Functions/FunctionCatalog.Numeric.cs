// The numeric-family operators and functions (int.c, int8.c, float.c, numeric.c): bitwise integer operators,
// @ |/ ||/ ^, and the math functions on int2/int4/int8/float8/numeric with PostgreSQL 15's errors (22003 out of
// range / overflow / underflow, 22012 division by zero, 2201E logarithm and 2201F power argument errors).
// Entry points: RegisterNumericOperators, RegisterNumericFunctions (called from the catalog's constructor).
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    const string InvalidArgumentForLog = "2201E";
    const string InvalidArgumentForPower = "2201F";

    static readonly uint[] Integers = [TypeOid.Int2, TypeOid.Int4, TypeOid.Int8];

    static void RegisterNumericOperators()
    {
        const uint F8 = TypeOid.Float8;
        const uint Num = TypeOid.Numeric;
        Op("^", F8, F8, F8, static (a, _) => Datum.FromFloat8(FloatPow(a[0].Float, a[1].Float)));
        Op("^", Num, Num, Num, static (a, _) => Datum.FromNumeric(NumericValue.Power(a[0].Numeric, a[1].Numeric)));
        foreach (uint t in Numbers)
            Add(PrefixOps, new Builtin("@", [t], t, AbsFn(t)));
        Add(PrefixOps, new Builtin("|/", [F8], F8, static (a, _) => Datum.FromFloat8(FloatSqrt(a[0].Float))));
        Add(PrefixOps, new Builtin("||/", [F8], F8, static (a, _) => Datum.FromFloat8(Math.Cbrt(a[0].Float))));
        foreach (uint t in Integers)
        {
            Op("&", t, t, t, static (a, _) => Bits(a[0], a[0].Int & a[1].Int));
            Op("|", t, t, t, static (a, _) => Bits(a[0], a[0].Int | a[1].Int));
            Op("#", t, t, t, static (a, _) => Bits(a[0], a[0].Int ^ a[1].Int));
            Add(PrefixOps, new Builtin("~", [t], t, static (a, _) => Bits(a[0], ~a[0].Int)));
            Op("<<", t, TypeOid.Int4, t, static (a, _) => Bits(a[0], ShiftLeft(a[0], (int)a[1].Int)));
            Op(">>", t, TypeOid.Int4, t, static (a, _) => Bits(a[0], a[0].Int >> ShiftCount(a[0].Type, (int)a[1].Int)));
        }
    }

    /// <summary>The bit pattern <paramref name="v"/> truncated to the width of <paramref name="like"/>'s type.</summary>
    static Datum Bits(in Datum like, long v) => like.Type switch
    {
        TypeOid.Int2 => Datum.FromInt2(unchecked((short)v)),
        TypeOid.Int4 => Datum.FromInt4(unchecked((int)v)),
        _ => Datum.FromInt8(v),
    };

    // C's shifts on x86 take the count modulo the (promoted) operand width: 32 for int2 and int4, 64 for int8.
    static int ShiftCount(uint type, int n) => type == TypeOid.Int8 ? n & 63 : n & 31;

    static long ShiftLeft(in Datum x, int n) =>
        x.Type == TypeOid.Int8 ? x.Int << (n & 63) : unchecked((int)x.Int << (n & 31));

    static void RegisterNumericFunctions()
    {
        const uint Int4 = TypeOid.Int4;
        const uint Int8 = TypeOid.Int8;
        const uint F8 = TypeOid.Float8;
        const uint Num = TypeOid.Numeric;

        foreach (uint t in Numbers)
            Fn("abs", [t], t, AbsFn(t));
        foreach (uint t in Integers)
            Fn("mod", [t, t], t, static (a, _) => IntArith("%", a[0].Int, a[1].Int, a[0].Type));
        Fn("gcd", [Int4, Int4], Int4, static (a, _) => Casts.MakeInt(Gcd(a[0].Int, a[1].Int, Int4), Int4));
        Fn("gcd", [Int8, Int8], Int8, static (a, _) => Casts.MakeInt(Gcd(a[0].Int, a[1].Int, Int8), Int8));
        Fn("lcm", [Int4, Int4], Int4, static (a, _) => Casts.MakeInt(Lcm(a[0].Int, a[1].Int, Int4), Int4));
        Fn("lcm", [Int8, Int8], Int8, static (a, _) => Casts.MakeInt(Lcm(a[0].Int, a[1].Int, Int8), Int8));

        // float8
        Fn("random", [], F8, static (_, _) => Datum.FromFloat8(Rng.NextDouble()));
        Fn("pi", [], F8, static (_, _) => Datum.FromFloat8(Math.PI));
        F8Fn("sqrt", FloatSqrt);
        F8Fn("cbrt", Math.Cbrt);
        F8Fn("round", static x => Math.Round(x, MidpointRounding.ToEven));
        F8Fn("trunc", Math.Truncate);
        F8Fn("floor", Math.Floor);
        F8Fn("ceil", Math.Ceiling);
        F8Fn("ceiling", Math.Ceiling);
        F8Fn("sign", static x => x > 0 ? 1 : x < 0 ? -1 : 0);
        F8Fn("exp", FloatExp);
        F8Fn("ln", static x => FloatLog(x, Math.Log));
        F8Fn("log", static x => FloatLog(x, Math.Log10));
        F8Fn("log10", static x => FloatLog(x, Math.Log10));
        F8Fn("degrees", static x => FloatChecked(x * (180.0 / Math.PI), x));
        F8Fn("radians", static x => FloatChecked(x * (Math.PI / 180.0), x));
        F8Fn("sin", static x => Trig(x, Math.Sin));
        F8Fn("cos", static x => Trig(x, Math.Cos));
        F8Fn("tan", static x => Trig(x, Math.Tan));
        F8Fn("cot", static x => Trig(x, static v => 1.0 / Math.Tan(v)));
        F8Fn("asin", static x => InverseTrig(x, Math.Asin));
        F8Fn("acos", static x => InverseTrig(x, Math.Acos));
        F8Fn("atan", Math.Atan);
        F8Fn("sinh", Math.Sinh);
        F8Fn("cosh", Math.Cosh);
        F8Fn("tanh", Math.Tanh);
        F8Fn("asinh", Math.Asinh);
        F8Fn("acosh", static x => x < 1 ? InputOutOfRange() : Math.Acosh(x));
        F8Fn("atanh", static x => InverseTrig(x, Math.Atanh));
        Fn("atan2", [F8, F8], F8, static (a, _) => Datum.FromFloat8(Math.Atan2(a[0].Float, a[1].Float)));
        Fn("power", [F8, F8], F8, static (a, _) => Datum.FromFloat8(FloatPow(a[0].Float, a[1].Float)));
        Fn("pow", [F8, F8], F8, static (a, _) => Datum.FromFloat8(FloatPow(a[0].Float, a[1].Float)));

        // numeric
        NumFn("round", static x => x.Round(0));
        Fn("round", [Num, Int4], Num, static (a, _) => Datum.FromNumeric(a[0].Numeric.Round(ResultScale(a[1].Int))));
        NumFn("trunc", static x => x.Trunc(0));
        Fn("trunc", [Num, Int4], Num, static (a, _) => Datum.FromNumeric(a[0].Numeric.Trunc(ResultScale(a[1].Int))));
        NumFn("floor", static x => x.Floor());
        NumFn("ceil", static x => x.Ceiling());
        NumFn("ceiling", static x => x.Ceiling());
        NumFn("sign", static x => x.SignOf());
        NumFn("sqrt", NumericValue.Sqrt);
        NumFn("exp", NumericValue.Exp);
        NumFn("ln", NumericValue.Ln);
        NumFn("log", NumericValue.Log10);
        NumFn("log10", NumericValue.Log10);
        NumFn("trim_scale", static x => x.IsFinite ? x.WithDscale(x.MinScale()) : x);
        Num2Fn("mod", NumericValue.Mod);
        Num2Fn("div", NumericValue.DivTrunc);
        Num2Fn("log", NumericValue.Log);
        Num2Fn("power", NumericValue.Power);
        Num2Fn("pow", NumericValue.Power);
        Num2Fn("gcd", NumericGcd);
        Num2Fn("lcm", NumericLcm);
        Fn("factorial", [Int8], Num, static (a, _) => Datum.FromNumeric(NumericValue.Factorial(a[0].Int)));
        Fn("scale", [Num], Int4, static (a, _) =>
            a[0].Numeric.IsFinite ? Datum.FromInt4(a[0].Numeric.Dscale) : Datum.Null(TypeOid.Int4));
        Fn("min_scale", [Num], Int4, static (a, _) =>
            a[0].Numeric.IsFinite ? Datum.FromInt4(a[0].Numeric.MinScale()) : Datum.Null(TypeOid.Int4));
    }

    static void F8Fn(string name, Func<double, double> f) =>
        Fn(name, [TypeOid.Float8], TypeOid.Float8, (a, _) => Datum.FromFloat8(f(a[0].Float)));

    static void NumFn(string name, Func<NumericValue, NumericValue> f) =>
        Fn(name, [TypeOid.Numeric], TypeOid.Numeric, (a, _) => Datum.FromNumeric(f(a[0].Numeric)));

    static void Num2Fn(string name, Func<NumericValue, NumericValue, NumericValue> f) =>
        Fn(name, [TypeOid.Numeric, TypeOid.Numeric], TypeOid.Numeric,
            (a, _) => Datum.FromNumeric(f(a[0].Numeric, a[1].Numeric)));

    // round/trunc clamp the requested scale to ±NUMERIC_MAX_RESULT_SCALE.
    static int ResultScale(long s) => (int)Math.Clamp(s, -2000, 2000);

    static ScalarFn AbsFn(uint t) => t switch
    {
        TypeOid.Numeric => static (a, _) => Datum.FromNumeric(a[0].Numeric.Abs()),
        TypeOid.Float4 => static (a, _) => Datum.FromFloat4(Math.Abs((float)a[0].Float)),
        TypeOid.Float8 => static (a, _) => Datum.FromFloat8(Math.Abs(a[0].Float)),
        _ => (a, _) =>
        {
            long v = a[0].Int;
            if ((t == TypeOid.Int8 && v == long.MinValue) || (t == TypeOid.Int4 && v == int.MinValue)
                || (t == TypeOid.Int2 && v == short.MinValue))
                Casts.OutOfRange(t);
            return Casts.MakeInt(Math.Abs(v), t);
        },
    };

    // ---- integers ------------------------------------------------------------------------------------

    static long Gcd(long x, long y, uint t)
    {
        long min = t == TypeOid.Int4 ? int.MinValue : long.MinValue;
        if ((x == min && (y == 0 || y == min)) || (y == min && x == 0))
            Casts.OutOfRange(t);
        // Work with non-positive values so that the minimum has a magnitude.
        long a = x > 0 ? -x : x;
        long b = y > 0 ? -y : y;
        while (b != 0)
        {
            long r = b == -1 ? 0 : a % b; // MinValue % -1 overflows in hardware
            a = b;
            b = r;
        }
        return -a;
    }

    static long Lcm(long x, long y, uint t)
    {
        if (x == 0 || y == 0)
            return 0;
        long g = Gcd(x, y, t);
        try
        {
            long r = checked(x / g * y);
            if (r == long.MinValue || (t == TypeOid.Int4 && r == int.MinValue))
                Casts.OutOfRange(t);
            return Math.Abs(r);
        }
        catch (OverflowException)
        {
            Casts.OutOfRange(t);
            return 0;
        }
    }

    // ---- floats --------------------------------------------------------------------------------------

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void FloatOverflow() => Throw.Error(SqlState.NumericValueOutOfRange, "value out of range: overflow");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void FloatUnderflow() => Throw.Error(SqlState.NumericValueOutOfRange, "value out of range: underflow");

    /// <summary>check_float8_val: an infinite result from a finite input overflowed.</summary>
    static double FloatChecked(double r, double x)
    {
        if (double.IsInfinity(r) && !double.IsInfinity(x))
            FloatOverflow();
        return r;
    }

    static double FloatSqrt(double x)
    {
        if (x < 0)
            Throw.Error(InvalidArgumentForPower, "cannot take square root of a negative number");
        return Math.Sqrt(x);
    }

    static double FloatExp(double x)
    {
        if (double.IsNaN(x) || double.IsInfinity(x))
            return double.IsNegativeInfinity(x) ? 0 : x;
        double r = Math.Exp(x);
        if (double.IsInfinity(r))
            FloatOverflow();
        if (r == 0)
            FloatUnderflow();
        return r;
    }

    static double FloatLog(double x, Func<double, double> log)
    {
        if (x == 0)
            Throw.Error(InvalidArgumentForLog, "cannot take logarithm of zero");
        if (x < 0)
            Throw.Error(InvalidArgumentForLog, "cannot take logarithm of a negative number");
        return log(x);
    }

    static double InputOutOfRange() => Throw.Error<double>(SqlState.NumericValueOutOfRange, "input is out of range");

    static double Trig(double x, Func<double, double> f) => double.IsInfinity(x) ? InputOutOfRange() : f(x);

    static double InverseTrig(double x, Func<double, double> f) => x is < -1 or > 1 ? InputOutOfRange() : f(x);

    static double FloatPow(double x, double y)
    {
        if (double.IsNaN(x))
            return y == 0 ? 1 : x;
        if (double.IsNaN(y))
            return x == 1 ? 1 : y;
        if (x == 0 && y < 0)
            Throw.Error(InvalidArgumentForPower, "zero raised to a negative power is undefined");
        if (x < 0 && double.IsFinite(y) && Math.Floor(y) != y)
            Throw.Error(InvalidArgumentForPower, "a negative number raised to a non-integer power yields a complex result");
        double r = Math.Pow(x, y);
        if (double.IsInfinity(r) && double.IsFinite(x) && double.IsFinite(y))
            FloatOverflow();
        if (r == 0 && x != 0 && double.IsFinite(x) && double.IsFinite(y))
            FloatUnderflow();
        return r;
    }

    // ---- numeric -------------------------------------------------------------------------------------

    static NumericValue NumericGcd(NumericValue a, NumericValue b)
    {
        if (!a.IsFinite || !b.IsFinite)
            return NumericValue.NaN;
        int s = Math.Max(a.Dscale, b.Dscale);
        var x = a.Abs();
        var y = b.Abs();
        while (!y.IsZero)
        {
            var r = NumericValue.Mod(x, y);
            x = y;
            y = r;
        }
        return x.WithDscale(s);
    }

    static NumericValue NumericLcm(NumericValue a, NumericValue b)
    {
        if (!a.IsFinite || !b.IsFinite)
            return NumericValue.NaN;
        int s = Math.Max(a.Dscale, b.Dscale);
        if (a.IsZero || b.IsZero)
            return NumericValue.Zero.WithDscale(s);
        var g = NumericGcd(a, b);
        return NumericValue.Mul(NumericValue.DivTrunc(a, g), b).Abs().WithDscale(s);
    }
}
