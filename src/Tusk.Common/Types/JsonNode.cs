// One JSON value as a tree: the form json and jsonb take while an operator or function works on them (the Datum
// itself holds text: json its input verbatim, jsonb its normalized text). Kinds are ordered as jsonb's type order
// (null < string < number < boolean < array < object). A node parsed from json text keeps its source span (Start,
// End), so that json's -> can return the value as written; a jsonb node has its numbers as NumericValue and its
// object keys unique and sorted (JsonText.ToJsonb).
// Entry points: JsonNode.Null/True/False/Of/Number/Array/Object, JsonNode.Get, JsonNode.CompareKeys.
namespace Tusk.Common.Types;

/// <summary>jsonb's value types, in its sort order.</summary>
public enum JsonKind : byte
{
    Null,
    String,
    Number,
    Bool,
    Array,
    Object,
}

/// <summary>A JSON value.</summary>
public sealed class JsonNode
{
    JsonNode(JsonKind kind) => Kind = kind;

    public JsonKind Kind { get; }

    /// <summary>A string's value; a number's text (as written for json, numeric's output for jsonb).</summary>
    public string? Text { get; private init; }

    /// <summary>A number's value (set for jsonb; null for a json number not yet converted).</summary>
    public NumericValue? Number { get; private init; }

    public bool Bool { get; private init; }

    public List<JsonNode>? Items { get; private init; }

    /// <summary>An object's members in order (json: as written, duplicates included; jsonb: sorted, unique).</summary>
    public List<KeyValuePair<string, JsonNode>>? Fields { get; private init; }

    /// <summary>Offsets of the value in the text it was parsed from (json), [Start, End).</summary>
    public int Start { get; internal set; }

    public int End { get; internal set; }

    public static JsonNode Null() => new(JsonKind.Null);

    public static JsonNode Of(bool b) => new(JsonKind.Bool) { Bool = b };

    public static JsonNode Of(string s) => new(JsonKind.String) { Text = s };

    /// <summary>A number with its value (jsonb).</summary>
    public static JsonNode Of(NumericValue n) => new(JsonKind.Number) { Text = n.ToString(), Number = n };

    /// <summary>A number as written in json text (converted to numeric only when needed).</summary>
    public static JsonNode NumberText(string text) => new(JsonKind.Number) { Text = text };

    public static JsonNode Array(List<JsonNode> items) => new(JsonKind.Array) { Items = items };

    public static JsonNode Object(List<KeyValuePair<string, JsonNode>> fields) =>
        new(JsonKind.Object) { Fields = fields };

    public bool IsScalar => Kind is not (JsonKind.Array or JsonKind.Object);

    /// <summary>The numeric value of a number (numeric_in of json's text when it was not converted yet).</summary>
    public NumericValue Numeric => Number ?? NumericValue.Parse(Text!);

    /// <summary>The value of a key (the last one with that key, as json's -> does), or null.</summary>
    public JsonNode? Get(string key)
    {
        if (Fields == null)
        {
            return null;
        }
        for (int i = Fields.Count - 1; i >= 0; i--)
        {
            if (Fields[i].Key == key)
            {
                return Fields[i].Value;
            }
        }
        return null;
    }

    /// <summary>Element <paramref name="index"/> of an array (negative counts from the end), or null.</summary>
    public JsonNode? At(long index)
    {
        if (Items == null)
        {
            return null;
        }
        if (index < 0)
        {
            index += Items.Count;
        }
        return index >= 0 && index < Items.Count ? Items[(int)index] : null;
    }

    /// <summary>jsonb's key order: shorter UTF-8 first, then bytewise (lengthCompareJsonbStringValue).</summary>
    public static int CompareKeys(string a, string b)
    {
        int la = System.Text.Encoding.UTF8.GetByteCount(a);
        int lb = System.Text.Encoding.UTF8.GetByteCount(b);
        if (la != lb)
        {
            return la < lb ? -1 : 1;
        }
        // UTF-8's byte order is the order of code points.
        var x = a.EnumerateRunes();
        var y = b.EnumerateRunes();
        while (x.MoveNext() && y.MoveNext())
        {
            int c = x.Current.Value.CompareTo(y.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
        return 0;
    }
}
