// The text form of a one-dimensional array as array_out writes it ({a,b,"double precision"}), for system-view
// columns that are arrays in PostgreSQL (regtype[], text[]) and are shown as text until array types exist.
using System.Text;

namespace Tusk.Backend.Catalog;

/// <summary>array_out's text for a list of element texts (no NULL elements).</summary>
public static class ArrayText
{
    public static string Format(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var sb = new StringBuilder("{");
        bool first = true;
        foreach (var item in items)
        {
            if (!first)
                sb.Append(',');
            first = false;
            if (NeedsQuotes(item))
            {
                sb.Append('"');
                foreach (char c in item)
                {
                    if (c is '"' or '\\')
                        sb.Append('\\');
                    sb.Append(c);
                }
                sb.Append('"');
            }
            else
            {
                sb.Append(item);
            }
        }
        return sb.Append('}').ToString();
    }

    /// <summary>Empty, NULL (any case), or holding a delimiter, brace, quote, backslash or white space.</summary>
    static bool NeedsQuotes(string s) =>
        s.Length == 0 || s.Equals("NULL", StringComparison.OrdinalIgnoreCase)
        || s.AsSpan().IndexOfAny("{},\"\\ \t\n\r\v\f") >= 0;
}
