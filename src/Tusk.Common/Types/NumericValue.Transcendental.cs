// numeric's sqrt, exp, ln, log and power with PostgreSQL's result scales (numeric.c numeric_sqrt, numeric_exp,
// numeric_ln, log_var, power_var): at least 16 significant digits, never fewer digits than the inputs show,
// at most 1000. Results are computed in fixed point (BigInteger scaled by 10^W) with guard digits and rounded
// half away from zero to the result scale; sqrt takes the integer square root one digit past it and rounds.
// Entry points: Sqrt, Exp, Ln, Log10, Log, Power.
using System.Numerics;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

public sealed partial class NumericValue
{
    const string InvalidArgumentForPower = "2201F";
    const string InvalidArgumentForLog = "2201E";

    // ---- sqrt ----------------------------------------------------------------------------------------

    public static NumericValue Sqrt(NumericValue x)
    {
        if (x.IsNaN || x.ValueKind == Kind.PositiveInfinity)
        {
            return x;
        }
        if (x.IsNegative)
        {
            Throw.Error(InvalidArgumentForPower, "cannot take square root of a negative number");
        }
        int sweight = (x.Weight + 1) * 4 / 2 - 1;
        int rscale = Math.Clamp(Math.Max(MinSigDigits - sweight, x.Dscale), 0, MaxDisplayScale);
        var q = ISqrt(x.ToUnscaled(x.Dscale) * BigInteger.Pow(10, 2 * (rscale + 1) - x.Dscale));
        return FromUnscaled(RoundedQuotient(q, 10), rscale);
    }

