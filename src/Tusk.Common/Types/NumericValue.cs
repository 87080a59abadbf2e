// numeric's value (numeric.c NumericVar): arbitrary-precision exact decimal as a sign, base-10000 digits (most
// significant first), the weight (power of 10000 of the first digit) and the display scale, plus NaN, Infinity and
// -Infinity. Invariants: no leading or trailing zero digits (zero has none, weight 0, is not negative); no digit
// below the display scale is non-zero; 0 <= dscale <= 16383; values are immutable. Equality and hashing follow
// comparison (1.0 = 1.00), NaN equals NaN and sorts above Infinity.
// Entry points: Parse/TryParse, ToString, CompareTo, FromInt64, FromDouble, FromDecimal; arithmetic in the
// NumericValue.Arithmetic.cs and NumericValue.Transcendental.cs partial files.
using System.Numerics;
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>One numeric value.</summary>
public sealed partial class NumericValue : IComparable<NumericValue>, IEquatable<NumericValue>
{
    /// <summary>What kind of value this is; finite values carry digits.</summary>
    public enum Kind : byte
    {
        Finite,
        NaN,
        PositiveInfinity,
        NegativeInfinity,
    }

    /// <summary>Largest display scale (numeric.c NUMERIC_DSCALE_MAX).</summary>
    public const int MaxDscale = 0x3FFF;

    /// <summary>Largest display scale a result gets from scale selection (NUMERIC_MAX_DISPLAY_SCALE).</summary>
    public const int MaxDisplayScale = 1000;

    /// <summary>Decimal digits before the point a value may have (NUMERIC_WEIGHT_MAX + 1 base-10000 digits).</summary>
    public const int MaxIntegerDigits = 131072;

    const int MinSigDigits = 16;

    static readonly short[] NoDigits = [];

    public static readonly NumericValue Zero = new(false, 0, NoDigits, 0);
    public static readonly NumericValue One = new(false, 0, [1], 0);
    public static readonly NumericValue NaN = new(Kind.NaN);
    public static readonly NumericValue PositiveInfinity = new(Kind.PositiveInfinity);
    public static readonly NumericValue NegativeInfinity = new(Kind.NegativeInfinity);

    readonly short[] _digits;

    public Kind ValueKind { get; }

    /// <summary>True for a negative finite value or -Infinity.</summary>
    public bool IsNegative { get; }

    /// <summary>Power of 10000 of the first digit.</summary>
    public int Weight { get; }

    /// <summary>Digits shown after the decimal point.</summary>
    public int Dscale { get; }

    /// <summary>Base-10000 digits, most significant first, without leading or trailing zeros.</summary>
    public ReadOnlySpan<short> Digits => _digits;

    public bool IsFinite => ValueKind == Kind.Finite;
    public bool IsNaN => ValueKind == Kind.NaN;
    public bool IsInfinity => ValueKind is Kind.PositiveInfinity or Kind.NegativeInfinity;
    public bool IsZero => ValueKind == Kind.Finite && _digits.Length == 0;

    /// <summary>-1, 0 or 1 (NaN: 0).</summary>
    public int Sign => ValueKind switch
    {
        Kind.PositiveInfinity => 1,
        Kind.NegativeInfinity => -1,
        Kind.NaN => 0,
        _ => _digits.Length == 0 ? 0 : IsNegative ? -1 : 1,
    };

    NumericValue(Kind kind)
    {
        ValueKind = kind;
        IsNegative = kind == Kind.NegativeInfinity;
        _digits = NoDigits;
    }

    NumericValue(bool negative, int weight, short[] digits, int dscale)
    {
        ValueKind = Kind.Finite;
        IsNegative = negative;
        Weight = weight;
        _digits = digits;
        Dscale = dscale;
    }

    /// <summary>
    /// A finite value from base-10000 digits (leading and trailing zero digits are stripped; digits below
    /// <paramref name="dscale"/> must be zero). ERROR 22003 when it is beyond numeric's range.
    /// </summary>
    public static NumericValue FromDigits(bool negative, int weight, ReadOnlySpan<short> digits, int dscale)
    {
        var v = Trimmed(negative, weight, digits, dscale);
        if (v.Weight >= MaxIntegerDigits / 4)
        {
            Overflow();
        }
        CheckScale(dscale);
        return v;
    }

