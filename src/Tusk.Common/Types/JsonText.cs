// json and jsonb values as text (json_in / jsonb_in / jsonb_out). A json Datum is its input text, kept verbatim
// once it parses; a jsonb Datum is its normalized text: object keys unique (the last duplicate wins) and ordered
// shorter-first then bytewise, numbers as numeric prints them (1e3 -> 1000, -0.0 -> 0.0), strings re-escaped,
// ", " and ": " as separators. Parsing a normalized text gives back the same tree, so jsonb operators parse,
// work on JsonNode trees and print again.
// Entry points: JsonText.Validate, JsonText.Normalize, JsonText.ParseJson, JsonText.ParseJsonb, JsonText.ToJsonb.
namespace Tusk.Common.Types;

/// <summary>Text input and output of json and jsonb.</summary>
public static class JsonText
{
    /// <summary>json_in: the text itself, after checking that it is JSON (22P02 otherwise).</summary>
    public static string Validate(string s)
    {
        JsonParser.Parse(s, decodeEscapes: false);
        return s;
    }

    /// <summary>jsonb_in + jsonb_out: the normalized text of a JSON document.</summary>
    public static string Normalize(string s) => JsonWriter.Jsonb(ParseJsonb(s));

    /// <summary>A json value's tree (escapes decoded, numbers as written, keys as written with spans).</summary>
    public static JsonNode ParseJson(string s) => JsonParser.Parse(s, decodeEscapes: true);

    /// <summary>A jsonb value's tree (normalized).</summary>
    public static JsonNode ParseJsonb(string s) => ToJsonb(JsonParser.Parse(s, decodeEscapes: true));

    /// <summary>
    /// The jsonb form of a tree: numbers as numeric values, object keys made unique (last wins) and sorted by
    /// jsonb's key order (uniqueifyJsonbObject).
    /// </summary>
    public static JsonNode ToJsonb(JsonNode n)
    {
        switch (n.Kind)
        {
            case JsonKind.Number:
                return n.Number != null ? n : JsonNode.Of(n.Numeric);
            case JsonKind.Array:
            {
                var items = new List<JsonNode>(n.Items!.Count);
                foreach (var e in n.Items)
                    items.Add(ToJsonb(e));
                return JsonNode.Array(items);
            }
            case JsonKind.Object:
            {
                var byKey = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
                foreach (var f in n.Fields!)
                    byKey[f.Key] = ToJsonb(f.Value);
                var fields = byKey.ToList();
                fields.Sort((a, b) => JsonNode.CompareKeys(a.Key, b.Key));
                return JsonNode.Object(fields);
            }
            default:
                return n;
        }
    }
}