    static BigInteger ISqrt(BigInteger n)
    {
        if (n.IsZero)
        {
            return n;
        }
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x)
            {
                return x;
            }
            x = y;
        }
    }

    // ---- exp -----------------------------------------------------------------------------------------

    public static NumericValue Exp(NumericValue x)
    {
        if (x.IsNaN || x.ValueKind == Kind.PositiveInfinity)
        {
            return x;
        }
        if (x.ValueKind == Kind.NegativeInfinity)
        {
            return Zero;
        }
        double val = Math.Clamp(x.ToDouble() * 0.434294481903252, -2000, 2000);
        int rscale = Math.Clamp(Math.Max(MinSigDigits - (int)val, x.Dscale), 0, MaxDisplayScale);
        return ExpToScale(x, rscale);
    }

    /// <summary>e^x rounded to <paramref name="rscale"/> digits (exp_var's overflow and underflow limits).</summary>
    static NumericValue ExpToScale(NumericValue x, int rscale)
    {
        double v = x.ToDouble();
        if (Math.Abs(v) >= 6000)
        {
            if (v > 0)
            {
                Overflow();
            }
            return FromDigits(false, 0, [], rscale);
        }
        int dweight = Math.Max(0, (int)(v * 0.434294481903252));
        int w = rscale + dweight + 24;
        var fixedX = x.ToUnscaled(w + 4);
        var e = ExpFixed(fixedX, w + 4);
        return FromUnscaled(RoundedQuotient(e, BigInteger.Pow(10, w + 4 - rscale)), rscale);
    }

    /// <summary>e^(X / 10^w) × 10^w: halve until small, Taylor series, square back.</summary>
    static BigInteger ExpFixed(BigInteger x, int w)
    {
        var limit = BigInteger.Pow(10, w) / 100;
        int n = 0;
        for (var t = BigInteger.Abs(x); t > limit; t >>= 1)
        {
            n++;
        }
        int extra = n / 3 + 2;
        int ws = w + extra;
        var oneS = BigInteger.Pow(10, ws);
        var r = x * BigInteger.Pow(10, extra) / (BigInteger.One << n);
        var sum = oneS;
        var term = oneS;
        for (int k = 1; !term.IsZero; k++)
        {
            term = term * r / oneS / k;
            sum += term;
        }
        for (int i = 0; i < n; i++)
        {
            sum = sum * sum / oneS;
        }
        return sum / BigInteger.Pow(10, extra);
    }

    // ---- ln and log ----------------------------------------------------------------------------------

    static void CheckLogArgument(NumericValue x)
    {
        if (x.IsNegative)
        {
            Throw.Error(InvalidArgumentForLog, "cannot take logarithm of a negative number");
        }
        if (x.IsZero)
        {
            Throw.Error(InvalidArgumentForLog, "cannot take logarithm of zero");
        }
    }

    public static NumericValue Ln(NumericValue x)
    {
        if (x.IsNaN)
        {
            return x;
        }
        CheckLogArgument(x);
        if (x.IsInfinity)
        {
            return x;
        }
        int rscale = Math.Clamp(Math.Max(MinSigDigits - EstimateLnDweight(x), x.Dscale), 0, MaxDisplayScale);
        int w = rscale + 8;
        return FromUnscaled(RoundedQuotient(LnFixed(x, w), BigInteger.Pow(10, w - rscale)), rscale);
    }

    /// <summary>log(numeric): log(10, x).</summary>
    public static NumericValue Log10(NumericValue x) => Log(FromInt64(10), x);

    /// <summary>log(base, x).</summary>
    public static NumericValue Log(NumericValue b, NumericValue x)
    {
        if (b.IsNaN || x.IsNaN)
        {
            return NaN;
        }
        CheckLogArgument(b);
        CheckLogArgument(x);
        if (b.IsInfinity)
        {
            return x.IsInfinity ? NaN : Zero;
        }
        if (x.IsInfinity)
        {
            return x;
        }
        int lnBase = EstimateLnDweight(b);
        int lnNum = EstimateLnDweight(x);
        int rscale = MinSigDigits - (lnNum - lnBase);
        rscale = Math.Clamp(Math.Max(Math.Max(rscale, b.Dscale), x.Dscale), 0, MaxDisplayScale);
        int w = rscale + 24 + Math.Max(0, lnNum - lnBase) + Math.Abs(lnBase) + Math.Abs(lnNum);
        var lb = LnFixed(b, w);
        if (lb.IsZero)
        {
            DivisionByZero();
        }
        var lx = LnFixed(x, w);
        return FromUnscaled(RoundedQuotient(lx * BigInteger.Pow(10, rscale), lb), rscale);
    }

    /// <summary>estimate_ln_dweight: the decimal weight of ln(x), roughly.</summary>
    static int EstimateLnDweight(NumericValue x)
    {
        var lo = new NumericValue(false, -1, [9000], 1);
        var hi = new NumericValue(false, 0, [1, 1000], 1);
        if (x.CompareTo(lo) >= 0 && x.CompareTo(hi) <= 0)
        {
            var d = Sub(x, One);
            return d.IsZero ? 0 : d.Weight * 4 + (int)Math.Log10(d._digits[0]);
        }
        if (x._digits.Length == 0)
        {
            return 0;
        }
        int digits = x._digits[0];
        int dweight = x.Weight * 4;
        if (x._digits.Length > 1)
        {
            digits = digits * 10000 + x._digits[1];
            dweight -= 4;
        }
        double ln = Math.Log(digits) + dweight * 2.302585092994046;
        return (int)Math.Log10(Math.Abs(ln));
    }

    /// <summary>ln(x) × 10^w for a positive finite x, with guard digits for the reductions.</summary>
    static BigInteger LnFixed(NumericValue x, int w)
    {
        // x = m × 10^k with 1 ≤ m < 10
        int k = x.Weight * 4 + (x._digits[0] >= 1000 ? 3 : x._digits[0] >= 100 ? 2 : x._digits[0] >= 10 ? 1 : 0);
        int g = 16 + (int)Math.Ceiling(Math.Log10(Math.Abs(k) + 1));
        int ws = w + g;
        var one = BigInteger.Pow(10, ws);
        var m = x.ToUnscaled(ws - k);
        var result = LnNearOne(m, one);
        if (k != 0)
        {
            result += k * LnNearOne(10 * one, one);
        }
        return result / BigInteger.Pow(10, g);
    }

    /// <summary>ln(m / one) × one for 0 &lt; m: square roots until near 1, then 2·atanh((m-1)/(m+1)).</summary>
    static BigInteger LnNearOne(BigInteger m, BigInteger one)
    {
        int halvings = 0;
        var near = one / 100;
        while (BigInteger.Abs(m - one) > near)
        {
            m = ISqrt(m * one);
            halvings++;
        }
        var z = (m - one) * one / (m + one);
        var z2 = z * z / one;
        var sum = BigInteger.Zero;
        var power = z;
        for (int n = 1; !power.IsZero; n += 2)
        {
            sum += power / n;
            power = power * z2 / one;
        }
        return 2 * sum * (BigInteger.One << halvings);
    }

    // ---- power ---------------------------------------------------------------------------------------

    /// <summary>numeric ^ numeric and power(numeric, numeric), with PostgreSQL 15's special-value rules.</summary>
    public static NumericValue Power(NumericValue a, NumericValue b)
    {
        if (a.IsNaN)
        {
            return b.IsZero ? FromInt64(1) : NaN;
        }
        if (b.IsNaN)
        {
            return a.IsFinite && a.CompareTo(One) == 0 ? FromInt64(1) : NaN;
        }
        if (a.IsZero && b.Sign < 0)
        {
            Throw.Error(InvalidArgumentForPower, "zero raised to a negative power is undefined");
        }
        if (a.Sign < 0 && !b.IsIntegral())
        {
            Throw.Error(InvalidArgumentForPower, "a negative number raised to a non-integer power yields a complex result");
        }
        if (!a.IsFinite || !b.IsFinite)
        {
            return PowerSpecial(a, b);
        }
        if (b.IsIntegral() && b.TryToInt64(out long n) && n is >= int.MinValue and <= int.MaxValue)
        {
            return PowerInt(a, (int)n);
        }
        if (a.IsZero)
        {
            return FromDigits(false, 0, [], Math.Min(Math.Max(MinSigDigits, Math.Max(a.Dscale, b.Dscale)), MaxDisplayScale));
        }
        bool negate = a.IsNegative && b.IsOddInteger();
        var absA = a.Abs();
        double val = Math.Log(absA.ToDouble()) * b.ToDouble();
        if (absA.ToDouble() is 0 or double.PositiveInfinity)
        {
            val = (Math.Log10(absA._digits[0]) + 4 * absA.Weight) * 2.302585092994046 * b.ToDouble();
        }
        if (Math.Abs(val) > 2000 * 3.01)
        {
            if (val > 0)
            {
                Overflow();
            }
            return FromDigits(false, 0, [], MaxDisplayScale);
        }
        val *= 0.434294481903252;
        int rscale = MinSigDigits - (int)val;
        rscale = Math.Clamp(Math.Max(Math.Max(rscale, a.Dscale), b.Dscale), 0, MaxDisplayScale);
        int bDigits = Math.Max(0, b.Weight + 1) * 4;
        int w = rscale + Math.Max(0, (int)val) + bDigits + 24;
        var lnA = LnFixed(absA, w);
        var y = lnA * b.ToUnscaled(b.Dscale) / BigInteger.Pow(10, b.Dscale);
        var e = ExpFixed(y, w);
        var r = FromUnscaled(RoundedQuotient(e, BigInteger.Pow(10, w - rscale)), rscale);
        return negate ? r.Negate() : r;
    }

    static NumericValue PowerSpecial(NumericValue a, NumericValue b)
    {
        int sb = b.Sign;
        if (a.IsInfinity)
        {
            if (sb == 0)
            {
                return FromInt64(1);
            }
            if (sb < 0)
            {
                return Zero;
            }
            return a.IsNegative && b.IsOddInteger() ? NegativeInfinity : PositiveInfinity;
        }
        // finite a, infinite b
        int c = a.Abs().CompareTo(One);
        if (c == 0)
        {
            return FromInt64(1);
        }
        return (c > 0) == (sb > 0) ? PositiveInfinity : Zero;
    }

    /// <summary>power_var_int: a^n with scale max(16, a's scale).</summary>
    static NumericValue PowerInt(NumericValue a, int n)
    {
        int rscale = Math.Clamp(Math.Max(MinSigDigits, a.Dscale), 0, MaxDisplayScale);
        if (n == 0)
        {
            return FromDigits(false, 0, [1], rscale);
        }
        if (a.IsZero)
        {
            return FromDigits(false, 0, [], rscale);
        }
        double log10 = Math.Log10(a._digits[0]) + 4 * a.Weight;
        double dweight = log10 * n;
        if (dweight > MaxIntegerDigits + 1)
        {
            Overflow();
        }
        if (dweight < -(rscale + 2))
        {
            return FromDigits(false, 0, [], rscale);
        }
        if (n > 0 && !a.IsNegative && a._digits.Length == 1 && a._digits[0] is 1 or 10 or 100 or 1000)
        {
            // A power of ten raised to n is a power of ten: build it directly rather than by multiplication.
            long e = ((long)a.Weight * 4 + (a._digits[0] switch { 1 => 0, 10 => 1, 100 => 2, _ => 3 })) * n;
            long w = e >= 0 ? e / 4 : -((-e + 3) / 4);
            int rem = (int)(e - w * 4);
            short digit = (short)(rem switch { 0 => 1, 1 => 10, 2 => 100, _ => 1000 });
            return FromDigits(false, (int)w, [digit], rscale);
        }
        int sa = a.Dscale;
        var u = a.ToUnscaled(sa);
        long absN = Math.Abs((long)n);
        long exactDigits = absN * (a._digits.Length * 4 + 8);
        if (exactDigits > 200_000)
        {
            // Too long to expand exactly: go through logarithms like a non-integer exponent.
            var absA = a.Abs();
            int w = rscale + Math.Max(0, (int)dweight) + 40 + (int)Math.Log10(absN);
            var y = LnFixed(absA, w) * n;
            var e = ExpFixed(y, w);
            var r = FromUnscaled(RoundedQuotient(e, BigInteger.Pow(10, w - rscale)), rscale);
            return a.IsNegative && (n & 1) != 0 ? r.Negate() : r;
        }
        var p = BigInteger.Pow(u, (int)absN);
        long pScale = sa * absN;
        if (n > 0)
        {
            long shift = rscale - pScale;
            var q = shift >= 0 ? p * BigInteger.Pow(10, (int)shift) : RoundedQuotient(p, BigInteger.Pow(10, (int)-shift));
            return FromUnscaled(q, rscale);
        }
        return FromUnscaled(RoundedQuotient(BigInteger.Pow(10, (int)(rscale + pScale)), p), rscale);
    }

    /// <summary>factorial(bigint): n! (ERROR 22003 for a negative n, or when n! exceeds numeric's range).</summary>
    public static NumericValue Factorial(long n)
    {
        if (n < 0)
        {
            Throw.Error(SqlState.NumericValueOutOfRange, "factorial of a negative number is undefined");
        }
        if (n > 32177)
        {
            Overflow();
        }
        var f = BigInteger.One;
        for (int k = 2; k <= n; k++)
        {
            f *= k;
        }
        return FromUnscaled(f, 0);
    }

    /// <summary>True for a finite value without a fractional part.</summary>
    public bool IsIntegral() => IsFinite && (_digits.Length == 0 || Weight - _digits.Length + 1 >= 0);

    bool IsOddInteger()
    {
        if (!IsIntegral() || _digits.Length == 0 || Weight - _digits.Length + 1 > 0)
        {
            return false;
        }
        return (_digits[^1] & 1) != 0;
    }
}
