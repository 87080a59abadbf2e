// jsonb algorithms on JsonNode trees (jsonb_util.c, jsonfuncs.c, jsonb_op.c): the btree order
// (compareJsonbContainers: null < string < number < boolean < array < object; a top-level scalar sorts as a
// one-element array that is less than a real one of the same length; arrays and objects by size first, then item by
// item, object keys in storage order), containment (@>: objects by key, arrays as sets where a scalar on the right
// may be found in an array on the left, containers only inside containers), key existence (?), concatenation (||),
// deletion (- key, - index, - keys, #- path), path lookup (-> ->> #> #>>), jsonb_set and strip_nulls.
// Entry points: CompareText, EqualText, HashText (jsonb Datums), Compare, Contains, Exists, Concat, Delete*, Path, Set, StripNulls.
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static class JsonOps
{
    // ---- order ----------------------------------------------------------------------------------------------

    static int Compare(JsonNode a, JsonNode b)
    {
        // Top level: a scalar is a one-element "raw scalar" array (the anomaly: [] sorts below any scalar).
        bool ra = a.IsScalar;
        bool rb = b.IsScalar;
        if (ra != rb)
        {
            var arr = ra ? b : a;
            if (arr.Kind == JsonKind.Array)
            {
                // The scalar's pseudo array has one element: it is below any non-empty array, above an empty one.
                int res = arr.Items!.Count == 0 ? 1 : -1;
                return ra ? res : -res;
            }
        }
        return CompareValues(a, b);
    }

    static int CompareValues(JsonNode a, JsonNode b)
    {
        if (a.Kind != b.Kind)
            return a.Kind > b.Kind ? 1 : -1;
        switch (a.Kind)
        {
            case JsonKind.Null:
                return 0;
            case JsonKind.String:
                return Math.Sign(string.CompareOrdinal(a.Text, b.Text));
            case JsonKind.Number:
                return a.Numeric.CompareTo(b.Numeric);
            case JsonKind.Bool:
                return a.Bool.CompareTo(b.Bool);
            case JsonKind.Array:
            {
                if (a.Items!.Count != b.Items!.Count)
                    return a.Items.Count > b.Items.Count ? 1 : -1;
                for (int i = 0; i < a.Items.Count; i++)
                {
                    int c = CompareValues(a.Items[i], b.Items[i]);
                    if (c != 0)
                        return c;
                }
                return 0;
            }
            default:
            {
                if (a.Fields!.Count != b.Fields!.Count)
                    return a.Fields.Count > b.Fields.Count ? 1 : -1;
                for (int i = 0; i < a.Fields.Count; i++)
                {
                    int c = Math.Sign(string.CompareOrdinal(a.Fields[i].Key, b.Fields[i].Key));
                    if (c == 0)
                        c = CompareValues(a.Fields[i].Value, b.Fields[i].Value);
                    if (c != 0)
                        return c;
                }
                return 0;
            }
        }
    }

    // ---- order, equality and hash of jsonb Datums (normalized text) ------------------------------------------

    // A jsonb Datum holds its normalized text (JsonText): keys unique and sorted, strings escaped one way,
    // numbers as numeric_out prints them, fixed separators. Two such texts are equal as jsonb exactly when they are
    // the same but for the display scale of numbers (1, 1.0, 1.00 are one value), so equality and hash read the
    // text in place; only an order between unequal values parses both into trees.

    /// <summary>jsonb's btree order of two normalized texts.</summary>
    public static int CompareText(string a, string b) =>
        EqualText(a, b) ? 0 : Compare(JsonText.ParseJson(a), JsonText.ParseJson(b));

    /// <summary>jsonb equality of two normalized texts, without parsing them.</summary>
    public static bool EqualText(string a, string b)
    {
        if (ReferenceEquals(a, b))
            return true;
        int i = 0;
        int j = 0;
        while (i < a.Length && j < b.Length)
        {
            char c = a[i];
            if (IsNumberStart(c))
            {
                if (!IsNumberStart(b[j]) || !CanonicalNumber(a, ref i).SequenceEqual(CanonicalNumber(b, ref j)))
                    return false;
                continue;
            }
            int end = c == '"' ? StringEnd(a, i) : i + 1;
            int len = end - i;
            if (j + len > b.Length || !a.AsSpan(i, len).SequenceEqual(b.AsSpan(j, len)))
                return false;
            i = end;
            j += len;
        }
        return i == a.Length && j == b.Length;
    }

    /// <summary>A hash of a normalized text consistent with <see cref="EqualText"/> (1 and 1.0 hash alike).</summary>
    public static int HashText(string s)
    {
        var h = new HashCode();
        int run = 0; // start of the text not hashed yet
        for (int i = 0; i < s.Length;)
        {
            char c = s[i];
            if (c == '"')
            {
                i = StringEnd(s, i);
                continue;
            }
            if (!IsNumberStart(c))
            {
                i++;
                continue;
            }
            h.Add(string.GetHashCode(s.AsSpan(run, i - run)));
            h.Add(string.GetHashCode(CanonicalNumber(s, ref i)));
            run = i;
        }
        h.Add(string.GetHashCode(s.AsSpan(run)));
        return h.ToHashCode();
    }

    /// <summary>Outside strings, only a number starts with a digit or '-' in JSON text.</summary>
    static bool IsNumberStart(char c) => c == '-' || char.IsAsciiDigit(c);

    /// <summary>The index after the string literal that starts (with its quote) at <paramref name="i"/>.</summary>
    static int StringEnd(string s, int i)
    {
        for (i++; i < s.Length; i++)
        {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                return i + 1;
        }
        return s.Length;
    }

    /// <summary>
    /// The number at <paramref name="i"/> (numeric_out's form) without its display scale: trailing fraction
    /// zeros and a bare point dropped, -0 as 0. Moves <paramref name="i"/> past the number.
    /// </summary>
    static ReadOnlySpan<char> CanonicalNumber(string s, ref int i)
    {
        int start = i;
        int point = -1;
        for (i++; i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'); i++)
        {
            if (s[i] == '.')
                point = i;
        }
        var n = s.AsSpan(start, i - start);
        if (point >= 0)
            n = n.TrimEnd('0').TrimEnd('.');
        return n is "-0" ? "0" : n;
    }

    static bool ScalarEquals(JsonNode a, JsonNode b) => a.Kind == b.Kind && CompareValues(a, b) == 0;

    // ---- containment and existence --------------------------------------------------------------------------

    /// <summary>a @&gt; b (JsonbDeepContains).</summary>
    public static bool Contains(JsonNode a, JsonNode b)
    {
        if (a.IsScalar || b.IsScalar)
        {
            if (a.IsScalar && b.IsScalar)
                return ScalarEquals(a, b);
            // A scalar on the right is looked for among the top-level elements of an array on the left.
            return a.Kind == JsonKind.Array && b.IsScalar && a.Items!.Any(e => e.IsScalar && ScalarEquals(e, b));
        }
        return ContainsValue(a, b);
    }

    static bool ContainsValue(JsonNode a, JsonNode b)
    {
        if (a.Kind != b.Kind)
            return false;
        if (a.IsScalar)
            return ScalarEquals(a, b);
        if (a.Kind == JsonKind.Object)
        {
            foreach (var (key, bv) in b.Fields!)
            {
                var av = a.Get(key);
                if (av == null || !(bv.IsScalar ? ScalarEquals(av, bv) : ContainsValue(av, bv)))
                    return false;
            }
            return true;
        }
        foreach (var bv in b.Items!)
        {
            bool found = bv.IsScalar
                ? a.Items!.Any(av => av.IsScalar && ScalarEquals(av, bv))
                : a.Items!.Any(av => av.Kind == bv.Kind && ContainsValue(av, bv));
            if (!found)
                return false;
        }
        return true;
    }

    /// <summary>a ? key: a top-level key of an object, or a string element of an array (or the string itself).</summary>
    public static bool Exists(JsonNode a, string key) => a.Kind switch
    {
        JsonKind.Object => a.Get(key) != null,
        JsonKind.Array => a.Items!.Any(e => e.Kind == JsonKind.String && e.Text == key),
        JsonKind.String => a.Text == key,
        _ => false,
    };

    // ---- building ---------------------------------------------------------------------------------------------

    /// <summary>a || b: objects merge (the right side wins); otherwise both as arrays, concatenated.</summary>
    public static JsonNode Concat(JsonNode a, JsonNode b)
    {
        if (a.Kind == JsonKind.Object && b.Kind == JsonKind.Object)
        {
            var fields = new List<KeyValuePair<string, JsonNode>>(a.Fields!);
            fields.AddRange(b.Fields!);
            return JsonNode.Object(fields); // ToJsonb keeps the last of each key
        }
        var items = new List<JsonNode>();
        items.AddRange(a.Kind == JsonKind.Array ? a.Items! : [a]);
        items.AddRange(b.Kind == JsonKind.Array ? b.Items! : [b]);
        return JsonNode.Array(items);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void ScalarDelete() => Throw.Error(SqlState.InvalidParameterValue, "cannot delete from scalar");

    /// <summary>jsonb - text: removes a key, or the string elements equal to it.</summary>
    public static JsonNode DeleteKey(JsonNode a, string key) => DeleteKeys(a, [key]);

    /// <summary>jsonb - text[].</summary>
    public static JsonNode DeleteKeys(JsonNode a, IReadOnlyCollection<string> keys)
    {
        if (a.IsScalar)
            ScalarDelete();
        if (a.Kind == JsonKind.Object)
            return JsonNode.Object(a.Fields!.Where(f => !keys.Contains(f.Key)).ToList());
        return JsonNode.Array(a.Items!.Where(e => !(e.Kind == JsonKind.String && keys.Contains(e.Text!))).ToList());
    }

    /// <summary>jsonb - integer: removes an array element (negative counts from the end).</summary>
    public static JsonNode DeleteIndex(JsonNode a, long index)
    {
        if (a.IsScalar)
            ScalarDelete();
        if (a.Kind == JsonKind.Object)
            Throw.Error(SqlState.InvalidParameterValue, "cannot delete from object using integer index");
        int n = a.Items!.Count;
        if (index < 0)
            index += n;
        if (index < 0 || index >= n)
            return a;
        var items = new List<JsonNode>(a.Items);
        items.RemoveAt((int)index);
        return JsonNode.Array(items);
    }

    /// <summary>jsonb #- text[]: removes the value at a path (nothing when the path does not lead anywhere).</summary>
    public static JsonNode DeletePath(JsonNode a, string?[] path)
    {
        if (a.IsScalar)
            Throw.Error(SqlState.InvalidParameterValue, "cannot delete path in scalar");
        return path.Length == 0 ? a : Rewrite(a, path, 0, null, false, true);
    }

    /// <summary>jsonb_set(target, path, value, create_missing).</summary>
    public static JsonNode Set(JsonNode a, string?[] path, JsonNode value, bool createMissing)
    {
        if (a.IsScalar)
            Throw.Error(SqlState.InvalidParameterValue, "cannot set path in scalar");
        return path.Length == 0 ? a : Rewrite(a, path, 0, value, createMissing, false);
    }

    /// <summary>setPath: replaces (or deletes) the value at path[level..] inside <paramref name="n"/>.</summary>
    static JsonNode Rewrite(JsonNode n, string?[] path, int level, JsonNode? value, bool create, bool delete)
    {
        string? step = path[level];
        if (step == null)
            Throw.Error(SqlState.NullValueNotAllowed, $"path element at position {level + 1} is null");
        bool last = level == path.Length - 1;
        if (n.Kind == JsonKind.Object)
        {
            var fields = new List<KeyValuePair<string, JsonNode>>(n.Fields!);
            int i = fields.FindIndex(f => f.Key == step);
            if (i < 0)
            {
                if (last && create && !delete)
                    fields.Add(new(step, value!));
                return JsonNode.Object(fields);
            }
            if (last)
            {
                if (delete)
                    fields.RemoveAt(i);
                else
                    fields[i] = new(step, value!);
            }
            else if (!fields[i].Value.IsScalar)
            {
                fields[i] = new(step, Rewrite(fields[i].Value, path, level + 1, value, create, delete));
            }
            return JsonNode.Object(fields);
        }
        if (n.Kind != JsonKind.Array)
            return n;
        if (!long.TryParse(step, System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out long idx))
        {
            Throw.Error(SqlState.InvalidTextRepresentation,
                $"path element at position {level + 1} is not an integer: \"{step}\"");
        }
        var items = new List<JsonNode>(n.Items!);
        int count = items.Count;
        if (idx < 0)
            idx += count;
        if (idx < 0 || idx >= count)
        {
            if (last && create && !delete)
                items.Insert(idx < 0 ? 0 : count, value!);
            return JsonNode.Array(items);
        }
        int k = (int)idx;
        if (last)
        {
            if (delete)
                items.RemoveAt(k);
            else
                items[k] = value!;
        }
        else if (!items[k].IsScalar)
        {
            items[k] = Rewrite(items[k], path, level + 1, value, create, delete);
        }
        return JsonNode.Array(items);
    }

    /// <summary>json(b)_strip_nulls: object members whose value is null are removed, at every depth.</summary>
    public static JsonNode StripNulls(JsonNode n) => n.Kind switch
    {
        JsonKind.Object => JsonNode.Object(n.Fields!.Where(f => f.Value.Kind != JsonKind.Null)
            .Select(f => new KeyValuePair<string, JsonNode>(f.Key, StripNulls(f.Value))).ToList()),
        JsonKind.Array => JsonNode.Array(n.Items!.Select(StripNulls).ToList()),
        _ => n,
    };

    // ---- paths --------------------------------------------------------------------------------------------------

    /// <summary>One step of -> / #>: a key of an object, or an integer index of an array; null when absent.</summary>
    public static JsonNode? Step(JsonNode n, string key) => n.Kind switch
    {
        JsonKind.Object => n.Get(key),
        JsonKind.Array => long.TryParse(key, System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out long i) ? n.At(i) : null,
        _ => null,
    };

    /// <summary>#&gt; path: the value at the path (the whole value for an empty path), or null.</summary>
    public static JsonNode? Path(JsonNode n, string?[] path)
    {
        JsonNode? cur = n;
        foreach (var p in path)
        {
            if (p == null || cur == null)
                return null;
            cur = Step(cur, p);
        }
        return cur;
    }
}
