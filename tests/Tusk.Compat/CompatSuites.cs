// CompatSuites: the four compatibility suites, run one after another against one cluster.
using System.Globalization;
using Tusk.Clusters;
using Tusk.PgRegress;
using Tusk.SqlLogicTest;

namespace Tusk.Compat;

/// <summary>One suite's count on one server.</summary>
/// <param name="Unit">What is counted: "records", "files", "specs".</param>
/// <param name="Note">Why nothing ran, or what was skipped, when that needs saying.</param>
public sealed record SuiteCount(string Suite, string Command, string Unit, int Passed, int Total, int Skipped, string? Note);

public sealed class CompatSuites(string root, string pgBinDir, string resultsDirectory)
{
    public async Task<IReadOnlyList<SuiteCount>> RunAllAsync(ICluster cluster, string engine, CancellationToken ct)
    {
        Directory.CreateDirectory(resultsDirectory);
        return
        [
            await SqlLogicTestAsync(
                cluster, engine, "Tusk's SQL files, tests/sql", "tusk-slt --files tests/sql",
                Path.Combine(root, "tests", "sql"), "tests-sql.log", ct),
            await SqlLogicTestAsync(
                cluster, engine, "SQLite sqllogictest select1-5", "tusk-slt --files tests/corpus/sqllogictest",
                Path.Combine(root, "tests", "corpus", "sqllogictest"), "sqlite.log", ct),
            await RegressAsync(cluster, SuiteKind.Regress, "pg_regress, curated schedule", "files", ct),
            await RegressAsync(cluster, SuiteKind.Isolation, "isolation, curated schedule", "specs", ct),
        ];
    }

    async Task<SuiteCount> SqlLogicTestAsync(
        ICluster cluster, string engine, string suite, string command, string dir, string logName, CancellationToken ct)
    {
        Console.Error.WriteLine($"{cluster.Name}: {suite}");
        await using var log = new StreamWriter(Path.Combine(resultsDirectory, logName));
        var runner = new SltRunner(cluster.ConnectionString, new RunnerOptions { Engine = engine, Log = log });
        var summary = await runner.RunFilesAsync(TestFiles.Expand([dir]), ct);
        int total = summary.Passed + summary.Failed + summary.Skipped;
        string? note = summary.Skipped > 0 ? $"{summary.Skipped} skipped" : null;
        return new SuiteCount(suite, command, "records", summary.Passed, total, summary.Skipped, note);
    }

    async Task<SuiteCount> RegressAsync(ICluster cluster, SuiteKind kind, string suite, string unit, CancellationToken ct)
    {
        Console.Error.WriteLine($"{cluster.Name}: {suite}");
        var regress = RegressSuite.Curated(kind, root);
        var run = await new RegressRunner(pgBinDir).RunAsync(
            cluster, regress, new RegressOptions { ResultsDirectory = Path.Combine(resultsDirectory, regress.Name) }, ct);
        string? note = run.SetupError is not null
            ? $"set-up failed: {run.SetupError}"
            : run.Failed > 0
                ? "failed: " + string.Join(", ", run.Tests.Where(t => t.Outcome != TestOutcome.Passed).Select(t => t.Name))
                : null;
        return new SuiteCount(
            suite, $"tusk-regress --suite {regress.Name}", unit, run.Passed, run.Total, 0, note);
    }
}
