// SQL values to JSON (json.c datum_to_json / jsonb.c datum_to_jsonb): booleans as true/false; int2/4/8, float4/8
// and numeric as numbers when their text is a JSON number (NaN, Infinity become strings); date, timestamp and
// timestamptz as ISO 8601 strings with a "T" (and "+HH:MM" in the session zone); json and jsonb as themselves;
// arrays as JSON arrays (one level per dimension); anything else as the string of its text output.
// json's text keeps PostgreSQL's spacing: array_to_json writes "[1,2]", json_build_* write ", " and " : ".
// Entry points: ToJsonText, ToJsonbNode, KeyText.
using System.Text;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

internal static class JsonConvert
{
    /// <summary>JsonEncodeDateTime: ISO 8601 text of a date, timestamp or timestamptz, or null for other types.</summary>
    static string? DateTimeText(in Datum d, EvalContext c)
    {
        switch (d.Type)
        {
            case TypeOid.Date:
                return DateTimeFormat.Date((int)d.Int, OutputContext.Default);
            case TypeOid.Timestamp:
                return Xsd(DateTimeFormat.Timestamp(d.Int, OutputContext.Default), null);
            case TypeOid.TimestampTz:
            {
                if (!PgCalendar.IsFinite(d.Int))
                    return DateTimeFormat.Timestamp(d.Int, OutputContext.Default);
                int off = c.Session.Output.Zone.OffsetAtUtc(d.Int);
                return Xsd(DateTimeFormat.Timestamp(d.Int + off * PgCalendar.MicrosPerSecond, OutputContext.Default),
                    TimeZones.FormatOffset(off, alwaysMinutes: true));
            }
            default:
                return null;
        }
    }

    /// <summary>
    /// USE_XSD_DATES from an ISO timestamp ("2000-01-02 03:04:05[ BC]"): a "T" between date and time, then the
    /// zone offset, then " BC" ("infinity" as it is).
    /// </summary>
    static string Xsd(string iso, string? offset)
    {
        int sp = iso.IndexOf(' ', StringComparison.Ordinal);
        if (sp < 0)
            return iso;
        bool bc = iso.EndsWith(" BC", StringComparison.Ordinal);
        string time = iso[(sp + 1)..(bc ? iso.Length - 3 : iso.Length)];
        return iso[..sp] + "T" + time + offset + (bc ? " BC" : "");
    }

    /// <summary>to_json: the json text of a value (null for SQL NULL gives "null").</summary>
    public static string ToJsonText(in Datum d, EvalContext c)
    {
        var sb = new StringBuilder();
        AppendJson(sb, d, c);
        return sb.ToString();
    }

    static void AppendJson(StringBuilder sb, in Datum d, EvalContext c)
    {
        if (d.IsNull)
        {
            sb.Append("null");
            return;
        }
        switch (d.Type)
        {
            case TypeOid.Bool:
                sb.Append(d.Bool ? "true" : "false");
                return;
            case TypeOid.Json or TypeOid.Jsonb:
                sb.Append(d.Text);
                return;
            case var t when TypeNames.IsNumber(t):
            {
                string s = TypeIO.ToText(d, c.Session.Output);
                if (JsonParser.IsNumber(s))
                    sb.Append(s);
                else
                    JsonWriter.Escape(sb, s);
                return;
            }
            case var _ when d.Ref is ArrayValue a:
                AppendArray(sb, a, 0, 0, c);
                return;
            default:
                JsonWriter.Escape(sb, DateTimeText(d, c) ?? FunctionCatalog.OutText(d, c));
                return;
        }
    }

    /// <summary>array_to_json: one JSON array per dimension, elements separated by a bare comma.</summary>
    static int AppendArray(StringBuilder sb, ArrayValue a, int dim, int index, EvalContext c)
    {
        sb.Append('[');
        int n = a.IsEmpty ? 0 : a.Dims[dim];
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
                sb.Append(',');
            if (dim + 1 < a.NDims)
                index = AppendArray(sb, a, dim + 1, index, c);
            else
                AppendJson(sb, a.Elements[index++], c);
        }
        sb.Append(']');
        return index;
    }

    /// <summary>to_jsonb: the JSON tree of a value.</summary>
    public static JsonNode ToJsonbNode(in Datum d, EvalContext c)
    {
        if (d.IsNull)
            return JsonNode.Null();
        switch (d.Type)
        {
            case TypeOid.Bool:
                return JsonNode.Of(d.Bool);
            case TypeOid.Json or TypeOid.Jsonb:
                return JsonText.ParseJsonb(d.Text);
            case var t when TypeNames.IsNumber(t):
            {
                string s = TypeIO.ToText(d, c.Session.Output);
                return JsonParser.IsNumber(s) ? JsonNode.Of(NumericValue.Parse(s)) : JsonNode.Of(s);
            }
            case var _ when d.Ref is ArrayValue a:
            {
                int index = 0;
                return a.IsEmpty ? JsonNode.Array([]) : ArrayNode(a, 0, ref index, c);
            }
            default:
                return JsonNode.Of(DateTimeText(d, c) ?? FunctionCatalog.OutText(d, c));
        }
    }

    static JsonNode ArrayNode(ArrayValue a, int dim, ref int index, EvalContext c)
    {
        var items = new List<JsonNode>(a.Dims[dim]);
        for (int i = 0; i < a.Dims[dim]; i++)
            items.Add(dim + 1 < a.NDims ? ArrayNode(a, dim + 1, ref index, c) : ToJsonbNode(a.Elements[index++], c));
        return JsonNode.Array(items);
    }

    /// <summary>
    /// The key text of json(b)_build_object's argument <paramref name="position"/> (1-based): NULL keys and
    /// arrays or json keys are errors (22023).
    /// </summary>
    public static string KeyText(in Datum d, int position, EvalContext c)
    {
        if (d.IsNull)
            Throw.Error(SqlState.InvalidParameterValue, $"argument {position}: key must not be null");
        if (d.Ref is ArrayValue || d.Type is TypeOid.Json or TypeOid.Jsonb)
            Throw.Error(SqlState.InvalidParameterValue, "key value must be scalar, not array, composite, or json");
        if (d.Type == TypeOid.Bool)
            return d.Bool ? "true" : "false";
        return DateTimeText(d, c) ?? FunctionCatalog.OutText(d, c);
    }
}
