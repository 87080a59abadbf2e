// CompatTable: the pass-count table as Markdown, and its place in docs/compatibility.md between two markers.
using System.Globalization;
using System.Text;

namespace Tusk.Compat;

public static class CompatTable
{
    public const string Begin = "<!-- compat:begin (written by ./compat --server both --update-docs) -->";
    public const string End = "<!-- compat:end -->";

    public static string Markdown(IReadOnlyList<(string Server, IReadOnlyList<SuiteCount> Counts)> columns, DateTime when)
    {
        var sb = new StringBuilder();
        string date = when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        sb.Append("| suite | counted | command |");
        foreach (var (server, _) in columns)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {server} ({date}) |");
        }
        sb.Append("\n|---|---|---|");
        sb.Append(string.Concat(columns.Select(_ => "---:|")));
        sb.Append('\n');
        var first = columns[0].Counts;
        for (int i = 0; i < first.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {first[i].Suite} | {first[i].Unit} | `{first[i].Command}` |");
            foreach (var (_, counts) in columns)
            {
                var c = counts[i];
                string skipped = c.Skipped > 0 ? $" ({c.Skipped:N0} skipped)" : "";
                sb.Append(CultureInfo.InvariantCulture, $" {c.Passed:N0} / {c.Total:N0}{skipped} |");
            }
            sb.Append('\n');
        }
        var notes = columns.SelectMany(col => col.Counts.Where(c => c.Note is not null)
            .Select(c => $"- {col.Server}, {c.Suite}: {c.Note}")).ToList();
        if (notes.Count > 0)
        {
            sb.Append('\n').AppendJoin('\n', notes).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Replaces the text between <see cref="Begin"/> and <see cref="End"/> with the table.</summary>
    public static void ReplaceInDocument(string path, string table)
    {
        string doc = File.ReadAllText(path);
        int b = doc.IndexOf(Begin, StringComparison.Ordinal);
        int e = doc.IndexOf(End, StringComparison.Ordinal);
        if (b < 0 || e < b)
        {
            throw new InvalidOperationException($"{path} has no {Begin} ... {End} block");
        }
        File.WriteAllText(path, doc[..(b + Begin.Length)] + "\n" + table + doc[e..]);
    }
}
