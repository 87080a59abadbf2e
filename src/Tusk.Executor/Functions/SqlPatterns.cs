// Rewrites of SQL pattern syntaxes with an ESCAPE clause (utils/adt/like.c like_escape, regexp.c
// similar_to_escape): like_escape turns a pattern with a custom escape character into one using backslash;
// similar_to_escape turns a SIMILAR TO pattern into the anchored ARE "^(?:...)$", with % -> .*, _ -> ., ( -> (?:,
// the ARE metacharacters . ^ $ quoted, and at most two escape-double-quote separators marking the part that
// SUBSTRING(... SIMILAR ...) returns. Entry points: LikeEscape, SimilarToEscape.
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Executor.Functions;

/// <summary>like_escape and similar_to_escape.</summary>
internal static class SqlPatterns
{
    static char? EscapeChar(string? escape)
    {
        if (escape == null)
            return '\\';
        if (escape.Length == 0)
            return null;
        if (escape.Length == 1)
            return escape[0];
        return Throw.Error<char?>("22025", "invalid escape string",
            hint: "Escape string must be empty or one character.");
    }

    /// <summary>like_escape(pattern, escape): the same LIKE pattern written with backslash as escape.</summary>
    public static string LikeEscape(string pattern, string escape)
    {
        char? e = EscapeChar(escape);
        var sb = new StringBuilder(pattern.Length + 4);
        if (e == null)
        {
            foreach (char c in pattern)
            {
                if (c == '\\')
                    sb.Append('\\');
                sb.Append(c);
            }
            return sb.ToString();
        }
        bool afterEscape = false;
        foreach (char c in pattern)
        {
            if (c == e && !afterEscape)
            {
                sb.Append('\\');
                afterEscape = true;
            }
            else if (c == '\\')
            {
                sb.Append('\\');
                if (!afterEscape)
                    sb.Append('\\');
                afterEscape = false;
            }
            else
            {
                sb.Append(c);
                afterEscape = false;
            }
        }
        return sb.ToString();
    }

    /// <summary>similar_to_escape(pattern [, escape]): the anchored ARE for a SIMILAR TO pattern.</summary>
    public static string SimilarToEscape(string pattern, string? escape) => Build(pattern, EscapeChar(escape), false,
        out _);

    /// <summary>
    /// The ARE SUBSTRING(... SIMILAR ...) matches with: as similar_to_escape, but when the pattern has separators
    /// the quantifiers before the first one are made lazy. PG's engine gives the "{1,1}?" prefix group the
    /// shortest match as a whole; a backtracking engine needs each quantifier in it to prefer less.
    /// </summary>
    public static string SimilarForSubstring(string pattern, string? escape)
    {
        char? e = EscapeChar(escape);
        string re = Build(pattern, e, false, out int quotes);
        return quotes > 0 ? Build(pattern, e, true, out _) : re;
    }

    static string Build(string pattern, char? e, bool lazyPrefix, out int quotes)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        sb.Append("^(?:");
        bool afterEscape = false;
        // Bracket nesting ([:alpha:] inside a class counts), and where the class body is: 1 right after its '[',
        // 2 after a leading '^' (a ']' there is literal), 3 past the start (a ']' closes a level).
        int classDepth = 0;
        int classStart = 0;
        quotes = 0;
        foreach (char c in pattern)
        {
            if (afterEscape)
            {
                if (c == '"' && classDepth == 0)
                {
                    quotes++;
                    if (quotes == 1)
                        sb.Append("){1,1}?(");
                    else if (quotes == 2)
                        sb.Append("){1,1}(?:");
                    else
                        Throw.Error("2200C",
                            "SQL regular expression may not contain more than two escape-double-quote separators");
                }
                else
                {
                    sb.Append('\\').Append(c);
                    classStart = 3;
                }
                afterEscape = false;
                continue;
            }
            if (e.HasValue && c == e.Value)
            {
                afterEscape = true;
                continue;
            }
            if (classDepth > 0)
            {
                if (c == '\\')
                    sb.Append('\\');
                sb.Append(c);
                if (c == ']' && classStart > 2)
                    classDepth--;
                else if (c == '[')
                    classDepth++;
                classStart = c == '^' ? classStart + 1 : 3;
                continue;
            }
            switch (c)
            {
                case '[':
                    classDepth = 1;
                    classStart = 1;
                    sb.Append(c);
                    break;
                case '%':
                    sb.Append(".*");
                    if (lazyPrefix && quotes == 0)
                        sb.Append('?');
                    break;
                case '*':
                case '+':
                case '?':
                case '}':
                    sb.Append(c);
                    if (lazyPrefix && quotes == 0)
                        sb.Append('?');
                    break;
                case '_':
                    sb.Append('.');
                    break;
                case '(':
                    sb.Append("(?:");
                    break;
                case '\\':
                case '.':
                case '^':
                case '$':
                    sb.Append('\\').Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        sb.Append(")$");
        return sb.ToString();
    }
}
