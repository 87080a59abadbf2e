// numeric's exact arithmetic with PostgreSQL's result scales (numeric.c): + and - show the larger input scale,
// * the sum of the scales (exact), / select_div_scale (at least 16 significant digits, rounded half away from
// zero), % and div truncate the quotient. Rounding (round_var/trunc_var) works on any decimal position, negative
// scales included. NaN and ±Infinity follow PostgreSQL 15's rules (Inf - Inf = NaN, x / Inf = 0, ...).
// Entry points: Add, Sub, Mul, Div, Mod, DivTrunc, Negate, Abs, Round, Trunc, Floor, Ceiling, SignOf.
using System.Numerics;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

public sealed partial class NumericValue
{
    // ---- + and - -------------------------------------------------------------------------------------

    public static NumericValue Add(NumericValue a, NumericValue b) => AddSigned(a, b, b.IsNegative);

    public static NumericValue Sub(NumericValue a, NumericValue b) => AddSigned(a, b, !b.IsNegative);

    /// <summary>a + b where b's sign is taken as <paramref name="bNegative"/>.</summary>
    static NumericValue AddSigned(NumericValue a, NumericValue b, bool bNegative)
    {
        if (!a.IsFinite || !b.IsFinite)
        {
            if (a.IsNaN || b.IsNaN)
            {
                return NaN;
            }
            if (a.IsInfinity && b.IsInfinity)
            {
                return a.IsNegative == bNegative ? a : NaN;
            }
            if (a.IsInfinity)
            {
                return a;
            }
            return bNegative ? NegativeInfinity : PositiveInfinity;
        }
        int dscale = Math.Max(a.Dscale, b.Dscale);
        if (b.IsZero)
        {
            return a.WithDscale(dscale);
        }
        if (a.IsZero)
        {
            return FromDigits(bNegative, b.Weight, b._digits, dscale);
        }
        if (a.IsNegative == bNegative)
        {
            return Combine(a, b, subtract: false, a.IsNegative, dscale);
        }
        int c = CompareAbs(a, b);
        if (c == 0)
        {
            return FromDigits(false, 0, [], dscale);
        }
        return c > 0 ? Combine(a, b, subtract: true, a.IsNegative, dscale)
            : Combine(b, a, subtract: true, bNegative, dscale);
    }

    /// <summary>|x| + |y| or |x| - |y| (then |x| ≥ |y|), base 10000 with carry or borrow.</summary>
    static NumericValue Combine(NumericValue x, NumericValue y, bool subtract, bool negative, int dscale)
    {
        int hi = Math.Max(x.Weight, y.Weight) + 1;
        int lo = Math.Min(x.Weight - x._digits.Length + 1, y.Weight - y._digits.Length + 1);
        int len = hi - lo + 1;
        Span<int> r = len <= 256 ? stackalloc int[len] : new int[len];
        r.Clear();
        for (int i = 0; i < x._digits.Length; i++)
        {
            r[hi - (x.Weight - i)] += x._digits[i];
        }
        for (int i = 0; i < y._digits.Length; i++)
        {
            r[hi - (y.Weight - i)] += subtract ? -y._digits[i] : y._digits[i];
        }
        int carry = 0;
        for (int k = len - 1; k >= 0; k--)
        {
            int v = r[k] + carry;
            carry = v >= 10000 ? 1 : v < 0 ? -1 : 0;
            r[k] = v - carry * 10000;
        }
        return FromWork(negative, hi, r, dscale);
    }

    /// <summary>A value from int work digits (each 0-9999), the first with weight <paramref name="weight"/>.</summary>
    static NumericValue FromWork(bool negative, int weight, ReadOnlySpan<int> work, int dscale)
    {
        Span<short> digits = work.Length <= 256 ? stackalloc short[work.Length] : new short[work.Length];
        for (int k = 0; k < work.Length; k++)
        {
            digits[k] = (short)work[k];
        }
        return FromDigits(negative, weight, digits, dscale);
    }

    // ---- * -------------------------------------------------------------------------------------------

