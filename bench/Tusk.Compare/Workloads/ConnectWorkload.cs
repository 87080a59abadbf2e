using System.Globalization;
using System.Text.RegularExpressions;
using Tusk.Clusters;

namespace Tusk.Compare.Workloads;

/// <summary>
/// Connection cost: pgbench with a new connection per transaction (-C) running <c>SELECT 1;</c>, 10 s (3 s with
/// --quick). `connect`: 4 clients, 2 threads (throughput: the machine's CPUs are the limit). `connect-1`: one
/// client (latency of a single connection; a pre-started backend keeps process creation off that path).
/// Reports transactions per second, reconnection included.
/// </summary>
public sealed partial class ConnectWorkload(int clients = 4, int threads = 2) : IWorkload
{
    public string Name => clients == 4 ? "connect" : $"connect-{clients}";

    public string Description =>
        $"pgbench -n -C -f select1.sql -c {clients} -j {threads} -T 10 (quick: -T 3): new connection per transaction";

    public IReadOnlyList<MetricDefinition> Metrics { get; } =
        [new("tps", "connections/s (pgbench -C tps)", "tps", HigherIsBetter: true)];

    public async Task<WorkloadOutcome> RunAsync(WorkloadContext context, CancellationToken ct)
    {
        string script = Path.Combine(context.WorkDirectory, "select1.sql");
        await File.WriteAllTextAsync(script, "SELECT 1;\n", ct).ConfigureAwait(false);
        int seconds = context.Quick ? 3 : 10;
        var cluster = context.Cluster;
        var result = await CommandRunner.RunAsync(
            context.Tool("pgbench"),
            [
                "-n", "-C", "-f", script, "-c", $"{clients}", "-j", $"{threads}", "-T", $"{seconds}",
                "-h", cluster.Host, "-p", $"{cluster.Port}", "-U", cluster.User, cluster.Database,
            ],
            TimeSpan.FromSeconds(seconds + 120),
            ct,
            new Dictionary<string, string?> { ["PGCONNECT_TIMEOUT"] = "30", ["PGSSLMODE"] = "disable" })
            .ConfigureAwait(false);
        return Parse(result);
    }

    /// <summary>Reads "tps = N" and "number of failed transactions: N" from pgbench's output.</summary>
    public static WorkloadOutcome Parse(CommandResult result)
    {
        var tps = TpsLine().Match(result.StdOut);
        var failed = FailedLine().Match(result.StdOut);
        long failedCount = failed.Success ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        if (!result.Succeeded || !tps.Success)
        {
            string why = result.Succeeded ? "no \"tps =\" line in pgbench output" : $"pgbench exit {result.ExitCode}";
            throw new InvalidOperationException($"{FirstError(result)} ({why})");
        }
        return new WorkloadOutcome(
            new Dictionary<string, double> { ["tps"] = double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture) },
            failedCount);
    }

    static string FirstError(CommandResult result)
    {
        // pgbench repeats the same connection error for every client: the first distinct line says it.
        var line = (result.StdErr + "\n" + result.StdOut)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)
                || l.Contains("fatal", StringComparison.OrdinalIgnoreCase)
                || l.Contains("abort", StringComparison.OrdinalIgnoreCase));
        line ??= result.Tail(2);
        foreach (string prefix in new[] { "pgbench: error: ", "pgbench: fatal: ", "pgbench: " })
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..];
            }
        }
        return line;
    }

    [GeneratedRegex(@"^tps = ([0-9]+(?:\.[0-9]+)?)", RegexOptions.Multiline)]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"^number of failed transactions: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex FailedLine();
}
