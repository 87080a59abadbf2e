// JSON text output: jsonb's canonical form (JsonbToCString: ", " between items, ": " after keys), jsonb_pretty's
// indented form (four spaces per level; an empty container still spans two lines), and escape_json for strings
// (\" \\ \b \f \n \r \t, other control characters as \u00XX, everything else literal).
// Entry points: JsonWriter.Jsonb, JsonWriter.Pretty, JsonWriter.Escape, JsonWriter.Quote.
using System.Text;

namespace Tusk.Common.Types;

/// <summary>Writes JSON trees and strings as PostgreSQL prints them.</summary>
public static class JsonWriter
{
    /// <summary>jsonb's output text of a tree.</summary>
    public static string Jsonb(JsonNode n)
    {
        var sb = new StringBuilder();
        Write(sb, n, -1);
        return sb.ToString();
    }

    /// <summary>jsonb_pretty.</summary>
    public static string Pretty(JsonNode n)
    {
        var sb = new StringBuilder();
        Write(sb, n, 0);
        return sb.ToString();
    }

    /// <summary>A string as a JSON string literal.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        Escape(sb, s);
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

    /// <summary>Writes <paramref name="n"/>; <paramref name="indent"/> -1 is the one-line form, else the level.</summary>
    static void Write(StringBuilder sb, JsonNode n, int indent)
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
                    Separate(sb, i, indent);
                    Write(sb, n.Items[i], indent < 0 ? -1 : indent + 1);
                }
                Close(sb, indent, ']');
                return;
            default:
                sb.Append('{');
                for (int i = 0; i < n.Fields!.Count; i++)
                {
                    Separate(sb, i, indent);
                    Escape(sb, n.Fields[i].Key);
                    sb.Append(": ");
                    Write(sb, n.Fields[i].Value, indent < 0 ? -1 : indent + 1);
                }
                Close(sb, indent, '}');
                return;
        }
    }

    static void Separate(StringBuilder sb, int i, int indent)
    {
        if (i > 0)
            sb.Append(indent < 0 ? ", " : ",");
        if (indent >= 0)
            sb.Append('\n').Append(' ', 4 * (indent + 1));
    }

    static void Close(StringBuilder sb, int indent, char close)
    {
        if (indent >= 0)
            sb.Append('\n').Append(' ', 4 * indent);
        sb.Append(close);
    }
}
