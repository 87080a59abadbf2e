using System.Globalization;
using System.Text.RegularExpressions;

namespace Tusk.SqlLogicTest;

/// <summary>
/// Parses sqllogictest files (SQLite's format, with DuckDB/CockroachDB extensions): records separated by blank
/// lines, <c>#</c> comments, <c>skipif</c>/<c>onlyif</c> conditions, connection names <c>con1</c>, <c>con2</c>, ...
/// See docs/testing.md for the exact rules.
/// </summary>
public static partial class SltParser
{
    [GeneratedRegex(@"^con[0-9]+$")]
    private static partial Regex ConnectionName();

    [GeneratedRegex(@"^([0-9]+) values hashing to ([0-9a-fA-F]{32})$")]
    private static partial Regex HashLine();

    [GeneratedRegex(@"^[ITR]+$")]
    private static partial Regex TypeString();

    /// <summary>True for a word that names a connection (<c>con</c> followed by digits).</summary>
    public static bool IsConnectionName(string word) => ConnectionName().IsMatch(word);

    public static IReadOnlyList<SltRecord> ParseFile(string path) => Parse(File.ReadAllText(path));

    public static IReadOnlyList<SltRecord> Parse(string text)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var records = new List<SltRecord>();
        var conditions = new List<Condition>();
        int i = 0;
        while (i < lines.Length)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                // A blank line ends a record; conditions never carry over a blank line.
                conditions.Clear();
                i++;
                continue;
            }
            if (line.StartsWith('#'))
            {
                i++;
                continue;
            }
            int headerLine = i + 1;
            string[] words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            i++;
            switch (words[0])
            {
                case "skipif":
                case "onlyif":
                    if (words.Length < 2)
                    {
                        throw new FormatException($"line {headerLine}: {words[0]} needs an engine name");
                    }
                    conditions.Add(new Condition(words[0] == "onlyif", words[1].ToLowerInvariant()));
                    continue;
                case "halt":
                    records.Add(new HaltRecord { Line = headerLine, Conditions = [.. conditions] });
                    break;
                case "hash-threshold":
                    if (words.Length < 2 || !int.TryParse(words[1], CultureInfo.InvariantCulture, out int threshold))
                    {
                        throw new FormatException($"line {headerLine}: hash-threshold needs a number");
                    }
                    records.Add(new HashThresholdRecord(threshold) { Line = headerLine, Conditions = [.. conditions] });
                    break;
                case "statement":
                    records.Add(ParseStatement(words, lines, ref i, headerLine, [.. conditions]));
                    break;
                case "query":
                    records.Add(ParseQuery(words, lines, ref i, headerLine, [.. conditions]));
                    break;
                default:
                    records.Add(new UnsupportedRecord(line) { Line = headerLine, Conditions = [.. conditions] });
                    SkipBlock(lines, ref i);
                    break;
            }
            conditions.Clear();
        }
        return records;
    }

    static StatementRecord ParseStatement(string[] words, string[] lines, ref int i, int headerLine, Condition[] conditions)
    {
        if (words.Length < 2 || (words[1] != "ok" && words[1] != "error"))
        {
            throw new FormatException($"line {headerLine}: expected 'statement ok' or 'statement error'");
        }
        var rest = words.Skip(2).ToList();
        string? connection = null;
        if (rest.Count > 0 && IsConnectionName(rest[0]))
        {
            connection = rest[0];
            rest.RemoveAt(0);
        }
        else if (rest.Count > 0 && IsConnectionName(rest[^1]))
        {
            connection = rest[^1];
            rest.RemoveAt(rest.Count - 1);
        }
        bool expectError = words[1] == "error";
        if (!expectError && rest.Count > 0)
        {
            throw new FormatException($"line {headerLine}: unexpected '{string.Join(' ', rest)}' after 'statement ok'");
        }
        string sql = ReadSql(lines, ref i, out bool separator);
        string? expected = rest.Count > 0 ? string.Join(' ', rest) : null;
        if (separator)
        {
            // DuckDB style: the expected error text on the lines after ----.
            var after = ReadBlock(lines, ref i);
            if (after.Count > 0)
            {
                expected = string.Join('\n', after);
            }
        }
        if (sql.Length == 0)
        {
            throw new FormatException($"line {headerLine}: statement without SQL");
        }
        return new StatementRecord
        {
            Line = headerLine,
            Conditions = conditions,
            Sql = sql,
            Connection = connection,
            ExpectError = expectError,
            ExpectedError = expected,
        };
    }

    static QueryRecord ParseQuery(string[] words, string[] lines, ref int i, int headerLine, Condition[] conditions)
    {
        if (words.Length < 2 || !TypeString().IsMatch(words[1]))
        {
            throw new FormatException($"line {headerLine}: 'query' needs column types made of I, T and R");
        }
        string types = words[1];
        var sort = SortMode.NoSort;
        string? label = null;
        string? connection = null;
        foreach (string word in words.Skip(2))
        {
            switch (word)
            {
                case "nosort":
                    sort = SortMode.NoSort;
                    break;
                case "rowsort":
                    sort = SortMode.RowSort;
                    break;
                case "valuesort":
                    sort = SortMode.ValueSort;
                    break;
                default:
                    if (IsConnectionName(word))
                    {
                        connection = word;
                    }
                    else if (label is null)
                    {
                        label = word;
                    }
                    else
                    {
                        throw new FormatException($"line {headerLine}: unexpected '{word}' in query header");
                    }
                    break;
            }
        }
        string sql = ReadSql(lines, ref i, out bool separator);
        if (sql.Length == 0)
        {
            throw new FormatException($"line {headerLine}: query without SQL");
        }
        var expected = separator ? ReadBlock(lines, ref i) : [];
        int? count = null;
        string? hash = null;
        if (expected.Count == 1 && HashLine().Match(expected[0]) is { Success: true } m)
        {
            count = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            hash = m.Groups[2].Value.ToLowerInvariant();
            expected = [];
        }
        return new QueryRecord
        {
            Line = headerLine,
            Conditions = conditions,
            Sql = sql,
            Connection = connection,
            Types = types,
            Sort = sort,
            Label = label,
            ExpectedLines = expected,
            HashValueCount = count,
            Hash = hash,
        };
    }

    /// <summary>SQL lines up to a blank line or <c>----</c> (consumed; <paramref name="separator"/> tells which).</summary>
    static string ReadSql(string[] lines, ref int i, out bool separator)
    {
        var sql = new List<string>();
        separator = false;
        while (i < lines.Length)
        {
            string line = lines[i];
            if (line.Trim().Length == 0)
            {
                break;
            }
            i++;
            if (line.TrimEnd() == "----")
            {
                separator = true;
                break;
            }
            sql.Add(line.TrimEnd());
        }
        return string.Join('\n', sql).Trim();
    }

    /// <summary>Trimmed lines up to a blank line or the end.</summary>
    static List<string> ReadBlock(string[] lines, ref int i)
    {
        var block = new List<string>();
        while (i < lines.Length && lines[i].Trim().Length > 0)
        {
            block.Add(lines[i].Trim());
            i++;
        }
        return block;
    }

    static void SkipBlock(string[] lines, ref int i) => ReadBlock(lines, ref i);
}
