// PostgreSQL's ARE regular expressions (utils/adt/regexp.c, backend/regex) on .NET's interpreted Regex (no
// RegexOptions.Compiled: AOT-clean). Translate rewrites the differences met in common use for the C locale:
// \d \s \w and [[:class:]] are ASCII only; \m \M \y \Y \Z [[:<:]] [[:>:]] map to .NET boundaries; \b is backspace
// and \B a backslash; '.' and [^...] match newline unless a newline-sensitive flag is given, and $ is end of string;
// case-insensitive matching folds ASCII letters only (as lower/upper do in the C locale). Patterns that .NET
// rejects raise 2201B "invalid regular expression: ..." with PG's wording for the common causes.
// Entry points: Get (cached compile), ParseFlags, Substitute (regexp_replace's \1..\9 and \& replacement).
using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Tusk.Common.Errors;

namespace Tusk.Executor.Functions;

/// <summary>Flags of the regexp_* functions: the compile options and 'g'.</summary>
internal readonly record struct RegexFlags(bool IgnoreCase, bool NewlineSensitive, bool Global, bool Literal,
    bool Expanded);

/// <summary>ARE → .NET regular expression translation and a compiled-pattern cache.</summary>
internal static class PgRegex
{
    const int CacheLimit = 256;
    static readonly ConcurrentDictionary<(string, RegexFlags), Regex> Cache = new();

    /// <summary>Parses a flags string ("gi"); 22023 on an unknown letter. 'g' is refused unless allowed.</summary>
    public static RegexFlags ParseFlags(string? flags, bool allowGlobal, string function)
    {
        bool ci = false, nl = false, g = false, q = false, x = false;
        foreach (char c in flags ?? "")
        {
            switch (c)
            {
                case 'i':
                    ci = true;
                    break;
                case 'c':
                    ci = false;
                    break;
                case 'g':
                    g = true;
                    break;
                case 'n':
                case 'm':
                    nl = true;
                    break;
                case 's':
                    nl = false;
                    break;
                case 'q':
                    q = true;
                    break;
                case 'x':
                    x = true;
                    break;
                case 't':
                case 'e':
                case 'p':
                case 'w':
                    break;
                default:
                    Throw.Error(SqlState.InvalidParameterValue, $"invalid regular expression option: \"{c}\"");
                    break;
            }
        }
        // Every letter is checked before 'g' is refused, as parse_re_flags and its callers do.
        if (g && !allowGlobal)
            Throw.Error(SqlState.InvalidParameterValue, $"{function}() does not support the \"global\" option");
        return new RegexFlags(ci, nl, g, q, x);
    }

    /// <summary>The compiled form of an ARE pattern under the flags (cached).</summary>
    public static Regex Get(string pattern, RegexFlags flags)
    {
        if (Cache.TryGetValue((pattern, flags), out var re))
            return re;
        var key = (pattern, flags);
        pattern = EmbeddedOptions(pattern, ref flags);
        string translated = flags.Literal ? Literal(pattern, flags.IgnoreCase) : Translate(pattern, flags);
        var options = RegexOptions.CultureInvariant;
        if (flags.NewlineSensitive)
            options |= RegexOptions.Multiline;
        else
            options |= RegexOptions.Singleline;
        if (flags.Expanded)
            options |= RegexOptions.IgnorePatternWhitespace;
        try
        {
            re = new Regex(translated, options);
        }
        catch (RegexParseException e)
        {
            Invalid(Describe(e.Error));
        }
        if (Cache.Count >= CacheLimit)
            Cache.Clear();
        Cache[key] = re;
        return re;
    }