    /// <summary>The value without range checks (an intermediate result that is rounded next).</summary>
    static NumericValue Trimmed(bool negative, int weight, ReadOnlySpan<short> digits, int dscale)
    {
        int start = 0;
        int end = digits.Length;
        while (start < end && digits[start] == 0)
        {
            start++;
        }
        while (end > start && digits[end - 1] == 0)
        {
            end--;
        }
        if (start == end)
        {
            return dscale == 0 ? Zero : new NumericValue(false, 0, NoDigits, Math.Max(dscale, 0));
        }
        weight -= start;
        return new NumericValue(negative, weight, digits[start..end].ToArray(), Math.Max(dscale, 0));
    }

    static void CheckScale(int dscale)
    {
        if (dscale > MaxDscale)
        {
            Overflow();
        }
    }

    /// <summary>ERROR 22003 "value overflows numeric format".</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Overflow() =>
        Throw.Error(SqlState.NumericValueOutOfRange, "value overflows numeric format");

    // ---- conversions ---------------------------------------------------------------------------------

    public static NumericValue FromInt64(long v)
    {
        if (v == 0)
        {
            return Zero;
        }
        Span<short> buf = stackalloc short[5];
        ulong m = v < 0 ? (ulong)(-(v + 1)) + 1 : (ulong)v;
        int n = 0;
        while (m != 0)
        {
            buf[n++] = (short)(m % 10000);
            m /= 10000;
        }
        buf[..n].Reverse();
        return FromDigits(v < 0, n - 1, buf[..n], 0);
    }