    public static NumericValue Mul(NumericValue a, NumericValue b)
    {
        if (!a.IsFinite || !b.IsFinite)
        {
            if (a.IsNaN || b.IsNaN)
            {
                return NaN;
            }
            int s = a.Sign * b.Sign;
            return s == 0 ? NaN : s > 0 ? PositiveInfinity : NegativeInfinity;
        }
        int dscale = a.Dscale + b.Dscale;
        if (a.IsZero || b.IsZero)
        {
            return FromDigits(false, 0, [], Math.Min(dscale, MaxDscale));
        }
        int na = a._digits.Length;
        int nb = b._digits.Length;
        int len = na + nb;
        Span<long> acc = len <= 256 ? stackalloc long[len] : new long[len];
        acc.Clear();
        for (int i = 0; i < na; i++)
        {
            long ai = a._digits[i];
            for (int j = 0; j < nb; j++)
            {
                acc[i + j + 1] += ai * b._digits[j];
            }
            if ((i & 1023) == 1023)
            {
                Normalize(acc);
            }
        }
        Normalize(acc);
        Span<int> r = len <= 256 ? stackalloc int[len] : new int[len];
        for (int k = 0; k < len; k++)
        {
            r[k] = (int)acc[k];
        }
        if (dscale > MaxDscale)
        {
            // The exact product has more digits after the point than a numeric can show: round it (numeric_mul).
            Span<short> digits = len <= 256 ? stackalloc short[len] : new short[len];
            for (int k = 0; k < len; k++)
            {
                digits[k] = (short)r[k];
            }
            return Trimmed(a.IsNegative != b.IsNegative, a.Weight + b.Weight + 1, digits, dscale).Round(MaxDscale);
        }
        return FromWork(a.IsNegative != b.IsNegative, a.Weight + b.Weight + 1, r, dscale);
    }

    static void Normalize(Span<long> acc)
    {
        long carry = 0;
        for (int k = acc.Length - 1; k >= 0; k--)
        {
            long v = acc[k] + carry;
            carry = v / 10000;
            acc[k] = v % 10000;
        }
    }

    // ---- / % div -------------------------------------------------------------------------------------

    /// <summary>numeric / numeric: ERROR 22012 on division by zero.</summary>
    public static NumericValue Div(NumericValue a, NumericValue b)
    {
        if (!a.IsFinite || !b.IsFinite)
        {
            return DivSpecial(a, b);
        }
        if (b.IsZero)
        {
            DivisionByZero();
        }
        return DivRounded(a, b, SelectDivScale(a, b));
    }

