// tusk.conf reader, in postgresql.conf's syntax: "name = value" or "name value", '#' comments,
// single-quoted values with '' or \' escapes. Unknown names and bad lines are reported with their line number.
using System.Text;

namespace Tusk.Common.Guc;

/// <summary>One "name = value" line of a configuration file.</summary>
public readonly record struct ConfigItem(string Name, string Value, int Line);

/// <summary>Parser for postgresql.conf-format files.</summary>
public static class ConfigFile
{
    /// <summary>Parses the text; syntax errors are collected as messages rather than thrown.</summary>
    public static List<ConfigItem> Parse(string text, string fileName, List<string> errors)
    {
        var items = new List<ConfigItem>();
        int lineNo = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNo++;
            string line = rawLine.TrimEnd('\r');
            int i = 0;
            SkipSpace(line, ref i);
            if (i >= line.Length || line[i] == '#')
                continue;
            int start = i;
            while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or '.'))
                i++;
            if (i == start)
            {
                errors.Add($"syntax error in file \"{fileName}\" line {lineNo}, near token \"{line[start..].Trim()}\"");
                continue;
            }
            string name = line[start..i];
            SkipSpace(line, ref i);
            if (i < line.Length && line[i] == '=')
            {
                i++;
                SkipSpace(line, ref i);
            }
            string value;
            if (i < line.Length && line[i] == '\'')
            {
                var sb = new StringBuilder();
                i++;
                bool closed = false;
                while (i < line.Length)
                {
                    char c = line[i];
                    if (c == '\'' && i + 1 < line.Length && line[i + 1] == '\'')
                    {
                        sb.Append('\'');
                        i += 2;
                    }
                    else if (c == '\\' && i + 1 < line.Length)
                    {
                        sb.Append(line[i + 1]);
                        i += 2;
                    }
                    else if (c == '\'')
                    {
                        closed = true;
                        i++;
                        break;
                    }
                    else
                    {
                        sb.Append(c);
                        i++;
                    }
                }
                if (!closed)
                {
                    errors.Add($"syntax error in file \"{fileName}\" line {lineNo}, near end of line");
                    continue;
                }
                value = sb.ToString();
            }
            else
            {
                int vs = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] != '#')
                    i++;
                value = line[vs..i];
                if (value.Length == 0)
                {
                    errors.Add($"syntax error in file \"{fileName}\" line {lineNo}, near end of line");
                    continue;
                }
            }
            SkipSpace(line, ref i);
            if (i < line.Length && line[i] != '#')
            {
                errors.Add($"syntax error in file \"{fileName}\" line {lineNo}, near token \"{line[i..].Trim()}\"");
                continue;
            }
            items.Add(new ConfigItem(name, value, lineNo));
        }
        return items;
    }

    static void SkipSpace(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
            i++;
    }

    /// <summary>Quotes a value for writing into a configuration file.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
