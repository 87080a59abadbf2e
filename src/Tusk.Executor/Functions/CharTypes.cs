// character(n) / bpchar, character varying(n) and text semantics (utils/adt/varchar.c), and the coercion entry
// point for storing a value into a typed column.
// Invariants: lengths count characters (code points), not UTF-16 units; a bpchar value keeps its padding, and the
// padding is insignificant for comparison, length() and casts to text/varchar/name (which strip it), but kept
// by output, concat(), octet_length() and LIKE / regex matching.
// Typmod rules (typmod = n + 4): an explicit cast truncates to n characters; an implicit or assignment coercion
// raises 22001 "value too long for type character varying(n)" / "character(n)" unless only spaces are cut.
// Entry points:
//   CharTypes.CoerceForStore(value, type, typmod, explicitCast, output) -- the value converted to a column's type
//       and typmod as INSERT/UPDATE (explicitCast false) or CAST (true) would; NULL stays NULL. The value must
//       be materialized (not an in-tuple reference).
//   CharTypes.ApplyLength -- the varchar/bpchar part of a typmod.
//   CharTypes.StripPad, CompareBpchar, CodePointLength, CodePointSubstring -- helpers shared by the functions.
using System.Text;
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

/// <summary>char(n)/varchar(n)/text rules and the store-time coercion.</summary>
public static class CharTypes
{
    /// <summary>
    /// Converts <paramref name="value"/> to <paramref name="type"/> with <paramref name="typmod"/> (-1: none),
    /// as an assignment (explicitCast false: too-long strings raise 22001) or as CAST (true: they are cut).
    /// </summary>
    public static Datum CoerceForStore(in Datum value, uint type, int typmod, bool explicitCast, OutputContext output)
    {
        if (value.IsNull)
            return Datum.Null(type);
        if (value.Type != type && !(explicitCast ? Casts.CanExplicit(value.Type, type)
                : Casts.CanAssign(value.Type, type)))
            Throw.Error(SqlState.DatatypeMismatch,
                $"cannot cast type {TypeNames.Display(value.Type)} to {TypeNames.Display(type)}");
        return Casts.Cast(value, type, typmod, output, explicitCast);
    }

    /// <summary>varchar(n)/bpchar(n): cut (explicit) or check (assignment) the length; pad bpchar.</summary>
    public static Datum ApplyLength(in Datum v, int typmod, bool explicitCast)
    {
        int n = typmod - 4;
        string s = (string)v.Ref!;
        int len = CodePointLength(s);
        if (len > n)
        {
            string cut = CodePointSubstring(s, 0, n);
            if (!explicitCast && s.AsSpan(cut.Length).TrimStart(' ').Length > 0)
                Throw.Error(SqlState.StringDataRightTruncation,
                    $"value too long for type {TypeNames.Display(v.Type)}({n})");
            s = cut;
        }
        else if (v.Type == TypeOid.Bpchar && len < n)
        {
            s += new string(' ', n - len);
        }
        return Datum.FromText(s, v.Type);
    }

    /// <summary>A bpchar value without its trailing spaces (bpchar → text).</summary>
    public static string StripPad(string s) => s.TrimEnd(' ');

    /// <summary>bpchar comparison: trailing spaces are insignificant.</summary>
    public static int CompareBpchar(string a, string b) =>
        a.AsSpan().TrimEnd(' ').SequenceCompareTo(b.AsSpan().TrimEnd(' '));

    /// <summary>Number of characters (code points).</summary>
    public static int CodePointLength(string s)
    {
        int n = s.Length;
        foreach (char c in s)
            if (char.IsLowSurrogate(c))
                n--;
        return n;
    }

    /// <summary>UTF-16 index of code point <paramref name="cp"/> (clamped to the string's end).</summary>
    public static int IndexOfCodePoint(string s, long cp)
    {
        if (cp <= 0)
            return 0;
        int i = 0;
        for (long k = 0; k < cp && i < s.Length; k++)
            i += char.IsSurrogatePair(s, i) ? 2 : 1;
        return i;
    }

    /// <summary>Characters [start, start + count) by code point (0-based, clamped; count &lt; 0: to the end).</summary>
    public static string CodePointSubstring(string s, long start, long count)
    {
        int from = IndexOfCodePoint(s, start);
        int to = count < 0 ? s.Length : IndexOfCodePoint(s, start + count);
        return to <= from ? "" : s[from..to];
    }

    /// <summary>The code points of a string.</summary>
    public static List<string> CodePoints(string s)
    {
        var r = new List<string>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsSurrogatePair(s, i))
            {
                r.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                r.Add(s[i].ToString());
            }
        }
        return r;
    }

    /// <summary>lower()/upper() in the C locale: ASCII letters only.</summary>
    public static string AsciiCase(string s, bool upper)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
            sb.Append(upper ? (char.IsAsciiLetterLower(c) ? (char)(c - 32) : c)
                : (char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c));
        return sb.ToString();
    }
}
