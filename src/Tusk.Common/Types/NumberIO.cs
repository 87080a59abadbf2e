// Text input and output of the integer and float types as PostgreSQL 15 does it (int.c/int8.c pg_strtoint*,
// float.c float4in/float8in/float8out_internal). Integers: optional whitespace around, optional sign, ASCII
// digits only. Floats: strtod syntax plus NaN/Infinity/inf spellings, ERROR 22003 when the value overflows or
// underflows to zero. Output with extra_float_digits > 0 is the shortest round-trip form: plain notation for
// decimal exponents in [-4, 15) (float4: [-4, 6)), otherwise d.ddde±XX; otherwise %g with 15 (6) + extra digits.
// Entry points: ParseInteger, ParseFloat8, ParseFloat4, FormatFloat8, FormatFloat4.
using System.Globalization;
using System.Numerics;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>Text I/O of int2/int4/int8/float4/float8.</summary>
public static class NumberIO
{
    /// <summary>C isspace() in the C locale, as PostgreSQL's input functions test white space.</summary>
    internal static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f';

    /// <summary>The text without C isspace() characters around it.</summary>
    public static ReadOnlySpan<char> TrimSpace(ReadOnlySpan<char> s)
    {
        int a = 0;
        int b = s.Length;
        while (a < b && IsSpace(s[a]))
        {
            a++;
        }
        while (b > a && IsSpace(s[b - 1]))
        {
            b--;
        }
        return s[a..b];
    }

    /// <summary>
    /// pg_strtoint16/32/64: ERROR 22P02 on bad syntax, 22003 `value "…" is out of range for type …` outside
    /// [<paramref name="min"/>, <paramref name="max"/>].
    /// </summary>
    public static long ParseInteger(string s, long min, long max, string typeName)
    {
        var t = TrimSpace(s);
        int i = 0;
        bool negative = false;
        if (i < t.Length && (t[i] == '+' || t[i] == '-'))
        {
            negative = t[i] == '-';
            i++;
        }
        if (i == t.Length)
        {
            Throw.Error(SqlState.InvalidTextRepresentation, $"invalid input syntax for type {typeName}: \"{s}\"");
        }
        ulong magnitude = 0;
        bool overflow = false;
        for (; i < t.Length; i++)
        {
            char c = t[i];
            if (!char.IsAsciiDigit(c))
            {
                Throw.Error(SqlState.InvalidTextRepresentation, $"invalid input syntax for type {typeName}: \"{s}\"");
            }
            if (magnitude > (ulong.MaxValue - 9) / 10)
            {
                overflow = true;
            }
            else
            {
                magnitude = magnitude * 10 + (ulong)(c - '0');
            }
        }
        ulong limit = negative ? (ulong)(-(min + 1)) + 1 : (ulong)max;
        if (overflow || magnitude > limit)
        {
            Throw.Error(SqlState.NumericValueOutOfRange, $"value \"{s}\" is out of range for type {typeName}");
        }
        return negative ? (long)(0 - magnitude) : (long)magnitude;
    }

    /// <summary>float8in.</summary>
    public static double ParseFloat8(string s)
    {
        var t = TrimSpace(s);
        if (TryParseSpecial(t, out double special))
        {
            return special;
        }
        if (!IsFloatSyntax(t, out bool nonZeroDigit)
            || !double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            return Throw.Error<double>(SqlState.InvalidTextRepresentation,
                $"invalid input syntax for type double precision: \"{s}\"");
        }
        if (double.IsInfinity(v) || (v == 0 && nonZeroDigit))
        {
            Throw.Error(SqlState.NumericValueOutOfRange, $"\"{s}\" is out of range for type double precision");
        }
        return v;
    }

