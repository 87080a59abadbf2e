// String functions and operators of PG 15 (utils/adt/varlena.c, oracle_compat.c, regexp.c, like.c, quote.c):
// length family, substr/substring (positional, regex and SIMILAR forms), position/strpos, case, trim/pad,
// replace/translate/split_part, concat/concat_ws/format, quote_*, to_hex, chr/ascii, md5, starts_with, the
// regexp_* functions, LIKE/regex operators (including the bpchar forms, which see the padding) and the bpchar
// comparisons (padding insignificant). Lengths and positions count characters (CharTypes); case mapping is the
// C locale's (ASCII only). Entry point: RegisterStrings, called from the FunctionCatalog constructor.
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Sql.Parser;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    static Datum TextOf(string s) => Datum.FromText(s);

    static void RegisterStrings()
    {
        const uint Txt = TypeOid.Text;
        const uint I4 = TypeOid.Int4;
        const uint Bpc = TypeOid.Bpchar;
        const uint I8 = TypeOid.Int8;
        const uint Bool = TypeOid.Bool;

        // VARIADIC "any" functions below list Unknown for each argument they require.
        // Length family: bpchar's length ignores the padding, its octet_length does not.
        foreach (string name in new[] { "length", "char_length", "character_length" })
        {
            Fn(name, [Txt], I4, static (a, _) => Datum.FromInt4(CharTypes.CodePointLength(a[0].Text)));
            Fn(name, [Bpc], I4,
                static (a, _) => Datum.FromInt4(CharTypes.CodePointLength(CharTypes.StripPad(a[0].Text))));
        }
        Fn("octet_length", [Txt], I4, static (a, _) => Datum.FromInt4(Encoding.UTF8.GetByteCount(a[0].Text)));
        Fn("octet_length", [Bpc], I4, static (a, _) => Datum.FromInt4(Encoding.UTF8.GetByteCount(a[0].Text)));
        Fn("bit_length", [Txt], I4, static (a, _) => Datum.FromInt4(8 * Encoding.UTF8.GetByteCount(a[0].Text)));

        Fn("lower", [Txt], Txt, static (a, _) => TextOf(CharTypes.AsciiCase(a[0].Text, upper: false)));
        Fn("upper", [Txt], Txt, static (a, _) => TextOf(CharTypes.AsciiCase(a[0].Text, upper: true)));
        Fn("initcap", [Txt], Txt, static (a, _) => TextOf(InitCap(a[0].Text)));
        Fn("overlay", [Txt, Txt, I4], Txt,
            static (a, _) => TextOf(Overlay(a[0].Text, a[1].Text, a[2].Int, CharTypes.CodePointLength(a[1].Text))));
        Fn("overlay", [Txt, Txt, I4, I4], Txt,
            static (a, _) => TextOf(Overlay(a[0].Text, a[1].Text, a[2].Int, a[3].Int)));

        foreach (string name in new[] { "substr", "substring" })
        {
            Fn(name, [Txt, I4], Txt, static (a, _) => TextOf(Substr(a[0].Text, a[1].Int, null)));
            Fn(name, [Txt, I4, I4], Txt, static (a, _) => TextOf(Substr(a[0].Text, a[1].Int, a[2].Int)));
        }
        // substring(text FROM pattern) and the SQL99 substring(text FROM pattern FOR escape) / SIMILAR form.
        Fn("substring", [Txt, Txt], Txt, static (a, _) => RegexSubstring(a[0].Text, a[1].Text));
        Fn("substring", [Txt, Txt, Txt], Txt,
            static (a, _) => RegexSubstring(a[0].Text, SqlPatterns.SimilarForSubstring(a[1].Text, a[2].Text)));
        Fn("similar_to_escape", [Txt], Txt, static (a, _) => TextOf(SqlPatterns.SimilarToEscape(a[0].Text, null)));
        Fn("similar_to_escape", [Txt, Txt], Txt,
            static (a, _) => TextOf(SqlPatterns.SimilarToEscape(a[0].Text, a[1].Text)));
        Fn("like_escape", [Txt, Txt], Txt, static (a, _) => TextOf(SqlPatterns.LikeEscape(a[0].Text, a[1].Text)));

        Fn("position", [Txt, Txt], I4, static (a, _) => StrPos(a[0].Text, a[1].Text));
        Fn("strpos", [Txt, Txt], I4, static (a, _) => StrPos(a[0].Text, a[1].Text));
        Fn("starts_with", [Txt, Txt], Bool,
            static (a, _) => Datum.FromBool(a[0].Text.StartsWith(a[1].Text, StringComparison.Ordinal)));
        Op("^@", Txt, Txt, Bool,
            static (a, _) => Datum.FromBool(a[0].Text.StartsWith(a[1].Text, StringComparison.Ordinal)));

        Fn("btrim", [Txt], Txt, static (a, _) => TextOf(a[0].Text.Trim(' ')));
        Fn("btrim", [Txt, Txt], Txt, static (a, _) => TextOf(Trim(a[0].Text, a[1].Text, true, true)));
        Fn("ltrim", [Txt], Txt, static (a, _) => TextOf(a[0].Text.TrimStart(' ')));
        Fn("ltrim", [Txt, Txt], Txt, static (a, _) => TextOf(Trim(a[0].Text, a[1].Text, true, false)));
        Fn("rtrim", [Txt], Txt, static (a, _) => TextOf(a[0].Text.TrimEnd(' ')));
        Fn("rtrim", [Txt, Txt], Txt, static (a, _) => TextOf(Trim(a[0].Text, a[1].Text, false, true)));
        Fn("lpad", [Txt, I4], Txt, static (a, _) => TextOf(Pad(a[0].Text, a[1].Int, " ", left: true)));
        Fn("lpad", [Txt, I4, Txt], Txt, static (a, _) => TextOf(Pad(a[0].Text, a[1].Int, a[2].Text, left: true)));
        Fn("rpad", [Txt, I4], Txt, static (a, _) => TextOf(Pad(a[0].Text, a[1].Int, " ", left: false)));
        Fn("rpad", [Txt, I4, Txt], Txt, static (a, _) => TextOf(Pad(a[0].Text, a[1].Int, a[2].Text, left: false)));

        Fn("replace", [Txt, Txt, Txt], Txt, static (a, _) => TextOf(a[1].Text.Length == 0 ? a[0].Text
            : a[0].Text.Replace(a[1].Text, a[2].Text, StringComparison.Ordinal)));
        Fn("translate", [Txt, Txt, Txt], Txt, static (a, _) => TextOf(Translate(a[0].Text, a[1].Text, a[2].Text)));
        Fn("split_part", [Txt, Txt, I4], Txt, static (a, _) => TextOf(SplitPart(a[0].Text, a[1].Text, a[2].Int)));
        Fn("repeat", [Txt, I4], Txt, static (a, _) =>
        {
            long n = Math.Max(0, a[1].Int);
            if (n * a[0].Text.Length > 1_073_741_823)
                Throw.Error(SqlState.ProgramLimitExceeded, "requested length too large");
            return TextOf(new StringBuilder(a[0].Text.Length * (int)n).Insert(0, a[0].Text, (int)n).ToString());
        });
        Fn("reverse", [Txt], Txt, static (a, _) =>
        {
            var cps = CharTypes.CodePoints(a[0].Text);
            cps.Reverse();
            return TextOf(string.Concat(cps));
        });
        Fn("left", [Txt, I4], Txt, static (a, _) =>
        {
            string s = a[0].Text;
            long len = CharTypes.CodePointLength(s);
            long n = a[1].Int >= 0 ? Math.Min(a[1].Int, len) : Math.Max(0, len + a[1].Int);
            return TextOf(CharTypes.CodePointSubstring(s, 0, n));
        });
        Fn("right", [Txt, I4], Txt, static (a, _) =>
        {
            string s = a[0].Text;
            long len = CharTypes.CodePointLength(s);
            long n = a[1].Int >= 0 ? Math.Min(a[1].Int, len) : Math.Max(0, len + a[1].Int);
            return TextOf(CharTypes.CodePointSubstring(s, len - n, -1));
        });
        Fn("ascii", [Txt], I4, static (a, _) =>
            Datum.FromInt4(a[0].Text.Length == 0 ? 0 : char.ConvertToUtf32(a[0].Text, 0)));
        Fn("chr", [I4], Txt, static (a, _) => TextOf(Chr(a[0].Int)));
        Fn("unistr", [Txt], Txt, static (a, _) => TextOf(Unistr(a[0].Text)));
        Fn("md5", [Txt], Txt,
            static (a, _) => TextOf(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(a[0].Text)))));
        Fn("to_hex", [I4], Txt, static (a, _) => TextOf(((uint)(int)a[0].Int).ToString("x",
            System.Globalization.CultureInfo.InvariantCulture)));
        Fn("to_hex", [I8], Txt, static (a, _) => TextOf(((ulong)a[0].Int).ToString("x",
            System.Globalization.CultureInfo.InvariantCulture)));

        Fn("quote_ident", [Txt], Txt, static (a, _) => TextOf(QuoteIdent(a[0].Text)));
        Fn("quote_literal", [Txt], Txt, static (a, _) => TextOf(QuoteLiteral(a[0].Text)));
        Add(Functions, new Builtin("quote_literal", [TypeOid.Unknown], Txt,
            static (a, c) => a[0].IsNull ? Datum.Null(Txt) : TextOf(QuoteLiteral(OutText(a[0], c))), AnyArgs: true));
        Add(Functions, new Builtin("quote_nullable", [TypeOid.Unknown], Txt,
            static (a, c) => TextOf(a[0].IsNull ? "NULL" : QuoteLiteral(OutText(a[0], c))), Strict: false,
            AnyArgs: true));
        Add(Functions, new Builtin("concat", [TypeOid.Unknown], Txt, static (a, c) =>
        {
            var sb = new StringBuilder();
            foreach (var d in a)
                if (!d.IsNull)
                    sb.Append(OutText(d, c));
            return TextOf(sb.ToString());
        }, Strict: false, AnyArgs: true) { NullVariadicIsNull = true });
        Add(Functions, new Builtin("concat_ws", [TypeOid.Unknown, TypeOid.Unknown], Txt, static (a, c) =>
        {
            if (a.Length == 0 || a[0].IsNull)
                return Datum.Null(Txt);
            string sep = OutText(a[0], c);
            return TextOf(string.Join(sep, a.Skip(1).Where(d => !d.IsNull).Select(d => OutText(d, c))));
        }, Strict: false, AnyArgs: true) { NullVariadicIsNull = true });
        Add(Functions, new Builtin("format", [TypeOid.Unknown], Txt, static (a, c) => a.Length == 0 || a[0].IsNull
            ? Datum.Null(Txt)
            : TextOf(TextFormat.Format(OutText(a[0], c), a.AsSpan(1), c)), Strict: false, AnyArgs: true));

        RegisterRegex();
        RegisterBpcharOperators();
    }

    static void RegisterRegex()
    {
        const uint Txt = TypeOid.Text;
        const uint I4 = TypeOid.Int4;
        const uint Bool = TypeOid.Bool;
        // ~ ~* !~ !~* and the LIKE operators: text, name and bpchar (which keeps its padding) on the left.
        foreach (uint t in new[] { Txt, TypeOid.Bpchar, TypeOid.Name })
        {
            Op("~", t, Txt, Bool, static (a, _) => Datum.FromBool(IsMatch(a[0].Text, a[1].Text, false)));
            Op("~*", t, Txt, Bool, static (a, _) => Datum.FromBool(IsMatch(a[0].Text, a[1].Text, true)));
            Op("!~", t, Txt, Bool, static (a, _) => Datum.FromBool(!IsMatch(a[0].Text, a[1].Text, false)));
            Op("!~*", t, Txt, Bool, static (a, _) => Datum.FromBool(!IsMatch(a[0].Text, a[1].Text, true)));
            if (t == Txt)
                continue;
            Op("~~", t, Txt, Bool,
                static (a, _) => Datum.FromBool(LikeMatcher.Like(a[0].Text, a[1].Text, null, false)));
            Op("!~~", t, Txt, Bool,
                static (a, _) => Datum.FromBool(!LikeMatcher.Like(a[0].Text, a[1].Text, null, false)));
            Op("~~*", t, Txt, Bool,
                static (a, _) => Datum.FromBool(LikeMatcher.Like(a[0].Text, a[1].Text, null, true)));
            Op("!~~*", t, Txt, Bool,
                static (a, _) => Datum.FromBool(!LikeMatcher.Like(a[0].Text, a[1].Text, null, true)));
        }

        Fn("regexp_like", [Txt, Txt], Bool, static (a, _) => Datum.FromBool(IsMatch(a[0].Text, a[1].Text, false)));
        Fn("regexp_like", [Txt, Txt, Txt], Bool, static (a, _) => Datum.FromBool(
            PgRegex.Get(a[1].Text, PgRegex.ParseFlags(a[2].Text, false, "regexp_like")).IsMatch(a[0].Text)));

        Fn("regexp_replace", [Txt, Txt, Txt], Txt, static (a, _) => TextOf(RegexReplace(a, null, 1, 1)));
        Fn("regexp_replace", [Txt, Txt, Txt, Txt], Txt, static (a, _) =>
        {
            string flags = a[3].Text;
            if (flags.Length > 0 && char.IsAsciiDigit(flags[0]))
                Throw.Error(SqlState.InvalidParameterValue, $"invalid regular expression option: \"{flags[0]}\"",
                    hint: "If you meant to use regexp_replace() with a start parameter, cast the fourth argument to " +
                          "integer explicitly.");
            return TextOf(RegexReplace(a, flags, 1, null));
        });
        Fn("regexp_replace", [Txt, Txt, Txt, I4], Txt, static (a, _) => TextOf(RegexReplace(a, null, a[3].Int, 1)));
        Fn("regexp_replace", [Txt, Txt, Txt, I4, I4], Txt,
            static (a, _) => TextOf(RegexReplace(a, null, a[3].Int, a[4].Int)));
        Fn("regexp_replace", [Txt, Txt, Txt, I4, I4, Txt], Txt,
            static (a, _) => TextOf(RegexReplace(a, a[5].Text, a[3].Int, a[4].Int)));

        Fn("regexp_count", [Txt, Txt], I4, static (a, _) => Datum.FromInt4(RegexCount(a, 1, null)));
        Fn("regexp_count", [Txt, Txt, I4], I4, static (a, _) => Datum.FromInt4(RegexCount(a, a[2].Int, null)));
        Fn("regexp_count", [Txt, Txt, I4, Txt], I4,
            static (a, _) => Datum.FromInt4(RegexCount(a, a[2].Int, a[3].Text)));

        // regexp_instr(string, pattern [, start [, N [, endoption [, flags [, subexpr]]]]])
        Fn("regexp_instr", [Txt, Txt], I4, static (a, _) => RegexInstr(a));
        Fn("regexp_instr", [Txt, Txt, I4], I4, static (a, _) => RegexInstr(a));
        Fn("regexp_instr", [Txt, Txt, I4, I4], I4, static (a, _) => RegexInstr(a));
        Fn("regexp_instr", [Txt, Txt, I4, I4, I4], I4, static (a, _) => RegexInstr(a));
        Fn("regexp_instr", [Txt, Txt, I4, I4, I4, Txt], I4, static (a, _) => RegexInstr(a));
        Fn("regexp_instr", [Txt, Txt, I4, I4, I4, Txt, I4], I4, static (a, _) => RegexInstr(a));
        // regexp_substr(string, pattern [, start [, N [, flags [, subexpr]]]])
        Fn("regexp_substr", [Txt, Txt], Txt, static (a, _) => RegexSubstr(a));
        Fn("regexp_substr", [Txt, Txt, I4], Txt, static (a, _) => RegexSubstr(a));
        Fn("regexp_substr", [Txt, Txt, I4, I4], Txt, static (a, _) => RegexSubstr(a));
        Fn("regexp_substr", [Txt, Txt, I4, I4, Txt], Txt, static (a, _) => RegexSubstr(a));
        Fn("regexp_substr", [Txt, Txt, I4, I4, Txt, I4], Txt, static (a, _) => RegexSubstr(a));
        RegisterRegexpSets();
    }

    static void RegisterBpcharOperators()
    {
        // bpchareq, bpcharlt, ...: trailing spaces are insignificant.
        (string, Func<int, bool>)[] ops =
            [("=", c => c == 0), ("<>", c => c != 0), ("<", c => c < 0), (">", c => c > 0), ("<=", c => c <= 0),
                (">=", c => c >= 0)];
        foreach (var (name, test) in ops)
            Op(name, TypeOid.Bpchar, TypeOid.Bpchar, TypeOid.Bool,
                (a, _) => Datum.FromBool(test(CharTypes.CompareBpchar(a[0].Text, a[1].Text))));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    static bool IsMatch(string s, string pattern, bool ci) =>
        PgRegex.Get(pattern, new RegexFlags(ci, false, false, false, false)).IsMatch(s);

    static string InitCap(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool inWord = false;
        foreach (char c in s)
        {
            sb.Append(inWord ? (char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c)
                : (char.IsAsciiLetterLower(c) ? (char)(c - 32) : c));
            inWord = char.IsAsciiLetterOrDigit(c);
        }
        return sb.ToString();
    }

    static Datum StrPos(string hay, string needle)
    {
        int i = hay.IndexOf(needle, StringComparison.Ordinal);
        return Datum.FromInt4(i < 0 ? 0 : CharTypes.CodePointLength(hay[..i]) + 1);
    }

    static string Substr(string s, long start, long? count)
    {
        if (count < 0)
            Throw.Error("22011", "negative substring length not allowed");
        long from = start - 1;
        if (count == null)
            return CharTypes.CodePointSubstring(s, Math.Max(0, from), -1);
        long to = from + count.Value;
        from = Math.Max(0, from);
        return to <= from ? "" : CharTypes.CodePointSubstring(s, from, to - from);
    }

    /// <summary>textregexsubstr: the first parenthesized subexpression's match, else the whole match; NULL when
    /// there is no match (or the subexpression did not take part).</summary>
    static Datum RegexSubstring(string s, string pattern)
    {
        var m = PgRegex.Get(pattern, default).Match(s);
        if (!m.Success)
            return Datum.Null(TypeOid.Text);
        if (m.Groups.Count > 1)
            return m.Groups[1].Success ? TextOf(m.Groups[1].Value) : Datum.Null(TypeOid.Text);
        return TextOf(m.Value);
    }

    /// <summary>overlay: s's characters before start, then r, then s from start + count.</summary>
    static string Overlay(string s, string r, long start, long count) =>
        Substr(s, 1, start - 1) + r + Substr(s, start + count, null);

    static string Trim(string s, string chars, bool leading, bool trailing)
    {
        if (chars.Length == 0 || s.Length == 0)
            return s;
        var set = new HashSet<string>(CharTypes.CodePoints(chars), StringComparer.Ordinal);
        var cps = CharTypes.CodePoints(s);
        int from = 0;
        int to = cps.Count;
        if (leading)
            while (from < to && set.Contains(cps[from]))
                from++;
        if (trailing)
            while (to > from && set.Contains(cps[to - 1]))
                to--;
        return string.Concat(cps.GetRange(from, to - from));
    }

    static string Pad(string s, long len, string fill, bool left)
    {
        if (len <= 0)
            return "";
        if (len > 268_435_455)
            Throw.Error(SqlState.ProgramLimitExceeded, "requested length too large");
        int have = CharTypes.CodePointLength(s);
        if (have >= len)
            return CharTypes.CodePointSubstring(s, 0, len);
        if (fill.Length == 0)
            return s;
        var fillCps = CharTypes.CodePoints(fill);
        var sb = new StringBuilder();
        for (long i = 0; i < len - have; i++)
            sb.Append(fillCps[(int)(i % fillCps.Count)]);
        return left ? sb.Append(s).ToString() : s + sb;
    }

    static string Translate(string s, string from, string to)
    {
        var f = CharTypes.CodePoints(from);
        var t = CharTypes.CodePoints(to);
        var sb = new StringBuilder(s.Length);
        foreach (string cp in CharTypes.CodePoints(s))
        {
            int k = f.IndexOf(cp);
            if (k < 0)
                sb.Append(cp);
            else if (k < t.Count)
                sb.Append(t[k]);
        }
        return sb.ToString();
    }

    static string SplitPart(string s, string delim, long n)
    {
        if (n == 0)
            Throw.Error(SqlState.InvalidParameterValue, "field position must not be zero");
        if (delim.Length == 0)
            return n is 1 or -1 ? s : "";
        string[] parts = s.Split(delim, StringSplitOptions.None);
        long idx = n > 0 ? n - 1 : parts.Length + n;
        return idx >= 0 && idx < parts.Length ? parts[idx] : "";
    }

    static string Chr(long cp)
    {
        if (cp < 0)
            Throw.Error(SqlState.InvalidParameterValue, "character number must be positive");
        if (cp == 0)
            Throw.Error(SqlState.ProgramLimitExceeded, "null character not permitted");
        if (cp > 0x10ffff)
            Throw.Error(SqlState.ProgramLimitExceeded, $"requested character too large for encoding: {cp}");
        if (cp is >= 0xd800 and <= 0xdfff)
            Throw.Error(SqlState.ProgramLimitExceeded, $"requested character not valid for encoding: {cp}");
        return char.ConvertFromUtf32((int)cp);
    }

    static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>unistr: \XXXX, \+XXXXXX, \uXXXX, \UXXXXXXXX code points (surrogates only as pairs) and \\.</summary>
    static string Unistr(string s)
    {
        var sb = new StringBuilder(s.Length);
        int pendingHigh = -1;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\')
            {
                if (pendingHigh >= 0)
                    BadSurrogate();
                sb.Append(s[i]);
                continue;
            }
            if (i + 1 < s.Length && s[i + 1] == '\\')
            {
                if (pendingHigh >= 0)
                    BadSurrogate();
                sb.Append('\\');
                i++;
                continue;
            }
            int digits = i + 1 >= s.Length ? 0 : s[i + 1] switch { '+' => 6, 'u' => 4, 'U' => 8, _ => 4 };
            int start = i + 1 < s.Length && s[i + 1] is '+' or 'u' or 'U' ? i + 2 : i + 1;
            if (digits == 0 || start + digits > s.Length || s.AsSpan(start, digits).ContainsAnyExcept(HexDigits))
                Throw.Error(SqlState.SyntaxError, "invalid Unicode escape",
                    hint: "Unicode escapes must be \\XXXX, \\+XXXXXX, \\uXXXX, or \\UXXXXXXXX.");
            long cp = long.Parse(s.AsSpan(start, digits), System.Globalization.NumberStyles.HexNumber,
                System.Globalization.CultureInfo.InvariantCulture);
            i = start + digits - 1;
            if (cp is 0 or > 0x10ffff)
                Throw.Error(SqlState.InvalidParameterValue, $"invalid Unicode code point: {cp:X4}");
            if (pendingHigh >= 0)
            {
                if (cp is < 0xdc00 or > 0xdfff)
                    BadSurrogate();
                sb.Append(char.ConvertFromUtf32(0x10000 + ((pendingHigh - 0xd800) << 10) + (int)(cp - 0xdc00)));
                pendingHigh = -1;
            }
            else if (cp is >= 0xd800 and <= 0xdbff)
            {
                pendingHigh = (int)cp;
            }
            else if (cp is >= 0xdc00 and <= 0xdfff)
            {
                BadSurrogate();
            }
            else
            {
                sb.Append(char.ConvertFromUtf32((int)cp));
            }
        }
        if (pendingHigh >= 0)
            BadSurrogate();
        return sb.ToString();
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void BadSurrogate() => Throw.Error(SqlState.SyntaxError, "invalid Unicode surrogate pair");

    /// <summary>quote_ident: quoted unless all lower-case letters, digits and underscores (not leading a digit)
    /// and not a keyword that needs quoting.</summary>
    public static string QuoteIdent(string s)
    {
        bool safe = s.Length > 0 && (char.IsAsciiLetterLower(s[0]) || s[0] == '_');
        foreach (char c in s)
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
                safe = false;
        if (safe)
        {
            var cat = Keywords.Category(s);
            if (cat != null && cat != KeywordCategory.Unreserved)
                safe = false;
        }
        return safe ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>quote_literal: quotes doubled; with a backslash, an E'' literal with backslashes doubled.</summary>
    public static string QuoteLiteral(string s)
    {
        string body = s.Replace("'", "''", StringComparison.Ordinal);
        if (body.Contains('\\', StringComparison.Ordinal))
            return "E'" + body.Replace("\\", "\\\\", StringComparison.Ordinal) + "'";
        return "'" + body + "'";
    }

    static Regex FlagsRegex(Datum[] a, int flagsIndex, string function) =>
        PgRegex.Get(a[1].Text, a.Length > flagsIndex ? PgRegex.ParseFlags(a[flagsIndex].Text, false, function)
            : default);

    static int StartIndex(string s, long start)
    {
        if (start <= 0)
            Throw.Error(SqlState.InvalidParameterValue, $"invalid value for parameter \"start\": {start}");
        return CharTypes.IndexOfCodePoint(s, start - 1);
    }

    /// <summary>regexp_replace: occurrence n (0 = all) from character position start; flags may say 'g'.</summary>
    static string RegexReplace(Datum[] a, string? flags, long start, long? occurrence)
    {
        string s = a[0].Text;
        var f = PgRegex.ParseFlags(flags, allowGlobal: true, "regexp_replace");
        if (occurrence < 0)
            Throw.Error(SqlState.InvalidParameterValue, $"invalid value for parameter \"n\": {occurrence}");
        long n = occurrence ?? (f.Global ? 0 : 1);
        var re = PgRegex.Get(a[1].Text, f);
        string replacement = a[2].Text;
        int from = StartIndex(s, start);
        var sb = new StringBuilder(s.Length);
        sb.Append(s, 0, from);
        int pos = from;
        long count = 0;
        for (var m = re.Match(s, from); m.Success; m = m.NextMatch())
        {
            count++;
            if (n != 0 && count < n)
                continue;
            sb.Append(s, pos, m.Index - pos);
            sb.Append(PgRegex.Substitute(m, replacement));
            pos = m.Index + m.Length;
            if (n != 0)
                break;
        }
        sb.Append(s, pos, s.Length - pos);
        return sb.ToString();
    }

    static int RegexCount(Datum[] a, long start, string? flags)
    {
        string s = a[0].Text;
        var re = PgRegex.Get(a[1].Text, PgRegex.ParseFlags(flags, false, "regexp_count"));
        int n = 0;
        for (var m = re.Match(s, StartIndex(s, start)); m.Success; m = m.NextMatch())
            n++;
        return n;
    }

    /// <summary>The n-th match (1-based) from character position start, or null.</summary>
    static Match? NthMatch(Regex re, string s, long start, long n, string nName)
    {
        if (n <= 0)
            Throw.Error(SqlState.InvalidParameterValue, $"invalid value for parameter \"{nName}\": {n}");
        long k = 0;
        for (var m = re.Match(s, StartIndex(s, start)); m.Success; m = m.NextMatch())
            if (++k == n)
                return m;
        return null;
    }

    static Datum RegexInstr(Datum[] a)
    {
        string s = a[0].Text;
        long start = a.Length > 2 ? a[2].Int : 1;
        long n = a.Length > 3 ? a[3].Int : 1;
        long endOption = a.Length > 4 ? a[4].Int : 0;
        long sub = a.Length > 6 ? a[6].Int : 0;
        if (endOption is not (0 or 1))
            Throw.Error(SqlState.InvalidParameterValue, $"invalid value for parameter \"endoption\": {endOption}");
        if (sub < 0)
            Throw.Error(SqlState.InvalidParameterValue, $"invalid value for parameter \"subexpr\": {sub}");
        var m = NthMatch(FlagsRegex(a, 5, "regexp_instr"), s, start, n, "n");
        if (m == null || sub >= m.Groups.Count || !m.Groups[(int)sub].Success)
            return Datum.FromInt4(0);
        var g = m.Groups[(int)sub];
        int at = endOption == 0 ? g.Index : g.Index + g.Length;
        return Datum.FromInt4(CharTypes.CodePointLength(s[..at]) + 1);
    }

    static Datum RegexSubstr(Datum[] a)
    {
        string s = a[0].Text;
        long start = a.Length > 2 ? a[2].Int : 1;
        long n = a.Length > 3 ? a[3].Int : 1;
        long sub = a.Length > 5 ? a[5].Int : 0;
        if (sub < 0)
            Throw.Error(SqlState.InvalidParameterValue, $"invalid value for parameter \"subexpr\": {sub}");
        var m = NthMatch(FlagsRegex(a, 4, "regexp_substr"), s, start, n, "n");
        if (m == null || sub >= m.Groups.Count || !m.Groups[(int)sub].Success)
            return Datum.Null(TypeOid.Text);
        return TextOf(m.Groups[(int)sub].Value);
    }
}