    /// <summary>Leading "(?letters)" options of an ARE: applied to the flags and removed from the pattern.</summary>
    static string EmbeddedOptions(string p, ref RegexFlags flags)
    {
        if (!p.StartsWith("(?", StringComparison.Ordinal) || p.Length < 3 || !char.IsAsciiLetter(p[2]))
            return p;
        int end = p.IndexOf(')', 2);
        if (end < 0)
            Invalid("invalid embedded option");
        foreach (char c in p.AsSpan(2, end - 2))
        {
            flags = c switch
            {
                'i' => flags with { IgnoreCase = true },
                'c' => flags with { IgnoreCase = false },
                'n' or 'm' => flags with { NewlineSensitive = true },
                's' => flags with { NewlineSensitive = false },
                'x' => flags with { Expanded = true },
                'q' => flags with { Literal = true },
                'b' or 'e' or 'p' or 'w' or 't' => flags,
                _ => Throw.Error<RegexFlags>("2201B", "invalid regular expression: invalid embedded option"),
            };
        }
        return p[(end + 1)..];
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void Invalid(string what) =>
        Throw.Error("2201B", "invalid regular expression: " + what);

    static string Describe(RegexParseError e) => e switch
    {
        RegexParseError.InsufficientClosingParentheses or RegexParseError.InsufficientOpeningParentheses =>
            "parentheses () not balanced",
        RegexParseError.UnterminatedBracket => "brackets [] not balanced",
        RegexParseError.QuantifierAfterNothing or RegexParseError.NestedQuantifiersNotParenthesized
            or RegexParseError.InvalidGroupingConstruct => "quantifier operand invalid",
        RegexParseError.ReversedQuantifierRange or RegexParseError.QuantifierOrCaptureGroupOutOfRange =>
            "invalid repetition count(s)",
        RegexParseError.ReversedCharacterRange or RegexParseError.ShorthandClassInCharacterRange =>
            "invalid character range",
        RegexParseError.UnescapedEndingBackslash or RegexParseError.UnrecognizedEscape
            => "invalid escape \\ sequence",
        RegexParseError.UndefinedNumberedReference or RegexParseError.UndefinedNamedReference =>
            "invalid backreference number",
        _ => "invalid regular expression",
    };

    static string Literal(string pattern, bool ci)
    {
        var sb = new StringBuilder(pattern.Length * 2);
        foreach (char c in pattern)
            AppendLiteral(sb, c, ci);
        return sb.ToString();
    }

    static void AppendLiteral(StringBuilder sb, char c, bool ci)
    {
        if (ci && char.IsAsciiLetter(c))
            sb.Append('[').Append(char.ToLowerInvariant(c)).Append(char.ToUpperInvariant(c)).Append(']');
        else if (char.IsAsciiLetterOrDigit(c) || c == '_' || c > 0x7f)
            sb.Append(c);
        else
            sb.Append('\\').Append(c);
    }

    const string Word = "a-zA-Z0-9_";
    const string Space = " \\t\\n\\r\\f\\v";

    /// <summary>Rewrites an ARE into .NET syntax with the same meaning (see the file header).</summary>
    public static string Translate(string p, RegexFlags flags)
    {
        if (p.StartsWith("***=", StringComparison.Ordinal))
            return Literal(p[4..], flags.IgnoreCase);
        if (p.StartsWith("***:", StringComparison.Ordinal))
            p = p[4..];
        bool ci = flags.IgnoreCase;
        var sb = new StringBuilder(p.Length + 16);
        int groups = 0;
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= p.Length)
                        Invalid("invalid escape \\ sequence");
                    i = TranslateEscape(p, i + 1, sb, groups);
                    break;
                case '[':
                    i = TranslateBracket(p, i, sb, ci, flags.NewlineSensitive);
                    break;
                case '$':
                    sb.Append(flags.NewlineSensitive ? "(?=\\n|\\z)" : "\\z");
                    break;
                case '(':
                    if (i + 1 < p.Length && p[i + 1] == '?')
                    {
                        // (?: (?= (?! (?<= (?<! exist in both; other (? constructs are not AREs.
                        string rest = p[(i + 2)..];
                        if (!(rest.StartsWith(':') || rest.StartsWith('=') || rest.StartsWith('!')
                              || rest.StartsWith("<=", StringComparison.Ordinal)
                              || rest.StartsWith("<!", StringComparison.Ordinal) || rest.StartsWith('#')))
                            Invalid("quantifier operand invalid");
                    }
                    else
                    {
                        groups++;
                    }
                    sb.Append(c);
                    break;
                case '{':
                {
                    // A brace followed by a digit starts a bound {m}, {m,} or {m,n}; any other is literal.
                    if (i + 1 >= p.Length || !char.IsAsciiDigit(p[i + 1]))
                    {
                        sb.Append("\\{");
                        break;
                    }
                    int close = p.IndexOf('}', i);
                    if (close < 0)
                        Invalid("braces {} not balanced");
                    string bound = p[(i + 1)..close];
                    int comma = bound.IndexOf(',');
                    if (!bound.Replace(",", "", StringComparison.Ordinal).All(char.IsAsciiDigit)
                        || bound.IndexOf(',', comma + 1) >= 0)
                        Invalid("invalid repetition count(s)");
                    sb.Append(c);
                    break;
                }
                default:
                    if (ci && char.IsAsciiLetter(c))
                        sb.Append('[').Append(char.ToLowerInvariant(c)).Append(char.ToUpperInvariant(c)).Append(']');
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    // Class shorthands (ASCII in the C locale), word boundaries, and the escapes whose meaning differs in .NET.
    static readonly Dictionary<char, string> SimpleEscapes = new()
    {
        ['d'] = "[0-9]",
        ['D'] = "[^0-9]",
        ['s'] = "[" + Space + "]",
        ['S'] = "[^" + Space + "]",
        ['w'] = "[" + Word + "]",
        ['W'] = "[^" + Word + "]",
        ['m'] = "\\b(?=[" + Word + "])",
        ['M'] = "\\b(?<=[" + Word + "])",
        ['y'] = "(?:(?<=[" + Word + "])(?![" + Word + "])|(?<![" + Word + "])(?=[" + Word + "]))",
        ['Y'] = "(?:(?<=[" + Word + "])(?=[" + Word + "])|(?<![" + Word + "])(?![" + Word + "]))",
        ['A'] = "\\A",
        ['Z'] = "\\z",
        ['b'] = "\\x08",
        ['B'] = "\\\\",
    };

    /// <summary>Translates the escape at p[i] (after the backslash); returns the index of its last character.</summary>
    static int TranslateEscape(string p, int i, StringBuilder sb, int groups)
    {
        char e = p[i];
        if (SimpleEscapes.TryGetValue(e, out string? replacement))
        {
            sb.Append(replacement);
            return i;
        }
        switch (e)
        {
            case >= '1' and <= '9':
            {
                int j = i;
                while (j + 1 < p.Length && char.IsAsciiDigit(p[j + 1]))
                    j++;
                int n = int.Parse(p.AsSpan(i, j - i + 1), System.Globalization.CultureInfo.InvariantCulture);
                if (n > groups)
                    Invalid("invalid backreference number");
                sb.Append("(?:\\").Append(n).Append(')');
                return j;
            }
            default:
                if (char.IsAsciiLetter(e) && "aefnrtvxuUc0".IndexOf(e, StringComparison.Ordinal) < 0)
                    Invalid("invalid escape \\ sequence");
                sb.Append('\\').Append(e);
                return i;
        }
    }

    /// <summary>Translates a bracket expression starting at p[i] == '['; returns the index of its ']'.</summary>
    static int TranslateBracket(string p, int i, StringBuilder sb, bool ci, bool newlineSensitive)
    {
        if (string.CompareOrdinal(p, i, "[[:<:]]", 0, 7) == 0)
        {
            sb.Append("\\b(?=[").Append(Word).Append("])");
            return i + 6;
        }
        if (string.CompareOrdinal(p, i, "[[:>:]]", 0, 7) == 0)
        {
            sb.Append("\\b(?<=[").Append(Word).Append("])");
            return i + 6;
        }
        int j = i + 1;
        bool negate = j < p.Length && p[j] == '^';
        if (negate)
            j++;
        var body = new StringBuilder();
        bool first = true;
        while (true)
        {
            if (j >= p.Length)
                Invalid("brackets [] not balanced");
            char c = p[j];
            if (c == ']' && !first)
                break;
            first = false;
            if (c == '[' && j + 1 < p.Length && p[j + 1] is ':' or '.' or '=')
            {
                char kind = p[j + 1];
                int end = p.IndexOf(kind + "]", j + 2, StringComparison.Ordinal);
                if (end < 0)
                    Invalid("brackets [] not balanced");
                string name = p[(j + 2)..end];
                if (kind == ':')
                    body.Append(PosixClass(name));
                else if (name.Length == 1)
                    AppendBracketChar(body, name[0], ci);
                else
                    Invalid("invalid collating element");
                j = end + 2;
                continue;
            }
            if (c == '\\' && j + 1 < p.Length)
            {
                char e = p[j + 1];
                string? cls = e switch
                {
                    'd' => "0-9",
                    's' => Space,
                    'w' => Word,
                    _ => null,
                };
                if (cls != null)
                    body.Append(cls);
                else if (e == 'b')
                    body.Append("\\x08");
                else if (e == 'B')
                    body.Append("\\\\");
                else
                    body.Append('\\').Append(e);
                j += 2;
                continue;
            }
            // A range lo-hi (the '-' not last in the bracket).
            if (j + 2 < p.Length && p[j + 1] == '-' && p[j + 2] != ']')
            {
                char hi = p[j + 2];
                if (hi < c)
                    Invalid("invalid character range");
                AppendRange(body, c, hi, ci);
                j += 3;
                continue;
            }
            AppendBracketChar(body, c, ci);
            j++;
        }
        sb.Append('[');
        if (negate)
            sb.Append('^');
        if (negate && newlineSensitive)
            sb.Append("\\n");
        sb.Append(body).Append(']');
        return j;
    }

    static void AppendBracketChar(StringBuilder body, char c, bool ci)
    {
        if (c is '\\' or ']' or '[' or '^' or '-')
            body.Append('\\');
        body.Append(c);
        if (ci && char.IsAsciiLetter(c))
            body.Append(char.IsAsciiLetterLower(c) ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
    }

    static void AppendRange(StringBuilder body, char lo, char hi, bool ci)
    {
        AppendRangeRaw(body, lo, hi);
        if (!ci)
            return;
        // Add the other case of the ASCII letters the range covers.
        char a = (char)Math.Max(lo, 'a');
        char b = (char)Math.Min(hi, 'z');
        if (a <= b)
            AppendRangeRaw(body, char.ToUpperInvariant(a), char.ToUpperInvariant(b));
        a = (char)Math.Max(lo, 'A');
        b = (char)Math.Min(hi, 'Z');
        if (a <= b)
            AppendRangeRaw(body, char.ToLowerInvariant(a), char.ToLowerInvariant(b));
    }

    static void AppendRangeRaw(StringBuilder body, char lo, char hi)
    {
        AppendBracketChar(body, lo, false);
        body.Append('-');
        AppendBracketChar(body, hi, false);
    }

    static string PosixClass(string name) => name switch
    {
        "alpha" => "a-zA-Z",
        "digit" => "0-9",
        "alnum" => "a-zA-Z0-9",
        "upper" => "A-Z",
        "lower" => "a-z",
        "space" => Space,
        "blank" => " \\t",
        "punct" => "!-/:-@\\[-`{-~",
        "xdigit" => "0-9a-fA-F",
        "word" => Word,
        "cntrl" => "\\x00-\\x1f\\x7f",
        "print" => " -~",
        "graph" => "!-~",
        _ => Throw.Error<string>("2201B", "invalid regular expression: invalid character class"),
    };

    /// <summary>regexp_replace's replacement: \1..\9 a group, \&amp; the match, \\ a backslash.</summary>
    public static string Substitute(Match m, string replacement)
    {
        if (replacement.IndexOf('\\') < 0)
            return replacement;
        var sb = new StringBuilder(replacement.Length + 16);
        for (int i = 0; i < replacement.Length; i++)
        {
            char c = replacement[i];
            if (c != '\\' || i + 1 >= replacement.Length)
            {
                sb.Append(c);
                continue;
            }
            char n = replacement[i + 1];
            if (n is >= '1' and <= '9')
            {
                int g = n - '0';
                if (g < m.Groups.Count && m.Groups[g].Success)
                    sb.Append(m.Groups[g].Value);
                i++;
            }
            else if (n == '&')
            {
                sb.Append(m.Value);
                i++;
            }
            else if (n == '\\')
            {
                sb.Append('\\');
                i++;
            }
            else
            {
                sb.Append('\\');
            }
        }
        return sb.ToString();
    }
}
