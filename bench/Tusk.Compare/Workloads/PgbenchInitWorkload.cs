using System.Text.RegularExpressions;

namespace Tusk.Compare.Workloads;

/// <summary>
/// Load time: <c>pgbench -i -s 10</c> (--quick: <c>-s 2</c>) in the cluster's own database, every repetition
/// (pgbench -i drops and recreates its tables). Reports pgbench's own "done in X s" figure and three of the steps
/// it times: client-side generate (COPY of pgbench_accounts), vacuum and primary keys.
/// With <c>copyOnly</c> (<c>pgbench-copy</c>): <c>pgbench -i -I dtg -s 10</c> in both modes, only dropping,
/// creating and filling the tables (COPY FROM STDIN of 1 M pgbench_accounts rows), no vacuum and no keys.
/// </summary>
public sealed partial class PgbenchInitWorkload(bool copyOnly = false) : IWorkload
{
    public const int Scale = 10;

    public const int QuickScale = 2;

    public string Name => copyOnly ? "pgbench-copy" : "pgbench-init";

    public string Description => copyOnly
        ? $"pgbench -i -I dtg -s {Scale} (also with --quick) in database postgres, again every repetition: "
            + "drop, create, COPY FROM STDIN only"
        : $"pgbench -i -s {Scale} (quick: -s {QuickScale}) in database postgres, again every repetition: load time";

    public IReadOnlyList<string> Groups => copyOnly ? ["pgbench", "load"] : ["pgbench"];

    public IReadOnlyList<MetricDefinition> Metrics => copyOnly ? CopyMetrics : InitMetrics;

    static readonly MetricDefinition[] InitMetrics =
    [
        new("total", "load time (pgbench \"done in\")", "s", HigherIsBetter: false, Decimals: 2),
        new("generate", "of which client-side generate (COPY)", "s", HigherIsBetter: false, Decimals: 2),
        new("vacuum", "of which vacuum", "s", HigherIsBetter: false, Decimals: 2),
        new("primary_keys", "of which primary keys", "s", HigherIsBetter: false, Decimals: 2),
    ];

    static readonly MetricDefinition[] CopyMetrics =
    [
        new("total", "load time, steps dtg (pgbench \"done in\")", "s", HigherIsBetter: false, Decimals: 2),
        new("generate", "of which client-side generate (COPY)", "s", HigherIsBetter: false, Decimals: 2),
    ];

    public async Task<WorkloadOutcome> RunAsync(WorkloadContext context, CancellationToken ct)
    {
        int scale = context.Quick && !copyOnly ? QuickScale : Scale;
        string[] args = copyOnly ? ["-i", "-I", "dtg", "-s", $"{scale}"] : ["-i", "-s", $"{scale}"];
        var result = await Pgbench.RunAsync(context, args, TimeSpan.FromMinutes(10), ct).ConfigureAwait(false);
        // "done in 1.01 s (drop tables 0.00 s, create tables 0.00 s, client-side generate 0.56 s, vacuum 0.10 s,
        // primary keys 0.34 s)." on stderr.
        var done = DoneLine().Match(result.StdErr + "\n" + result.StdOut);
        if (!result.Succeeded || !done.Success)
        {
            throw Pgbench.Failure(result, "no \"done in\" line in pgbench output");
        }
        var values = new Dictionary<string, double> { ["total"] = Pgbench.Number(done.Groups[1].Value) };
        foreach (Match step in Step().Matches(done.Groups[2].Value))
        {
            string? key = step.Groups[1].Value switch
            {
                "client-side generate" => "generate",
                "vacuum" => "vacuum",
                "primary keys" => "primary_keys",
                _ => null,
            };
            if (key is not null)
            {
                values[key] = Pgbench.Number(step.Groups[2].Value);
            }
        }
        return new WorkloadOutcome(values, 0);
    }

    [GeneratedRegex(@"^done in ([0-9]+(?:\.[0-9]+)?) s \(([^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex DoneLine();

    [GeneratedRegex(@"(?:^|, )([a-z][a-z -]*) ([0-9]+(?:\.[0-9]+)?) s")]
    private static partial Regex Step();
}
