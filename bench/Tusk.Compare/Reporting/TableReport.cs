using System.Globalization;
using System.Text;
using Tusk.Compare.Storage;

namespace Tusk.Compare.Reporting;

/// <summary>The result table as plain text (console) and as Markdown.</summary>
public static class TableReport
{
    const int ConsoleErrorWidth = 60;

    public static string Text(RunReport report)
    {
        var rows = Rows(report, ConsoleErrorWidth);
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var sb = new StringBuilder();
        for (int r = 0; r < rows.Count; r++)
        {
            sb.AppendLine(string.Join("  ", rows[r].Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            if (r == 0)
            {
                sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }
        if (report.Preparations.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("datasets (prepared once per server, not timed):");
            foreach (var p in report.Preparations)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {p.Name}: {Preparation(report, p, ConsoleErrorWidth)}");
            }
        }
        if (report.FsyncLimit is { } fsync)
        {
            sb.AppendLine();
            sb.AppendLine(FsyncLine(fsync));
        }
        if (report.Workloads.Any(w => w.Name.StartsWith("commit-rate", StringComparison.Ordinal) || w.Name == "bulk-load"))
        {
            sb.AppendLine();
            sb.AppendLine(StorageCaveat);
        }
        AppendErrors(sb, report, markdown: false);
        return sb.ToString();
    }

    public static string Markdown(RunReport report, string? chartFile)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# bench/compare: {report.Timestamp}");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Mode **{report.Mode}**, {report.Repetitions} repetitions (servers alternate inside each repetition), "
            + $"{report.DurationSeconds:0} s in all; {report.ProcessorCount} CPUs, Linux {report.Kernel}.");
        sb.AppendLine("Cells: median (min–max) over repetitions. Ratios are paired per repetition "
            + "(target ÷ baseline of the same repetition); ↑ higher is better, ↓ lower is better.");
        sb.AppendLine();
        var rows = Rows(report, errorWidth: 160);
        sb.AppendLine("| " + string.Join(" | ", rows[0]) + " |");
        sb.AppendLine("|" + string.Join("|", rows[0].Select((_, c) => c < 3 ? "---" : "---:")) + "|");
        foreach (var row in rows.Skip(1))
        {
            sb.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }
        sb.AppendLine();
        if (chartFile is not null)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"![ratios]({chartFile})");
            sb.AppendLine();
        }
        if (report.FsyncLimit is { } fsync)
        {
            sb.AppendLine(FsyncLine(fsync));
            sb.AppendLine();
        }
        if (report.Workloads.Any(w => w.Name.StartsWith("commit-rate", StringComparison.Ordinal) || w.Name == "bulk-load"))
        {
            sb.AppendLine(StorageCaveat);
            sb.AppendLine();
        }
        sb.AppendLine("## Servers");
        sb.AppendLine();
        foreach (var t in report.Targets)
        {
            string env = t.Environment.Count == 0
                ? ""
                : " — environment: " + string.Join(", ", t.Environment.Select(e => $"`{e.Key}={e.Value ?? "(unset)"}`"));
            string state = t.StartError is null ? t.Version ?? "?" : $"did not start: {t.StartError}";
            sb.AppendLine(CultureInfo.InvariantCulture, $"- **{t.Name}**: {state}{env}");
        }
        sb.AppendLine();
        sb.AppendLine("Settings for every server: " + string.Join(", ", report.Settings.Select(s => $"`{s.Key} = {s.Value}`")));
        sb.AppendLine();
        sb.AppendLine("## Workloads");
        sb.AppendLine();
        foreach (var w in report.Workloads)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- `{w.Name}`: {w.Description}");
        }
        if (report.Preparations.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Datasets");
            sb.AppendLine();
            sb.AppendLine("Prepared once per server before the repetitions; not part of any figure.");
            sb.AppendLine();
            foreach (var p in report.Preparations)
            {
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"- `{p.Name}`: {p.Description} — {Preparation(report, p, errorWidth: 160)}");
            }
        }
        var notes = report.Workloads.SelectMany(w => report.Targets.Select((t, i) => (w, t, i)))
            .SelectMany(x => x.w.Notes[x.i].Select(n => $"- `{x.w.Name}` on {x.t.Name}: {n}")).ToList();
        if (notes.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Notes");
            sb.AppendLine();
            notes.ForEach(n => sb.AppendLine(n));
        }
        var errors = new StringBuilder();
        AppendErrors(errors, report, markdown: true);
        if (errors.Length > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Failures");
            sb.AppendLine();
            sb.Append(errors);
        }
        return sb.ToString();
    }

    /// <summary>What the storage workloads compare, said beside their figures.</summary>
    const string StorageCaveat =
        "storage workloads (commit-rate-*, bulk-load): PostgreSQL runs SQL (pgbench INSERT, COPY); Tusk has no SQL "
        + "INSERT/COPY yet, so its side calls the access interface directly (HeapRelation.Insert/MultiInsert + "
        + "Xact.Commit(synchronous)) from worker processes on a data directory of their own, without a server, "
        + "parser or executor; its bulk-load rows are opaque bytes (no tuple formation), which flatters Tusk slightly.";

    static string FsyncLine(FsyncLimit f) =>
        $"disk fsync limit ({FsyncLimit.Command}, same file system as both data directories): {f.Line}"
        + (f.OpsPerSecond is null ? "" : " — one client cannot commit faster; 8 clients above it is group commit");

    static List<string[]> Rows(RunReport report, int errorWidth)
    {
        var targets = report.Targets;
        var header = new List<string> { "workload", "metric", "unit" };
        header.AddRange(targets.Select(t => t.Name));
        header.AddRange(targets.Skip(1).Select(t => $"{t.ShortName}/{targets[0].ShortName}"));
        header.Add("failed tx (" + string.Join(" / ", targets.Select(t => t.ShortName)) + ")");
        var rows = new List<string[]> { header.ToArray() };
        foreach (var w in report.Workloads)
        {
            bool first = true;
            foreach (var m in w.Metrics)
            {
                var row = new List<string>
                {
                    first ? w.Name : "",
                    m.Label + (m.HigherIsBetter ? " ↑" : " ↓"),
                    m.Unit,
                };
                for (int i = 0; i < targets.Count; i++)
                {
                    row.Add(Cell(m.Values[i], m.Decimals, report.Repetitions, w.Errors[i], w.Notes[i], errorWidth));
                }
                row.AddRange(m.Ratios.Select(r => r.Ratio.Median is null ? "–" : Range(r.Ratio, 2)));
                row.Add(first ? string.Join(" / ", w.FailedTransactions.Select(f => f?.ToString(CultureInfo.InvariantCulture) ?? "–")) : "");
                rows.Add(row.ToArray());
                first = false;
            }
        }
        return rows;
    }

    /// <summary>"PostgreSQL 7.9 s, Tusk fails: ..." for one dataset.</summary>
    static string Preparation(RunReport report, PreparationReport p, int errorWidth) =>
        string.Join(", ", report.Targets.Select((t, i) => p.Errors[i] is { } error
            ? $"{t.Name} fails: {Truncate(error, errorWidth)}"
            : string.Create(CultureInfo.InvariantCulture, $"{t.Name} {p.Seconds[i]:0.0} s")));

    static string Cell(
        Summary s, int decimals, int reps, IReadOnlyList<string> errors, IReadOnlyList<string> notes, int errorWidth)
    {
        if (s.Median is null)
        {
            // No error but no value either: the workload left this metric out and says why in its note.
            string why = errors.FirstOrDefault() ?? (notes.Count > 0 ? "not measured: " + notes[0] : "no value");
            return "fails: " + Truncate(why, errorWidth);
        }
        string text = Range(s, decimals);
        return s.FailedRepetitions > 0 ? $"{text} [{s.FailedRepetitions}/{reps} reps failed]" : text;
    }

    static string Range(Summary s, int decimals)
    {
        string f = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Median!.Value.ToString(f, CultureInfo.InvariantCulture)} ({s.Min!.Value.ToString(f, CultureInfo.InvariantCulture)}–{s.Max!.Value.ToString(f, CultureInfo.InvariantCulture)})");
    }

    static void AppendErrors(StringBuilder sb, RunReport report, bool markdown)
    {
        bool any = false;
        foreach (var w in report.Workloads)
        {
            for (int i = 0; i < report.Targets.Count; i++)
            {
                foreach (string e in w.Errors[i])
                {
                    if (!any && !markdown)
                    {
                        sb.AppendLine();
                        sb.AppendLine("failures:");
                    }
                    any = true;
                    sb.AppendLine(markdown
                        ? $"- `{w.Name}` on {report.Targets[i].Name}: {e}"
                        : $"  {w.Name} on {report.Targets[i].Name}: {e}");
                }
            }
        }
    }

    static string Truncate(string s, int width) => s.Length <= width ? s : s[..(width - 1)] + "…";
}
