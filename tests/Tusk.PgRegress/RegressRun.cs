// RegressRun: what one run of a driver produced, per test and in total.
using System.Globalization;
using System.Text;

namespace Tusk.PgRegress;

public enum TestOutcome
{
    Passed,
    Failed,

    /// <summary>Failed, but the schedule marks it <c>ignore:</c> (counts as not passed).</summary>
    FailedIgnored,

    /// <summary>The driver never got to it (set-up failed, or the run was stopped).</summary>
    NotRun,
}

/// <param name="Detail">Extra words from the driver (e.g. "test process exited with exit code 2").</param>
/// <param name="DiffFile">The kept diff of a failed test, relative to the results directory.</param>
public sealed record TestResult(string Name, TestOutcome Outcome, int? Milliseconds, string? Detail, string? DiffFile)
{
    public string Label => Outcome switch
    {
        TestOutcome.Passed => "ok",
        TestOutcome.Failed => "FAILED",
        TestOutcome.FailedIgnored => "failed (ignored)",
        _ => "not run",
    };
}

/// <param name="Server">Display name of the server, e.g. "PostgreSQL" or "Tusk".</param>
/// <param name="SetupError">Why the driver stopped before running tests, or null.</param>
/// <param name="ResultsDirectory">Where results/, diffs/, regression.diffs and summary.txt were kept.</param>
public sealed record RegressRun(
    RegressSuite Suite,
    string Server,
    IReadOnlyList<TestResult> Tests,
    string? SetupError,
    int DriverExitCode,
    string ResultsDirectory,
    TimeSpan Elapsed)
{
    public int Passed => Tests.Count(t => t.Outcome == TestOutcome.Passed);

    public int Total => Tests.Count;

    public int Failed => Total - Passed;

    /// <summary>"regress on PostgreSQL: 35 of 36 passed (1 failed)".</summary>
    public string Headline
    {
        get
        {
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"{Suite.Name} on {Server}: {Passed} of {Total} passed");
            int notRun = Tests.Count(t => t.Outcome == TestOutcome.NotRun);
            int failed = Failed - notRun;
            if (failed > 0 || notRun > 0)
            {
                sb.Append(" (");
                sb.Append(string.Join(", ", new[] { (failed, "failed"), (notRun, "not run") }
                    .Where(p => p.Item1 > 0).Select(p => $"{p.Item1} {p.Item2}")));
                sb.Append(')');
            }
            if (SetupError is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $"; set-up failed: {SetupError}");
            }
            return sb.ToString();
        }
    }

    /// <summary>One line per test and the headline, as written to summary.txt and printed by tusk-regress.</summary>
    public string Report()
    {
        var sb = new StringBuilder();
        foreach (var t in Tests)
        {
            string ms = t.Milliseconds is { } m ? string.Create(CultureInfo.InvariantCulture, $"{m,7} ms") : "";
            string extra = t.Detail is null ? "" : $" ({t.Detail})";
            string diff = t.DiffFile is null ? "" : $"  {t.DiffFile}";
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{t.Name,-30} {t.Label + extra,-18}{ms}{diff}").TrimEnd())
                .Append('\n');
        }
        sb.Append(Headline).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"results and diffs: {ResultsDirectory}\n");
        return sb.ToString();
    }
}