    /// <summary>float4in.</summary>
    public static float ParseFloat4(string s)
    {
        var t = TrimSpace(s);
        if (TryParseSpecial(t, out double special))
        {
            return (float)special;
        }
        if (!IsFloatSyntax(t, out bool nonZeroDigit)
            || !float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
        {
            return Throw.Error<float>(SqlState.InvalidTextRepresentation, $"invalid input syntax for type real: \"{s}\"");
        }
        if (float.IsInfinity(v) || (v == 0 && nonZeroDigit))
        {
            Throw.Error(SqlState.NumericValueOutOfRange, $"\"{s}\" is out of range for type real");
        }
        return v;
    }

    /// <summary>
    /// strtod on the start of <paramref name="s"/> (float8in_internal with an end pointer, as the geometric and
    /// other composite inputs use it): [sign] digits [. digits] [e [sign] digits], or NaN / Infinity / inf.
    /// False when no number starts there; <paramref name="outOfRange"/> when it overflows or underflows to zero.
    /// </summary>
    public static bool TryParseFloat8Prefix(ReadOnlySpan<char> s, out double v, out int used, out bool outOfRange)
    {
        v = 0;
        outOfRange = false;
        int i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            i++;
        foreach (string word in (ReadOnlySpan<string>)["infinity", "inf", "nan"])
        {
            if (s.Length - i >= word.Length && s.Slice(i, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                used = i + word.Length;
                v = word == "nan" ? double.NaN : s[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }
        }
        used = ScanFloat(s, out bool nonZero);
        if (used == 0)
            return false;
        v = double.Parse(s[..used], NumberStyles.Float, CultureInfo.InvariantCulture);
        outOfRange = double.IsInfinity(v) || (v == 0 && nonZero);
        return true;
    }

    static bool TryParseSpecial(ReadOnlySpan<char> t, out double v)
    {
        v = 0;
        var u = t;
        bool negative = false;
        if (u.Length > 0 && (u[0] == '+' || u[0] == '-'))
        {
            negative = u[0] == '-';
            u = u[1..];
        }
        if (u.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            v = double.NaN;
            return true;
        }
        if (u.Equals("Infinity", StringComparison.OrdinalIgnoreCase) || u.Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            v = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        return false;
    }

    /// <summary>[sign] digits [. digits] [e [sign] digits], with at least one mantissa digit.</summary>
    static bool IsFloatSyntax(ReadOnlySpan<char> t, out bool nonZeroDigit)
    {
        int n = ScanFloat(t, out nonZeroDigit);
        return n > 0 && n == t.Length;
    }

    /// <summary>
    /// The length of the longest prefix of the form [sign] digits [. digits] [e [sign] digits] (an exponent without
    /// digits is not part of it), 0 when there is no mantissa digit.
    /// </summary>
    static int ScanFloat(ReadOnlySpan<char> t, out bool nonZeroDigit)
    {
        nonZeroDigit = false;
        int i = 0;
        if (i < t.Length && (t[i] == '+' || t[i] == '-'))
        {
            i++;
        }
        int digits = 0;
        bool point = false;
        for (; i < t.Length; i++)
        {
            if (char.IsAsciiDigit(t[i]))
            {
                digits++;
                nonZeroDigit |= t[i] != '0';
            }
            else if (t[i] == '.' && !point)
            {
                point = true;
            }
            else
            {
                break;
            }
        }
        if (digits == 0)
        {
            return 0;
        }
        if (i < t.Length && (t[i] == 'e' || t[i] == 'E'))
        {
            int j = i + 1;
            if (j < t.Length && (t[j] == '+' || t[j] == '-'))
            {
                j++;
            }
            int start = j;
            while (j < t.Length && char.IsAsciiDigit(t[j]))
            {
                j++;
            }
            if (j > start)
            {
                i = j;
            }
        }
        return i;
    }

    public static string FormatFloat8(double v, int extraDigits) => FormatFloat(v, extraDigits, 15);

    public static string FormatFloat4(float v, int extraDigits) => FormatFloat(v, extraDigits, 6);

    /// <summary>float8out/float4out; <paramref name="digits"/> is DBL_DIG or FLT_DIG.</summary>
    static string FormatFloat<T>(T v, int extraDigits, int digits) where T : IFloatingPointIeee754<T>
    {
        if (T.IsNaN(v))
        {
            return "NaN";
        }
        if (T.IsInfinity(v))
        {
            return T.IsPositive(v) ? "Infinity" : "-Infinity";
        }
        return extraDigits > 0
            ? Shortest(v.ToString("R", CultureInfo.InvariantCulture), digits)
            : CStyleExponent(v.ToString("G" + Math.Max(1, digits + extraDigits), CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Re-lays .NET's shortest round-trip text as PostgreSQL's: plain when the decimal exponent is in
    /// [-4, <paramref name="plainBelow"/>), otherwise one digit, the point, the rest and e±XX.
    /// </summary>
    static string Shortest(string r, int plainBelow)
    {
        bool negative = r.StartsWith('-');
        var body = negative ? r.AsSpan(1) : r.AsSpan();
        int ePos = body.IndexOfAny('E', 'e');
        int exp = 0;
        if (ePos >= 0)
        {
            exp = int.Parse(body[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..ePos];
        }
        Span<char> digits = stackalloc char[body.Length];
        int n = 0;
        int pointAt = -1;
        foreach (char c in body)
        {
            if (c == '.')
            {
                pointAt = n;
            }
            else
            {
                digits[n++] = c;
            }
        }
        if (pointAt < 0)
        {
            pointAt = n;
        }
        int lead = 0;
        while (lead < n - 1 && digits[lead] == '0')
        {
            lead++;
        }
        var d = digits[lead..n];
        int end = d.Length;
        while (end > 1 && d[end - 1] == '0')
        {
            end--;
        }
        // value = 0.d × 10^(pointAt - lead + exp); in scientific form the exponent is one less.
        int sciExp = pointAt - lead + exp - 1;
        if (d.Length == 1 && d[0] == '0')
        {
            return negative ? "-0" : "0";
        }
        d = d[..end];
        var sb = new System.Text.StringBuilder(32);
        if (negative)
        {
            sb.Append('-');
        }
        if (sciExp >= -4 && sciExp < plainBelow)
        {
            if (sciExp < 0)
            {
                sb.Append("0.").Append('0', -sciExp - 1).Append(d);
            }
            else if (d.Length <= sciExp + 1)
            {
                sb.Append(d).Append('0', sciExp + 1 - d.Length);
            }
            else
            {
                sb.Append(d[..(sciExp + 1)]).Append('.').Append(d[(sciExp + 1)..]);
            }
            return sb.ToString();
        }
        sb.Append(d[0]);
        if (d.Length > 1)
        {
            sb.Append('.').Append(d[1..]);
        }
        sb.Append('e').Append(sciExp < 0 ? '-' : '+');
        sb.Append(Math.Abs(sciExp).ToString("00", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    // .NET prints 1E+20; C's %g prints 1e+20.
    static string CStyleExponent(string s)
    {
        int e = s.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return s;
        }
        string exp = s[(e + 1)..];
        char sign = exp[0] == '-' ? '-' : '+';
        exp = exp.TrimStart('+', '-');
        return s[..e] + "e" + sign + exp.PadLeft(2, '0');
    }
}
