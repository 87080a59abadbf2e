// Array text input and output (array_in / array_out of arrayfuncs.c): '{1,2,NULL}', '{{1,2},{3,4}}', quoted
// elements ("a b", "\"", "NULL"), backslash escapes, and the explicit-bounds form '[0:1]={1,2}'.
// Input validates the whole brace structure before any element is converted, so a structural error wins over a
// bad element (as in PostgreSQL); errors are 22P02 "malformed array literal" with PostgreSQL 15's DETAIL texts.
// Output quotes an element when it is empty, spells NULL, or holds a brace, quote, backslash, comma or white
// space, and writes the bounds prefix only when some lower bound is not 1.
// Entry points: ArrayText.Parse, ArrayText.Format (AppendBounds, AppendElement: its parts).
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>Text form of arrays.</summary>
public static class ArrayText
{
    const char Delim = ','; // typdelim of every built-in type Tusk has (box's ';' is not among them)

    /// <summary>array_isspace: the ASCII white space, independent of locale.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f';

    // ---- input ---------------------------------------------------------------------------------------------

    /// <summary>Parses the text form of an array of <paramref name="elementType"/> (ERROR 22P02 on bad input).</summary>
    public static ArrayValue Parse(string s, uint elementType, OutputContext ctx)
    {
        int p = 0;
        var dims = new List<int>();
        var lbounds = new List<int>();
        while (true)
        {
            while (p < s.Length && IsSpace(s[p]))
            {
                p++;
            }
            if (p >= s.Length || s[p] != '[')
            {
                break;
            }
            p++;
            ArrayValue.CheckDims(dims.Count + 1);
            int q = SkipNumber(s, p);
            if (q == p)
            {
                Malformed(s, "\"[\" must introduce explicitly-specified array dimensions.");
            }
            int lb = 1;
            if (q < s.Length && s[q] == ':')
            {
                lb = AtoI(s, p, q);
                p = q + 1;
                q = SkipNumber(s, p);
                if (q == p)
                {
                    Malformed(s, "Missing array dimension value.");
                }
            }
            if (q >= s.Length || s[q] != ']')
            {
                Malformed(s, "Missing \"]\" after array dimensions.");
            }
            int ub = AtoI(s, p, q);
            p = q + 1;
            if (ub < lb)
            {
                Throw.Error(SqlState.ArraySubscriptError, "upper bound cannot be less than lower bound");
            }
            dims.Add((int)((long)ub - lb + 1));
            lbounds.Add(lb);
        }

        Structure st;
        if (dims.Count == 0)
        {
            if (p >= s.Length || s[p] != '{')
            {
                Malformed(s, "Array value must start with \"{\" or dimension information.");
            }
            st = Scan(s, p);
            dims.AddRange(st.Dims);
            for (int i = 0; i < st.Dims.Count; i++)
            {
                lbounds.Add(1);
            }
        }
        else
        {
            if (p >= s.Length || s[p] != '=')
            {
                Malformed(s, "Missing \"=\" after array dimensions.");
            }
            p++;
            while (p < s.Length && IsSpace(s[p]))
            {
                p++;
            }
            if (p >= s.Length || s[p] != '{')
            {
                Malformed(s, "Array contents must start with \"{\".");
            }
            st = Scan(s, p);
            if (st.Dims.Count != dims.Count || !st.Dims.SequenceEqual(dims))
            {
                Malformed(s, "Specified array dimensions do not match array contents.");
            }
        }
        if (st.Items.Count == 0)
        {
            return ArrayValue.Empty(elementType);
        }
        var elems = new Datum[st.Items.Count];
        for (int i = 0; i < elems.Length; i++)
        {
            var (text, isNull) = st.Items[i];
            elems[i] = isNull ? Datum.Null(elementType) : TypeIO.FromText(text, elementType, ctx);
        }
        return ArrayValue.Create(elementType, [.. dims], [.. lbounds], elems);
    }

    static int SkipNumber(string s, int p)
    {
        while (p < s.Length && (char.IsAsciiDigit(s[p]) || s[p] is '-' or '+'))
        {
            p++;
        }
        return p;
    }

