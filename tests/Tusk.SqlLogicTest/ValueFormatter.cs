using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tusk.SqlLogicTest;

/// <summary>
/// Renders values the way the sqllogictest corpus expects them. The runner reads every column in PostgreSQL's text
/// output format; this turns that text into the column type's form: NULL → <c>NULL</c>, empty string →
/// <c>(empty)</c>, <c>I</c> → an integer (numbers truncated toward zero, booleans 1/0), <c>R</c> → <c>%.3f</c>,
/// <c>T</c> → the text with every character below 0x20 or above 0x7E replaced by <c>@</c>.
/// </summary>
public static class ValueFormatter
{
    public static string Format(string? text, char type)
    {
        if (text is null)
        {
            return "NULL";
        }
        if (text.Length == 0)
        {
            return "(empty)";
        }
        switch (type)
        {
            case 'I':
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
                {
                    return l.ToString(CultureInfo.InvariantCulture);
                }
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal m))
                {
                    return decimal.Truncate(m).ToString("0", CultureInfo.InvariantCulture);
                }
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
                {
                    return Math.Truncate(d).ToString("0", CultureInfo.InvariantCulture);
                }
                if (text is "t" or "f")
                {
                    return text == "t" ? "1" : "0";
                }
                return Printable(text);
            case 'R':
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) && double.IsFinite(r))
                {
                    string s = r.ToString("F3", CultureInfo.InvariantCulture);
                    return s == "-0.000" ? "0.000" : s;
                }
                return Printable(text);
            default:
                return Printable(text);
        }
    }

    /// <summary>Replaces every character (code point) below 0x20 or above 0x7E by <c>@</c>.</summary>
    public static string Printable(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (Rune rune in text.EnumerateRunes())
        {
            sb.Append(rune.Value is < 0x20 or > 0x7E ? '@' : (char)rune.Value);
        }
        return sb.ToString();
    }

    /// <summary>MD5 (lower-case hex) over the values, each followed by a newline.</summary>
    public static string Hash(IEnumerable<string> values)
    {
        var sb = new StringBuilder();
        foreach (string v in values)
        {
            sb.Append(v).Append('\n');
        }
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Orders rows column by column with ordinal string comparison.</summary>
    public static int CompareRows(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            int c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return a.Count.CompareTo(b.Count);
    }
}
