// LIKE / ILIKE pattern matching (like_match.c semantics): % any run, _ one character, escape (default \)
// quotes the next character. Iterative with backtracking to the last %, so worst case is O(n*m).
using Tusk.Common.Errors;

namespace Tusk.Executor.Functions;

/// <summary>SQL LIKE matching.</summary>
internal static class LikeMatcher
{
    public static bool Like(string s, string pattern, string? escape, bool ignoreCase)
    {
        if (ignoreCase)
        {
            // The C locale folds ASCII letters only.
            s = CharTypes.AsciiCase(s, upper: false);
            pattern = CharTypes.AsciiCase(pattern, upper: false);
        }
        char? esc = escape == null ? '\\' : escape.Length == 0 ? null : escape.Length == 1 ? escape[0]
            : Throw.Error<char>("22019", "invalid escape string", hint: "Escape string must be empty or one character.");
        // Compile to tokens: (kind, char): 0 literal, 1 any-one, 2 any-run.
        var kinds = new List<byte>(pattern.Length);
        var chars = new List<char>(pattern.Length);
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (esc.HasValue && c == esc.Value)
            {
                if (i + 1 >= pattern.Length)
                    Throw.Error("22025", "LIKE pattern must not end with escape character");
                kinds.Add(0);
                chars.Add(pattern[++i]);
            }
            else if (c == '%')
            {
                kinds.Add(2);
                chars.Add(c);
            }
            else if (c == '_')
            {
                kinds.Add(1);
                chars.Add(c);
            }
            else
            {
                kinds.Add(0);
                chars.Add(c);
            }
        }
        int si = 0;
        int pi = 0;
        int starP = -1;
        int starS = 0;
        while (si < s.Length)
        {
            if (pi < kinds.Count && (kinds[pi] == 1 || (kinds[pi] == 0 && chars[pi] == s[si])))
            {
                si++;
                pi++;
            }
            else if (pi < kinds.Count && kinds[pi] == 2)
            {
                starP = pi++;
                starS = si;
            }
            else if (starP >= 0)
            {
                pi = starP + 1;
                si = ++starS;
            }
            else
            {
                return false;
            }
        }
        while (pi < kinds.Count && kinds[pi] == 2)
            pi++;
        return pi == kinds.Count;
    }
}