    /// <summary>atoi over s[from..to): an optional sign, then digits up to the first non-digit.</summary>
    static int AtoI(string s, int from, int to)
    {
        bool neg = false;
        if (from < to && s[from] is '-' or '+')
        {
            neg = s[from] == '-';
            from++;
        }
        long v = 0;
        for (; from < to && char.IsAsciiDigit(s[from]); from++)
        {
            v = Math.Min(v * 10 + (s[from] - '0'), 1L << 32);
        }
        return unchecked((int)(neg ? -v : v));
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void Malformed(string s, string? detail) =>
        Throw.Error(SqlState.InvalidTextRepresentation, $"malformed array literal: \"{s}\"", detail: detail);

    /// <summary>The brace structure: the length of each dimension and the elements (text, is NULL) in order.</summary>
    sealed record Structure(List<int> Dims, List<(string Text, bool IsNull)> Items);

    enum State
    {
        NoLevel,
        LevelStarted,
        ElemStarted,
        QuotedElemStarted,
        QuotedElemCompleted,
        ElemDelimited,
        LevelCompleted,
        LevelDelimited,
    }

    /// <summary>
    /// Reads the braces from s[p] (a '{') to the end: validates the structure (ArrayCount's state machine and its
    /// messages), measures each dimension, and collects each element's text with quotes and escapes removed and
    /// unquoted leading/trailing white space dropped. An unquoted, unescaped NULL (any case) is a NULL element.
    /// </summary>
    static Structure Scan(string s, int p)
    {
        var st = State.NoLevel;
        int depth = 0;
        int ndim = 0;           // depth of the elements (0 until the first element or innermost level is known)
        bool leafFixed = false; // ndim is final: an element was seen, or a level closed after holding elements
        var count = new int[ArrayValue.MaxDims];
        var dimLen = new int[ArrayValue.MaxDims];
        Array.Fill(dimLen, -1);
        var items = new List<(string, bool)>();
        var cur = new StringBuilder();
        bool inQuotes = false;
        bool elemOpen = false;
        bool quoted = false;
        int significant = 0; // length of cur up to its last character that is not trailing unquoted space

        void EndElement()
        {
            if (!elemOpen)
            {
                return;
            }
            if (leafFixed && depth != ndim)
            {
                Malformed(s, "Multidimensional arrays must have sub-arrays with matching dimensions.");
            }
            ndim = depth;
            leafFixed = true;
            string text = cur.ToString(0, significant);
            items.Add((text, !quoted && text.Equals("NULL", StringComparison.OrdinalIgnoreCase)));
            count[depth - 1]++;
            cur.Clear();
            significant = 0;
            elemOpen = false;
            quoted = false;
        }

        for (; ; p++)
        {
            if (p >= s.Length)
            {
                Malformed(s, "Unexpected end of input.");
            }
            char c = s[p];
            if (c == '\\')
            {
                if (st is not (State.LevelStarted or State.ElemStarted or State.QuotedElemStarted
                    or State.ElemDelimited))
                {
                    Malformed(s, "Unexpected \"\\\" character.");
                }
                if (st != State.QuotedElemStarted)
                {
                    st = State.ElemStarted;
                }
                if (p + 1 >= s.Length)
                {
                    Malformed(s, "Unexpected end of input.");
                }
                p++;
                cur.Append(s[p]);
                significant = cur.Length;
                elemOpen = true;
                quoted = true;
                continue;
            }
            if (c == '"')
            {
                if (st is not (State.LevelStarted or State.QuotedElemStarted or State.ElemDelimited))
                {
                    Malformed(s, "Unexpected array element.");
                }
                inQuotes = !inQuotes;
                st = inQuotes ? State.QuotedElemStarted : State.QuotedElemCompleted;
                significant = cur.Length;
                elemOpen = true;
                quoted = true;
                continue;
            }
            if (inQuotes)
            {
                cur.Append(c);
                significant = cur.Length;
                continue;
            }
            switch (c)
            {
                case '{':
                    if (st is not (State.NoLevel or State.LevelStarted or State.LevelDelimited))
                    {
                        Malformed(s, "Unexpected \"{\" character.");
                    }
                    ArrayValue.CheckDims(depth + 1);
                    if (leafFixed && depth >= ndim)
                    {
                        Malformed(s, "Multidimensional arrays must have sub-arrays with matching dimensions.");
                    }
                    st = State.LevelStarted;
                    count[depth] = 0;
                    depth++;
                    break;
                case '}':
                    if (st is not (State.ElemStarted or State.QuotedElemCompleted or State.LevelCompleted)
                        && !(depth == 1 && st == State.LevelStarted))
                    {
                        Malformed(s, "Unexpected \"}\" character.");
                    }
                    if (depth == 0)
                    {
                        Malformed(s, "Unmatched \"}\" character.");
                    }
                    bool emptyTop = depth == 1 && st == State.LevelStarted;
                    EndElement();
                    st = State.LevelCompleted;
                    int level = depth - 1;
                    if (!emptyTop)
                    {
                        if (!leafFixed)
                        {
                            ndim = depth;
                            leafFixed = true;
                        }
                        if (dimLen[level] >= 0 && dimLen[level] != count[level])
                        {
                            Malformed(s, "Multidimensional arrays must have sub-arrays with matching dimensions.");
                        }
                        dimLen[level] = count[level];
                    }
                    depth--;
                    if (depth == 0)
                    {
                        for (p++; p < s.Length; p++)
                        {
                            if (!IsSpace(s[p]))
                            {
                                Malformed(s, "Junk after closing right brace.");
                            }
                        }
                        var dims = new List<int>();
                        if (items.Count > 0)
                        {
                            for (int i = 0; i < ndim; i++)
                            {
                                dims.Add(dimLen[i]);
                            }
                        }
                        return new Structure(dims, items);
                    }
                    count[depth - 1]++;
                    break;
                default:
                    if (c == Delim)
                    {
                        if (st is not (State.ElemStarted or State.QuotedElemCompleted or State.LevelCompleted))
                        {
                            Malformed(s, $"Unexpected \"{Delim}\" character.");
                        }
                        st = st == State.LevelCompleted ? State.LevelDelimited : State.ElemDelimited;
                        EndElement();
                    }
                    else if (IsSpace(c))
                    {
                        if (elemOpen && st == State.ElemStarted)
                        {
                            cur.Append(c); // kept only if something significant follows
                        }
                    }
                    else
                    {
                        if (st is not (State.LevelStarted or State.ElemStarted or State.ElemDelimited))
                        {
                            Malformed(s, "Unexpected array element.");
                        }
                        st = State.ElemStarted;
                        cur.Append(c);
                        significant = cur.Length;
                        elemOpen = true;
                    }
                    break;
            }
        }
    }

    // ---- output --------------------------------------------------------------------------------------------

    /// <summary>array_out: the text form of a non-null array.</summary>
    public static string Format(ArrayValue a, OutputContext ctx)
    {
        if (a.IsEmpty)
        {
            return "{}";
        }
        var sb = new StringBuilder();
        if (a.LowerBounds.Any(lb => lb != 1))
        {
            AppendBounds(sb, a);
            sb.Append('=');
        }
        int index = 0;
        WriteLevel(sb, a, 0, ref index, ctx);
        return sb.ToString();
    }

    /// <summary>"[lower:upper]" per dimension: array_out's explicit bounds, and array_dims.</summary>
    public static void AppendBounds(StringBuilder sb, ArrayValue a)
    {
        for (int d = 0; d < a.NDims; d++)
        {
            sb.Append('[').Append(a.LowerBounds[d]).Append(':').Append(a.UpperBound(d)).Append(']');
        }
    }

    static void WriteLevel(StringBuilder sb, ArrayValue a, int dim, ref int index, OutputContext ctx)
    {
        sb.Append('{');
        for (int i = 0; i < a.Dims[dim]; i++)
        {
            if (i > 0)
            {
                sb.Append(Delim);
            }
            if (dim + 1 < a.NDims)
            {
                WriteLevel(sb, a, dim + 1, ref index, ctx);
                continue;
            }
            var e = a.Elements[index++];
            if (e.IsNull)
            {
                sb.Append("NULL");
                continue;
            }
            AppendElement(sb, TypeIO.ToText(e, ctx));
        }
        sb.Append('}');
    }

    /// <summary>One element's text, quoted and escaped when array_out would.</summary>
    public static void AppendElement(StringBuilder sb, string v)
    {
        bool quote = v.Length == 0 || v.Equals("NULL", StringComparison.OrdinalIgnoreCase);
        foreach (char c in v)
        {
            if (c is '{' or '}' or '"' or '\\' or Delim || IsSpace(c))
            {
                quote = true;
                break;
            }
        }
        if (!quote)
        {
            sb.Append(v);
            return;
        }
        sb.Append('"');
        foreach (char c in v)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        sb.Append('"');
    }
}
