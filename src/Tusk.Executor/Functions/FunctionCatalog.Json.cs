// json and jsonb operators and functions of PG 15 (jsonfuncs.c, jsonb_op.c, json.c, jsonb.c):
//   operators  -> ->> (text key, integer index), #> #>> (text[] path) on json and jsonb; on jsonb also
//              = <> < > <= >= (DatumOrder: JsonOps.CompareText / EqualText), @> <@ ? ?| ?& || - (key, index, keys) #-
//   functions  to_json / to_jsonb, json(b)_build_object / _array, json(b)_typeof, json(b)_array_length,
//              json(b)_extract_path(_text) (1 to 8 path elements), jsonb_pretty, jsonb_set, json(b)_strip_nulls
//   set-returning json(b)_each(_text), json(b)_object_keys, json(b)_array_elements(_text)
// Values: json is its text (a value taken out of json is its source text, as written); jsonb is its normalized
// text, parsed into a JsonNode tree per call and printed back normalized (JsonbOf).
// Entry point: RegisterJson, called from the FunctionCatalog constructor.
using System.Text;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    const uint Jsonb = TypeOid.Jsonb;
    const uint Json = TypeOid.Json;

    static JsonNode Tree(in Datum d) => JsonText.ParseJson(d.Text);

    /// <summary>A jsonb Datum of a tree (normalized).</summary>
    static Datum JsonbOf(JsonNode n) => Datum.FromText(JsonWriter.Jsonb(JsonText.ToJsonb(n)), TypeOid.Jsonb);

    /// <summary>The value found by -> / #>: json as its source text, jsonb normalized; NULL when absent.</summary>
    internal static Datum Found(in Datum doc, JsonNode? n) => n == null
        ? Datum.Null(doc.Type)
        : doc.Type == Json
            ? Datum.FromText(doc.Text[n.Start..n.End], Json)
            : Datum.FromText(JsonWriter.Jsonb(n), Jsonb);

    /// <summary>The text ->> / #>> give: a string's value, a scalar's text, a container's JSON; NULL for null.</summary>
    static Datum FoundText(in Datum doc, JsonNode? n) => n == null || n.Kind == JsonKind.Null
        ? Datum.Null(TypeOid.Text)
        : Datum.FromText(n.Kind switch
        {
            JsonKind.String => n.Text!,
            JsonKind.Number => n.Text!,
            JsonKind.Bool => n.Bool ? "true" : "false",
            _ => doc.Type == Json ? doc.Text[n.Start..n.End] : JsonWriter.Jsonb(n),
        });

    static string?[] TextPath(in Datum d) => d.Array.Elements.Select(e => e.IsNull ? null : e.Text).ToArray();

    static string TypeName(JsonNode n) => n.Kind switch
    {
        JsonKind.Object => "object",
        JsonKind.Array => "array",
        JsonKind.String => "string",
        JsonKind.Number => "number",
        JsonKind.Bool => "boolean",
        _ => "null",
    };

    static void RegisterJson()
    {
        const uint Txt = TypeOid.Text;
        const uint I4 = TypeOid.Int4;
        const uint Bool = TypeOid.Bool;
        const uint TxtArr = TypeOid.TextArray;

        foreach (uint t in new[] { Json, Jsonb })
        {
            Op("->", t, Txt, t, static (a, _) => Found(a[0], ObjectMember(a[0], a[1].Text)));
            Op("->", t, I4, t, static (a, _) => Found(a[0], Element(a[0], a[1].Int)));
            Op("->>", t, Txt, Txt, static (a, _) => FoundText(a[0], ObjectMember(a[0], a[1].Text)));
            Op("->>", t, I4, Txt, static (a, _) => FoundText(a[0], Element(a[0], a[1].Int)));
            Op("#>", t, TxtArr, t, static (a, _) => Found(a[0], JsonOps.Path(Tree(a[0]), TextPath(a[1]))));
            Op("#>>", t, TxtArr, Txt, static (a, _) => FoundText(a[0], JsonOps.Path(Tree(a[0]), TextPath(a[1]))));
            string p = t == Json ? "json" : "jsonb";
            Fn(p + "_typeof", [t], Txt, static (a, _) => Datum.FromText(TypeName(Tree(a[0]))));
            Fn(p + "_array_length", [t], I4, static (a, _) =>
            {
                var n = Tree(a[0]);
                if (n.Kind != JsonKind.Array)
                    Throw.Error(SqlState.InvalidParameterValue,
                        n.IsScalar ? "cannot get array length of a scalar" : "cannot get array length of a non-array");
                return Datum.FromInt4(n.Items!.Count);
            });
            for (int k = 1; k <= 8; k++)
            {
                uint[] args = [t, .. Enumerable.Repeat(Txt, k)];
                Fn(p + "_extract_path", args, t, static (a, _) => Found(a[0], JsonOps.Path(Tree(a[0]), PathArgs(a))));
                Fn(p + "_extract_path_text", args, Txt,
                    static (a, _) => FoundText(a[0], JsonOps.Path(Tree(a[0]), PathArgs(a))));
            }
            RegisterJsonSetFunctions(t, p);
        }

        Fn("json_strip_nulls", [Json], Json, static (a, _) => Datum.FromText(JsonWriter.Compact(JsonOps.StripNulls(Tree(a[0]))), Json));
        Fn("jsonb_strip_nulls", [Jsonb], Jsonb, static (a, _) => JsonbOf(JsonOps.StripNulls(Tree(a[0]))));
        Fn("jsonb_pretty", [Jsonb], Txt, static (a, _) => Datum.FromText(JsonWriter.Pretty(Tree(a[0]))));

        RegisterComparisons(Jsonb, Jsonb);
        Op("@>", Jsonb, Jsonb, Bool, static (a, _) => Datum.FromBool(JsonOps.Contains(Tree(a[0]), Tree(a[1]))));
        Op("<@", Jsonb, Jsonb, Bool, static (a, _) => Datum.FromBool(JsonOps.Contains(Tree(a[1]), Tree(a[0]))));
        Op("?", Jsonb, Txt, Bool, static (a, _) => Datum.FromBool(JsonOps.Exists(Tree(a[0]), a[1].Text)));
        Op("?|", Jsonb, TxtArr, Bool, static (a, _) =>
        {
            var n = Tree(a[0]);
            return Datum.FromBool(a[1].Array.Elements.Any(e => !e.IsNull && JsonOps.Exists(n, e.Text)));
        });
        Op("?&", Jsonb, TxtArr, Bool, static (a, _) =>
        {
            var n = Tree(a[0]);
            return Datum.FromBool(a[1].Array.Elements.All(e => e.IsNull || JsonOps.Exists(n, e.Text)));
        });
        Op("||", Jsonb, Jsonb, Jsonb, static (a, _) => JsonbOf(JsonOps.Concat(Tree(a[0]), Tree(a[1]))));
        Op("-", Jsonb, Txt, Jsonb, static (a, _) => JsonbOf(JsonOps.DeleteKey(Tree(a[0]), a[1].Text)));
        Op("-", Jsonb, I4, Jsonb, static (a, _) => JsonbOf(JsonOps.DeleteIndex(Tree(a[0]), a[1].Int)));
        Op("-", Jsonb, TxtArr, Jsonb, static (a, _) =>
            JsonbOf(JsonOps.DeleteKeys(Tree(a[0]), a[1].Array.Elements.Where(e => !e.IsNull).Select(e => e.Text).ToList())));
        Op("#-", Jsonb, TxtArr, Jsonb, static (a, _) => JsonbOf(JsonOps.DeletePath(Tree(a[0]), TextPath(a[1]))));
        Fn("jsonb_set", [Jsonb, TxtArr, Jsonb], Jsonb,
            static (a, _) => JsonbOf(JsonOps.Set(Tree(a[0]), TextPath(a[1]), Tree(a[2]), true)));
        Fn("jsonb_set", [Jsonb, TxtArr, Jsonb, Bool], Jsonb,
            static (a, _) => JsonbOf(JsonOps.Set(Tree(a[0]), TextPath(a[1]), Tree(a[2]), a[3].Bool)));

        Fn("to_json", [AnyElem], Json, static (a, c) => Datum.FromText(JsonConvert.ToJsonText(a[0], c), Json));
        Fn("to_jsonb", [AnyElem], Jsonb, static (a, c) => JsonbOf(JsonConvert.ToJsonbNode(a[0], c)));
        Add(Functions, new Builtin("json_build_array", [], Json, static (a, c) =>
            Datum.FromText("[" + string.Join(", ", a.Select(d => JsonConvert.ToJsonText(d, c))) + "]", Json),
            Strict: false, AnyArgs: true));
        Add(Functions, new Builtin("jsonb_build_array", [], Jsonb, static (a, c) =>
            JsonbOf(JsonNode.Array(a.Select(d => JsonConvert.ToJsonbNode(d, c)).ToList())), Strict: false, AnyArgs: true));
        Add(Functions, new Builtin("json_build_object", [], Json, static (a, c) =>
        {
            var sb = new StringBuilder("{");
            foreach (var (key, value) in BuildPairs(a, "json_build_object", c))
            {
                if (sb.Length > 1)
                    sb.Append(", ");
                JsonWriter.Escape(sb, key);
                sb.Append(" : ").Append(JsonConvert.ToJsonText(value, c));
            }
            return Datum.FromText(sb.Append('}').ToString(), Json);
        }, Strict: false, AnyArgs: true));
        Add(Functions, new Builtin("jsonb_build_object", [], Jsonb, static (a, c) => JsonbOf(JsonNode.Object(
            BuildPairs(a, "jsonb_build_object", c)
                .Select(p => new KeyValuePair<string, JsonNode>(p.Key, JsonConvert.ToJsonbNode(p.Value, c))).ToList())),
            Strict: false, AnyArgs: true));
    }

    /// <summary>
    /// Element i of an array (-&gt; integer). A jsonb scalar is stored as a one-element array, so index 0 (or -1)
    /// of a jsonb scalar is the scalar itself, as in PostgreSQL.
    /// </summary>
    static JsonNode? Element(in Datum doc, long i)
    {
        var n = Tree(doc);
        return doc.Type == Jsonb && n.IsScalar ? (i is 0 or -1 ? n : null) : n.At(i);
    }

    /// <summary>The member of an object (->> with a text key on anything else is NULL).</summary>
    static JsonNode? ObjectMember(in Datum doc, string key)
    {
        var n = Tree(doc);
        return n.Kind == JsonKind.Object ? n.Get(key) : null;
    }

    static string?[] PathArgs(Datum[] a) => a.Skip(1).Select(d => d.IsNull ? null : d.Text).ToArray();

    /// <summary>json(b)_build_object's arguments as (key text, value) pairs.</summary>
    static List<(string Key, Datum Value)> BuildPairs(Datum[] a, string fn, EvalContext c)
    {
        if (a.Length % 2 != 0)
            Throw.Error(SqlState.InvalidParameterValue, "argument list must have even number of elements",
                hint: $"The arguments of {fn}() must consist of alternating keys and values.");
        var pairs = new List<(string, Datum)>(a.Length / 2);
        for (int i = 0; i < a.Length; i += 2)
            pairs.Add((JsonConvert.KeyText(a[i], i + 1, c), a[i + 1]));
        return pairs;
    }

    /// <summary>json(b)_each(_text), json(b)_object_keys, json(b)_array_elements(_text).</summary>
    static void RegisterJsonSetFunctions(uint t, string p)
    {
        const uint Txt = TypeOid.Text;
        bool json = t == Json;
        AddSetFunction(new Builtin(p + "_each", [t], TypeOid.Record, SetOnly(p + "_each")),
            json ? static (a, _) => Each(a[0], "json", false) : static (a, _) => Each(a[0], "jsonb", false),
            [("key", Txt), ("value", t)]);
        AddSetFunction(new Builtin(p + "_each_text", [t], TypeOid.Record, SetOnly(p + "_each_text")),
            json ? static (a, _) => Each(a[0], "json", true) : static (a, _) => Each(a[0], "jsonb", true),
            [("key", Txt), ("value", Txt)]);
        AddSetFunction(new Builtin(p + "_object_keys", [t], Txt, SetOnly(p + "_object_keys")),
            json ? static (a, _) => ObjectKeys(a[0], "json") : static (a, _) => ObjectKeys(a[0], "jsonb"));
        AddSetFunction(new Builtin(p + "_array_elements", [t], t, SetOnly(p + "_array_elements")),
            static (a, _) => ArrayElements(a[0], asText: false).Select(d => new[] { d }));
        AddSetFunction(new Builtin(p + "_array_elements_text", [t], Txt, SetOnly(p + "_array_elements_text")),
            static (a, _) => ArrayElements(a[0], asText: true).Select(d => new[] { d }));
    }

    /// <summary>json(b)_each: (key, value) per member of an object.</summary>
    public static IEnumerable<Datum[]> Each(Datum doc, string p, bool asText)
    {
        var n = Tree(doc);
        if (n.Kind != JsonKind.Object)
            Throw.Error(SqlState.InvalidParameterValue, p == "jsonb"
                ? $"cannot call jsonb_each{(asText ? "_text" : "")} on a non-object"
                : n.IsScalar ? "cannot deconstruct a scalar" : "cannot deconstruct an array as an object");
        return n.Fields!.Select(f => new[] { Datum.FromText(f.Key), asText ? FoundText(doc, f.Value) : Found(doc, f.Value) })
            .ToList();
    }

    /// <summary>json(b)_object_keys: the keys of an object (json: as written, duplicates included).</summary>
    public static IEnumerable<Datum[]> ObjectKeys(Datum doc, string p)
    {
        var n = Tree(doc);
        if (n.Kind != JsonKind.Object)
            Throw.Error(SqlState.InvalidParameterValue,
                $"cannot call {p}_object_keys on a{(n.IsScalar ? " scalar" : "n array")}");
        return n.Fields!.Select(f => new[] { Datum.FromText(f.Key) }).ToList();
    }

    /// <summary>json(b)_array_elements(_text): the elements of an array.</summary>
    public static IEnumerable<Datum> ArrayElements(Datum doc, bool asText)
    {
        var n = Tree(doc);
        if (n.Kind != JsonKind.Array)
        {
            string fn = "json_array_elements" + (asText ? "_text" : "");
            Throw.Error(SqlState.InvalidParameterValue, doc.Type == Json
                ? $"cannot call {fn} on a {(n.IsScalar ? "scalar" : "non-array")}"
                : n.IsScalar ? "cannot extract elements from a scalar" : "cannot extract elements from an object");
        }
        return n.Items!.Select(e => asText ? FoundText(doc, e) : Found(doc, e)).ToList();
    }
}
