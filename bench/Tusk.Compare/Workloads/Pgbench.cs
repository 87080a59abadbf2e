using System.Globalization;
using System.Text.RegularExpressions;
using Tusk.Clusters;

namespace Tusk.Compare.Workloads;

/// <summary>
/// Runs PostgreSQL's pgbench against a workload's server and reads its output: what every pgbench-based workload
/// (connect, pgbench-init, tpcb-*, select-only-*) and the pgbench dataset share.
/// </summary>
public static partial class Pgbench
{
    /// <summary>
    /// Runs pgbench with <paramref name="args"/> against the context's server and database (TCP, no TLS, a 30 s
    /// connect timeout); returns whatever it printed, whatever its exit code.
    /// </summary>
    public static Task<CommandResult> RunAsync(
        WorkloadContext context, IEnumerable<string> args, TimeSpan timeout, CancellationToken ct)
    {
        var cluster = context.Cluster;
        return CommandRunner.RunAsync(
            context.Tool("pgbench"),
            [.. args, "-h", cluster.Host, "-p", $"{cluster.Port}", "-U", cluster.User, context.Database],
            timeout,
            ct,
            new Dictionary<string, string?> { ["PGCONNECT_TIMEOUT"] = "30", ["PGSSLMODE"] = "disable" });
    }

    /// <summary>
    /// Reads a benchmark run's output: "tps = N" as <c>tps</c>, "latency average = N ms" as <c>latency_avg</c> (when
    /// printed) and "number of failed transactions: N" as the failed count. Throws with pgbench's first error when
    /// it failed or printed no tps.
    /// </summary>
    public static WorkloadOutcome ParseRun(CommandResult result)
    {
        var tps = TpsLine().Match(result.StdOut);
        if (!result.Succeeded || !tps.Success)
        {
            throw Failure(result, "no \"tps =\" line in pgbench output");
        }
        var values = new Dictionary<string, double> { ["tps"] = Number(tps.Groups[1].Value) };
        var latency = LatencyLine().Match(result.StdOut);
        if (latency.Success)
        {
            values["latency_avg"] = Number(latency.Groups[1].Value);
        }
        var failed = FailedLine().Match(result.StdOut);
        return new WorkloadOutcome(values, failed.Success ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>
    /// The exception for a pgbench run that failed: its first error line, then the exit code (or
    /// <paramref name="whyIfExitZero"/> when it exited with 0 but printed nothing usable).
    /// </summary>
    public static InvalidOperationException Failure(CommandResult result, string whyIfExitZero) =>
        new($"{FirstError(result)} ({(result.Succeeded ? whyIfExitZero : $"pgbench exit {result.ExitCode}")})");

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

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

    [GeneratedRegex(@"^latency average = ([0-9]+(?:\.[0-9]+)?) ms", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"^number of failed transactions: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex FailedLine();
}
