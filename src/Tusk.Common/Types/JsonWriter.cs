// JSON text output: jsonb's canonical form (JsonbToCString: ", " between items, ": " after keys), the compact form
// json functions print a rebuilt value in ("," and ":"), jsonb_pretty's indented form (four spaces per level; an
// empty container still spans two lines), and escape_json for strings (\" \\ \b \f \n \r \t, other control
// characters as \u00XX, everything else literal).
// Entry points: JsonWriter.Jsonb, JsonWriter.Compact, JsonWriter.Pretty, JsonWriter.Escape.
using System.Text;

namespace Tusk.Common.Types;

/// <summary>Writes JSON trees and strings as PostgreSQL prints them.</summary>
public static class JsonWriter
{
    enum Style
    {
        Jsonb,   // ", " and ": " on one line
        Compact, // "," and ":" (json output built from a tree: json_strip_nulls)
        Pretty,  // jsonb_pretty
    }

    /// <summary>jsonb's output text of a tree.</summary>
    public static string Jsonb(JsonNode n) => Write(n, Style.Jsonb);

    /// <summary>The compact form ("," and ":", no spaces) that json functions print a rebuilt value in.</summary>
    public static string Compact(JsonNode n) => Write(n, Style.Compact);

    /// <summary>jsonb_pretty.</summary>
    public static string Pretty(JsonNode n) => Write(n, Style.Pretty);

    static string Write(JsonNode n, Style style)
    {
        var sb = new StringBuilder();
        Write(sb, n, style, 0);
        return sb.ToString();
    }

    /// <summary>escape_json: appends the quoted, escaped string.</summary>
    public static void Escape(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (c < ' ')
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Writes <paramref name="n"/> at nesting <paramref name="level"/> (the indentation of Pretty).</summary>
    static void Write(StringBuilder sb, JsonNode n, Style style, int level)
    {
        switch (n.Kind)
        {
            case JsonKind.Null:
                sb.Append("null");
                return;
            case JsonKind.Bool:
                sb.Append(n.Bool ? "true" : "false");
                return;
            case JsonKind.Number:
                sb.Append(n.Text);
                return;
            case JsonKind.String:
                Escape(sb, n.Text!);
                return;
            case JsonKind.Array:
                sb.Append('[');
                for (int i = 0; i < n.Items!.Count; i++)
                {
                    Separate(sb, i, style, level);
                    Write(sb, n.Items[i], style, level + 1);
                }
                Close(sb, style, level, ']');
                return;
            default:
                sb.Append('{');
                for (int i = 0; i < n.Fields!.Count; i++)
                {
                    Separate(sb, i, style, level);
                    Escape(sb, n.Fields[i].Key);
                    sb.Append(style == Style.Compact ? ":" : ": ");
                    Write(sb, n.Fields[i].Value, style, level + 1);
                }
                Close(sb, style, level, '}');
                return;
        }
    }

    static void Separate(StringBuilder sb, int i, Style style, int level)
    {
        if (i > 0)
            sb.Append(style == Style.Jsonb ? ", " : ",");
        if (style == Style.Pretty)
            sb.Append('\n').Append(' ', 4 * (level + 1));
    }

    static void Close(StringBuilder sb, Style style, int level, char close)
    {
        if (style == Style.Pretty)
            sb.Append('\n').Append(' ', 4 * level);
        sb.Append(close);
    }
}