    public static NumericValue FromDecimal(decimal d) =>
        Parse(d.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// float → numeric as PostgreSQL does it: the value printed with <paramref name="significantDigits"/> digits
    /// (15 for float8, 6 for float4), read back; NaN and infinities map to numeric's.
    /// </summary>
    public static NumericValue FromDouble(double v, int significantDigits)
    {
        if (double.IsNaN(v))
        {
            return NaN;
        }
        if (double.IsInfinity(v))
        {
            return v > 0 ? PositiveInfinity : NegativeInfinity;
        }
        string s = v.ToString("E" + (significantDigits - 1), System.Globalization.CultureInfo.InvariantCulture);
        var n = Parse(s);
        return n.WithDscale(n.MinScale());
    }

    /// <summary>The nearest double (numeric_float8: through the text form).</summary>
    public double ToDouble() => ValueKind switch
    {
        Kind.NaN => double.NaN,
        Kind.PositiveInfinity => double.PositiveInfinity,
        Kind.NegativeInfinity => double.NegativeInfinity,
        _ => double.Parse(ToString(), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Rounds half away from zero to an integer; false when it does not fit a long (or is special).</summary>
    public bool TryToInt64(out long value)
    {
        value = 0;
        if (!IsFinite)
        {
            return false;
        }
        var r = Round(0);
        if (r.Weight > 4)
        {
            return false;
        }
        Int128 acc = 0;
        for (int w = r.Weight, i = 0; w >= 0; w--, i++)
        {
            acc = acc * 10000 + (i < r._digits.Length ? r._digits[i] : 0);
        }
        if (r.IsNegative)
        {
            acc = -acc;
        }
        if (acc < long.MinValue || acc > long.MaxValue)
        {
            return false;
        }
        value = (long)acc;
        return true;
    }

    /// <summary>The integer this value times 10^<paramref name="scale"/> (truncated; exact when scale ≥ Dscale).</summary>
    internal BigInteger ToUnscaled(int scale)
    {
        BigInteger u = BigInteger.Zero;
        foreach (short d in _digits)
        {
            u = u * 10000 + d;
        }
        int shift = scale + 4 * (Weight - _digits.Length + 1);
        u = shift >= 0 ? u * BigInteger.Pow(10, shift) : u / BigInteger.Pow(10, -shift);
        return IsNegative ? -u : u;
    }

    /// <summary>The value <paramref name="unscaled"/> / 10^<paramref name="scale"/> with display scale scale.</summary>
    internal static NumericValue FromUnscaled(BigInteger unscaled, int scale)
    {
        bool negative = unscaled.Sign < 0;
        string s = BigInteger.Abs(unscaled).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Span<byte> dig = s.Length <= 256 ? stackalloc byte[s.Length] : new byte[s.Length];
        for (int i = 0; i < s.Length; i++)
        {
            dig[i] = (byte)(s[i] - '0');
        }
        return FromDecimalDigits(dig, s.Length - scale, scale, negative);
    }

    /// <summary>
    /// The value 0.d1d2d3… × 10^<paramref name="pointPos"/> from decimal digits (each 0-9), shown with
    /// <paramref name="dscale"/> digits after the point.
    /// </summary>
    static NumericValue FromDecimalDigits(ReadOnlySpan<byte> dig, int pointPos, int dscale, bool negative)
    {
        // Pad in front so that the point falls on a base-10000 digit boundary.
        int front = ((4 - pointPos % 4) % 4 + 4) % 4;
        int weight = (pointPos + front) / 4 - 1;
        int total = front + dig.Length;
        int n = (total + 3) / 4;
        Span<short> digits = n <= 128 ? stackalloc short[n] : new short[n];
        for (int g = 0; g < n; g++)
        {
            int v = 0;
            for (int k = 0; k < 4; k++)
            {
                int idx = g * 4 + k - front;
                v = v * 10 + (idx >= 0 && idx < dig.Length ? dig[idx] : 0);
            }
            digits[g] = (short)v;
        }
        return FromDigits(negative, weight, digits, dscale);
    }

    // ---- text input and output -----------------------------------------------------------------------

    /// <summary>numeric_in: ERROR 22P02 on bad syntax, 22003 when out of range.</summary>
    public static NumericValue Parse(string s)
    {
        if (!TryParse(s, out var v, out bool overflow))
        {
            if (overflow)
            {
                Overflow();
            }
            Throw.Error(SqlState.InvalidTextRepresentation, $"invalid input syntax for type numeric: \"{s}\"");
        }
        return v;
    }

    /// <summary>numeric_in without errors; <paramref name="overflow"/> tells a range error from bad syntax.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out NumericValue value, out bool overflow)
    {
        value = Zero;
        overflow = false;
        var t = NumberIO.TrimSpace(s);
        if (TryParseSpecial(t, out value))
        {
            return true;
        }
        int i = 0;
        bool negative = false;
        if (i < t.Length && (t[i] == '+' || t[i] == '-'))
        {
            negative = t[i] == '-';
            i++;
        }
        Span<byte> dig = t.Length <= 512 ? stackalloc byte[t.Length] : new byte[t.Length];
        int n = 0;
        int pointAt = -1;
        bool anyDigit = false;
        for (; i < t.Length; i++)
        {
            char c = t[i];
            if (char.IsAsciiDigit(c))
            {
                anyDigit = true;
                if (n == 0 && c == '0' && pointAt < 0)
                {
                    continue; // leading zeros of the integer part
                }
                dig[n++] = (byte)(c - '0');
            }
            else if (c == '.' && pointAt < 0)
            {
                pointAt = n;
            }
            else
            {
                break;
            }
        }
        if (!anyDigit)
        {
            return false;
        }
        int intDigits = pointAt < 0 ? n : pointAt;
        int dscale = n - intDigits;
        if (i < t.Length && (t[i] == 'e' || t[i] == 'E'))
        {
            i++;
            bool expNeg = false;
            if (i < t.Length && (t[i] == '+' || t[i] == '-'))
            {
                expNeg = t[i] == '-';
                i++;
            }
            long exp = 0;
            int start = i;
            while (i < t.Length && char.IsAsciiDigit(t[i]))
            {
                exp = Math.Min(exp * 10 + (t[i] - '0'), int.MaxValue);
                i++;
            }
            if (i == start)
            {
                return false;
            }
            if (exp > 2 * MaxIntegerDigits)
            {
                overflow = true;
                return false;
            }
            if (expNeg)
            {
                exp = -exp;
            }
            intDigits += (int)exp;
            dscale = Math.Max(0, dscale - (int)exp);
        }
        if (i != t.Length)
        {
            return false;
        }
        if (dscale > MaxDscale)
        {
            overflow = true;
            return false;
        }
        var digits = dig[..n];
        int lead = digits.IndexOfAnyExcept((byte)0);
        if (lead < 0)
        {
            value = dscale == 0 ? Zero : new NumericValue(false, 0, NoDigits, dscale);
            return true;
        }
        if (intDigits - lead > MaxIntegerDigits)
        {
            overflow = true;
            return false;
        }
        value = FromDecimalDigits(digits[lead..], intDigits - lead, dscale, negative);
        return true;
    }

    static bool TryParseSpecial(ReadOnlySpan<char> t, out NumericValue value)
    {
        value = Zero;
        if (t.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            value = NaN;
            return true;
        }
        bool negative = false;
        var u = t;
        if (u.Length > 0 && (u[0] == '+' || u[0] == '-'))
        {
            negative = u[0] == '-';
            u = u[1..];
        }
        if (u.Equals("Infinity", StringComparison.OrdinalIgnoreCase) || u.Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? NegativeInfinity : PositiveInfinity;
            return true;
        }
        return false;
    }

    /// <summary>numeric_out: plain notation with exactly Dscale digits after the point.</summary>
    public override string ToString()
    {
        switch (ValueKind)
        {
            case Kind.NaN:
                return "NaN";
            case Kind.PositiveInfinity:
                return "Infinity";
            case Kind.NegativeInfinity:
                return "-Infinity";
        }
        var sb = new StringBuilder(8 + 4 * Math.Max(Weight + 1, 1) + Dscale);
        if (IsNegative)
        {
            sb.Append('-');
        }
        if (Weight < 0 || _digits.Length == 0)
        {
            sb.Append('0');
        }
        else
        {
            for (int w = Weight, i = 0; w >= 0; w--, i++)
            {
                int d = i < _digits.Length ? _digits[i] : 0;
                if (i == 0)
                {
                    sb.Append(d);
                }
                else
                {
                    AppendGroup(sb, d, 4);
                }
            }
        }
        if (Dscale > 0)
        {
            sb.Append('.');
            int left = Dscale;
            for (int w = -1; left > 0; w--)
            {
                int i = Weight - w;
                int d = i >= 0 && i < _digits.Length ? _digits[i] : 0;
                AppendGroup(sb, d, Math.Min(4, left));
                left -= 4;
            }
        }
        return sb.ToString();
    }

    static void AppendGroup(StringBuilder sb, int d, int count)
    {
        int div = 1000;
        for (int k = 0; k < count; k++)
        {
            sb.Append((char)('0' + d / div % 10));
            div /= 10;
        }
    }

    // ---- comparison ----------------------------------------------------------------------------------

    static int Rank(Kind k) => k switch
    {
        Kind.NegativeInfinity => -1,
        Kind.Finite => 0,
        Kind.PositiveInfinity => 1,
        _ => 2,
    };

    public int CompareTo(NumericValue? other)
    {
        if (other is null)
        {
            return 1;
        }
        if (ValueKind != Kind.Finite || other.ValueKind != Kind.Finite)
        {
            return Rank(ValueKind).CompareTo(Rank(other.ValueKind));
        }
        int sa = Sign;
        int sb = other.Sign;
        if (sa != sb)
        {
            return sa.CompareTo(sb);
        }
        int c = CompareAbs(this, other);
        return sa < 0 ? -c : c;
    }

    /// <summary>Compares absolute values of finite numbers.</summary>
    static int CompareAbs(NumericValue a, NumericValue b)
    {
        if (a._digits.Length == 0 || b._digits.Length == 0)
        {
            return (a._digits.Length != 0).CompareTo(b._digits.Length != 0);
        }
        if (a.Weight != b.Weight)
        {
            return a.Weight.CompareTo(b.Weight);
        }
        return a._digits.AsSpan().SequenceCompareTo(b._digits);
    }

    public bool Equals(NumericValue? other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is NumericValue n && Equals(n);

    public override int GetHashCode()
    {
        if (!IsFinite)
        {
            return (int)ValueKind;
        }
        var h = new HashCode();
        h.Add(IsNegative);
        h.Add(Weight);
        foreach (short d in _digits)
        {
            h.Add(d);
        }
        return h.ToHashCode();
    }

    // ---- scale ---------------------------------------------------------------------------------------

    /// <summary>The same value shown with <paramref name="dscale"/> digits (rounding when fewer).</summary>
    public NumericValue WithDscale(int dscale) =>
        !IsFinite || dscale == Dscale ? this : dscale < Dscale ? Round(dscale) : FromDigits(IsNegative, Weight, _digits, dscale);

    /// <summary>min_scale: fewest digits after the point that show the value exactly.</summary>
    public int MinScale()
    {
        if (_digits.Length == 0)
        {
            return 0;
        }
        int lastWeight = Weight - _digits.Length + 1;
        if (lastWeight >= 0)
        {
            return 0;
        }
        int d = _digits[^1];
        int trailing = 0;
        while (d % 10 == 0)
        {
            d /= 10;
            trailing++;
        }
        return -lastWeight * 4 - trailing;
    }
}
