// The regexp functions that return arrays or sets (utils/adt/regexp.c): regexp_match, regexp_matches (set-returning,
// 'g' for every match), regexp_split_to_table (set-returning) and regexp_split_to_array. Matches are found as
// setup_regexp_matches does: the next search starts where the last match ended, one character further after an
// empty match; the splitting functions ignore empty matches at the start or end of the string or right after the
// previous match. A match array holds the capture groups (NULL for a group that took no part), or the whole match
// when the pattern has none. Patterns go through PgRegex (ARE → .NET).
// Entry point: RegisterRegexpSets (from RegisterRegex).
using System.Text.RegularExpressions;
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    static void RegisterRegexpSets()
    {
        const uint Txt = TypeOid.Text;
        const uint TxtArr = TypeOid.TextArray;
        Fn("regexp_match", [Txt, Txt], TxtArr, static (a, _) => RegexpMatch(a));
        Fn("regexp_match", [Txt, Txt, Txt], TxtArr, static (a, _) => RegexpMatch(a));
        foreach (uint[] args in new[] { new[] { Txt, Txt }, [Txt, Txt, Txt] })
        {
            AddSetFunction(new Builtin("regexp_matches", args, TxtArr, SetOnly("regexp_matches")),
                static (a, _) => RegexpMatches(a));
            AddSetFunction(new Builtin("regexp_split_to_table", args, Txt, SetOnly("regexp_split_to_table")),
                static (a, _) => RegexpSplit(a, "regexp_split_to_table").Select(p => new[] { TextOf(p) }));
            Fn("regexp_split_to_array", args, TxtArr, static (a, _) => Datum.FromArray(ArrayValue.OneDim(Txt,
                [.. RegexpSplit(a, "regexp_split_to_array").Select(TextOf)])));
        }
    }

    /// <summary>regexp_match: the first match's array, NULL when there is none; 'g' is refused.</summary>
    static Datum RegexpMatch(Datum[] a)
    {
        var flags = PgRegex.ParseFlags(a.Length > 2 ? a[2].Text : null, allowGlobal: true, "regexp_match");
        if (flags.Global)
            Throw.Error(SqlState.InvalidParameterValue, "regexp_match() does not support the \"global\" option",
                hint: "Use the regexp_matches function instead.");
        var m = PgRegex.Get(a[1].Text, flags).Match(a[0].Text);
        return m.Success ? MatchArray(m) : Datum.Null(TypeOid.TextArray);
    }

    static IEnumerable<Datum[]> RegexpMatches(Datum[] a)
    {
        var flags = PgRegex.ParseFlags(a.Length > 2 ? a[2].Text : null, allowGlobal: true, "regexp_matches");
        // Compile (and report a bad pattern) before the first row is asked for.
        var re = PgRegex.Get(a[1].Text, flags);
        return Matches(re, a[0].Text, flags.Global, false).Select(m => new[] { MatchArray(m) });
    }

    /// <summary>The pieces of the string between the matches of the pattern (no 'g' flag allowed).</summary>
    static List<string> RegexpSplit(Datum[] a, string function)
    {
        var flags = PgRegex.ParseFlags(a.Length > 2 ? a[2].Text : null, allowGlobal: false, function);
        string s = a[0].Text;
        var pieces = new List<string>();
        int from = 0;
        foreach (var m in Matches(PgRegex.Get(a[1].Text, flags), s, true, true))
        {
            pieces.Add(s[from..m.Index]);
            from = m.Index + m.Length;
        }
        pieces.Add(s[from..]);
        return pieces;
    }

    /// <summary>
    /// The matches of <paramref name="re"/> in <paramref name="s"/>: the first only, or all when global; the
    /// splitting functions ignore degenerate (empty, at either end or right after the previous match) ones.
    /// </summary>
    static IEnumerable<Match> Matches(Regex re, string s, bool global, bool ignoreDegenerate)
    {
        int start = 0, prevEnd = 0;
        while (true)
        {
            var m = re.Match(s, start);
            if (!m.Success)
                yield break;
            int end = m.Index + m.Length;
            if (!ignoreDegenerate || (m.Index < s.Length && end > prevEnd))
                yield return m;
            prevEnd = end;
            if (!global)
                yield break;
            start = end;
            if (m.Length == 0)
                start += start + 1 < s.Length && char.IsHighSurrogate(s[start]) ? 2 : 1;
            if (start > s.Length)
                yield break;
        }
    }

    /// <summary>The capture groups of a match as text[] (NULL for one that did not take part), else the match.</summary>
    static Datum MatchArray(Match m)
    {
        if (m.Groups.Count == 1)
            return Datum.FromArray(ArrayValue.OneDim(TypeOid.Text, [TextOf(m.Value)]));
        var elems = new Datum[m.Groups.Count - 1];
        for (int i = 1; i < m.Groups.Count; i++)
            elems[i - 1] = m.Groups[i].Success ? TextOf(m.Groups[i].Value) : Datum.Null(TypeOid.Text);
        return Datum.FromArray(ArrayValue.OneDim(TypeOid.Text, elems));
    }
}