    static NumericValue DivSpecial(NumericValue a, NumericValue b)
    {
        if (a.IsNaN || b.IsNaN)
        {
            return NaN;
        }
        if (a.IsInfinity)
        {
            if (b.IsInfinity)
            {
                return NaN;
            }
            if (b.IsZero)
            {
                DivisionByZero();
            }
            return a.IsNegative != b.IsNegative ? NegativeInfinity : PositiveInfinity;
        }
        return Zero; // finite / ±Infinity
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void DivisionByZero() => Throw.Error(SqlState.DivisionByZero, "division by zero");

    /// <summary>select_div_scale: enough digits for 16 significant digits, at least both input scales.</summary>
    public static int SelectDivScale(NumericValue a, NumericValue b)
    {
        int w1 = a._digits.Length == 0 ? 0 : a.Weight;
        int f1 = a._digits.Length == 0 ? 0 : a._digits[0];
        int w2 = b._digits.Length == 0 ? 0 : b.Weight;
        int f2 = b._digits.Length == 0 ? 0 : b._digits[0];
        int qweight = w1 - w2;
        if (f1 <= f2)
        {
            qweight--;
        }
        int rscale = MinSigDigits - qweight * 4;
        rscale = Math.Max(rscale, a.Dscale);
        rscale = Math.Max(rscale, b.Dscale);
        return Math.Clamp(rscale, 0, MaxDisplayScale);
    }

    /// <summary>a / b rounded half away from zero to <paramref name="rscale"/> digits (b finite, non-zero).</summary>
    internal static NumericValue DivRounded(NumericValue a, NumericValue b, int rscale)
    {
        int e = rscale + b.Dscale - a.Dscale;
        BigInteger num = a.ToUnscaled(a.Dscale);
        BigInteger den = b.ToUnscaled(b.Dscale);
        if (e >= 0)
        {
            num *= BigInteger.Pow(10, e);
        }
        else
        {
            den *= BigInteger.Pow(10, -e);
        }
        return FromUnscaled(RoundedQuotient(num, den), rscale);
    }

    /// <summary>num / den rounded half away from zero.</summary>
    internal static BigInteger RoundedQuotient(BigInteger num, BigInteger den)
    {
        var q = BigInteger.DivRem(BigInteger.Abs(num), BigInteger.Abs(den), out var rem);
        if (rem * 2 >= BigInteger.Abs(den))
        {
            q += 1;
        }
        return num.Sign * den.Sign < 0 ? -q : q;
    }

    /// <summary>numeric % numeric (and mod()): the remainder of the truncated quotient, sign of the dividend.</summary>
    public static NumericValue Mod(NumericValue a, NumericValue b)
    {
        if (!a.IsFinite || !b.IsFinite)
        {
            if (a.IsNaN || b.IsNaN)
            {
                return NaN;
            }
            if (a.IsInfinity)
            {
                if (b.IsZero)
                {
                    DivisionByZero();
                }
                return NaN;
            }
            return a; // finite % ±Infinity
        }
        if (b.IsZero)
        {
            DivisionByZero();
        }
        int s = Math.Max(a.Dscale, b.Dscale);
        return FromUnscaled(BigInteger.Remainder(a.ToUnscaled(s), b.ToUnscaled(s)), s);
    }

    /// <summary>div(numeric, numeric): the quotient truncated toward zero.</summary>
    public static NumericValue DivTrunc(NumericValue a, NumericValue b)
    {
        if (!a.IsFinite || !b.IsFinite)
        {
            return DivSpecial(a, b);
        }
        if (b.IsZero)
        {
            DivisionByZero();
        }
        int s = Math.Max(a.Dscale, b.Dscale);
        return FromUnscaled(BigInteger.Divide(a.ToUnscaled(s), b.ToUnscaled(s)), 0);
    }

    // ---- sign and rounding ---------------------------------------------------------------------------

    public NumericValue Negate() => ValueKind switch
    {
        Kind.NaN => this,
        Kind.PositiveInfinity => NegativeInfinity,
        Kind.NegativeInfinity => PositiveInfinity,
        _ => _digits.Length == 0 ? this : new NumericValue(!IsNegative, Weight, _digits, Dscale),
    };

    public NumericValue Abs() => ValueKind switch
    {
        Kind.NegativeInfinity => PositiveInfinity,
        Kind.Finite when IsNegative => new NumericValue(false, Weight, _digits, Dscale),
        _ => this,
    };

    /// <summary>sign(numeric): -1, 0 or 1 (NaN stays NaN).</summary>
    public NumericValue SignOf() => IsNaN ? NaN : FromInt64(Sign);

    /// <summary>
    /// round(numeric, scale): half away from zero at 10^-scale (scale may be negative); the result shows
    /// max(scale, 0) digits. Specials are returned unchanged.
    /// </summary>
    public NumericValue Round(int scale) => RoundOrTrunc(scale, truncate: false);

    /// <summary>trunc(numeric, scale): toward zero at 10^-scale.</summary>
    public NumericValue Trunc(int scale) => RoundOrTrunc(scale, truncate: true);

    public NumericValue Floor() => IsNegative && IsFinite && MinScale() > 0
        ? Sub(Trunc(0), One).WithDscale(0) : Trunc(0);

    public NumericValue Ceiling() => !IsNegative && IsFinite && MinScale() > 0
        ? Add(Trunc(0), One).WithDscale(0) : Trunc(0);

    NumericValue RoundOrTrunc(int scale, bool truncate)
    {
        if (!IsFinite)
        {
            return this;
        }
        int dscale = Math.Clamp(scale, 0, MaxDscale);
        int lastWeight = Weight - _digits.Length + 1;
        // The last kept decimal digit is worth 10^p; it lies in base-10000 digit gw at decimal position e.
        int p = -scale;
        int gw = p >= 0 ? p / 4 : -((-p + 3) / 4);
        int e = p - 4 * gw;
        if (_digits.Length == 0 || lastWeight > gw || (lastWeight == gw && e == 0))
        {
            return FromDigits(IsNegative, Weight, _digits, dscale); // nothing below the rounding position
        }
        if (gw > Weight + 1)
        {
            return FromDigits(false, 0, [], dscale); // everything is below the rounding position
        }
        int hi = Weight + 1;
        int len = hi - gw + 1;
        Span<int> r = len <= 256 ? stackalloc int[len] : new int[len];
        r.Clear();
        for (int i = 0; i < _digits.Length && Weight - i >= gw; i++)
        {
            r[hi - (Weight - i)] = _digits[i];
        }
        int factor = e switch { 0 => 1, 1 => 10, 2 => 100, _ => 1000 };
        int last = len - 1;
        int rem = r[last] % factor;
        bool up;
        if (e > 0)
        {
            up = rem * 2 >= factor;
        }
        else
        {
            int i = Weight - (gw - 1);
            up = i >= 0 && i < _digits.Length && _digits[i] >= 5000;
        }
        r[last] -= rem;
        if (up && !truncate)
        {
            r[last] += factor;
            for (int k = last; k > 0 && r[k] >= 10000; k--)
            {
                r[k] -= 10000;
                r[k - 1]++;
            }
        }
        return FromWork(IsNegative, hi, r, dscale);
    }
}
