// RegressRunner: runs pg_regress or pg_isolation_regress against a running cluster and reads what they report.
//
// A run: copy the input directory into a fresh world-readable temporary directory (the server process reads
// data/*.data through server-side COPY, and PostgreSQL runs as another OS user when we are root), run the driver
// with that as --inputdir and a sibling --outputdir, read its "test NAME ... ok|FAILED  N ms" lines, split
// regression.diffs into one diff per test, copy results/, diffs/ and a summary into the results directory, and
// remove the temporary directory — also when the run fails or is cancelled.
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tusk.Clusters;

namespace Tusk.PgRegress;

public sealed record RegressOptions
{
    /// <summary>Where results/, diffs/, regression.out, regression.diffs and summary.txt are kept (emptied first).</summary>
    public required string ResultsDirectory { get; init; }

    /// <summary>Receives the driver's output lines as they come.</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>Limit for the whole driver run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// statement_timeout for every session of the run (PGOPTIONS), so that one statement far too slow for the
    /// server under test fails that file instead of stalling the whole run; 0 = none.
    /// </summary>
    public int StatementTimeoutMs { get; init; } = 10_000;

    /// <summary>isolationtester cancels a step that waits longer than this (PGISOLATIONTIMEOUT).</summary>
    public int IsolationStepTimeoutSeconds { get; init; } = 60;
}

public sealed partial class RegressRunner(string pgBinDir)
{
    public string PgBinDir { get; } = pgBinDir;

    public async Task<RegressRun> RunAsync(ICluster cluster, RegressSuite suite, RegressOptions options, CancellationToken ct)
    {
        var names = suite.TestNames();
        string driver = suite.DriverPath(PgBinDir);
        if (!File.Exists(driver))
        {
            throw new FileNotFoundException($"{driver} not found (PostgreSQL 15's server package installs it)", driver);
        }
        string stage = ClusterBase.CreateOwnedTempDirectory(suite.Name);
        try
        {
            File.SetUnixFileMode(stage, ReadableDirectory);
            string input = Path.Combine(stage, "input");
            string output = Path.Combine(stage, "output");
            CopyTree(suite.InputDirectory, input);
            Directory.CreateDirectory(output);

            var args = new List<string>
            {
                $"--inputdir={input}",
                $"--outputdir={output}",
                $"--bindir={PgBinDir}",
                $"--host={cluster.Host}",
                $"--port={cluster.Port}",
                $"--user={cluster.User}",
            };
            if (suite.Kind == SuiteKind.Regress)
            {
                args.Add("--dlpath=/nonexistent");
            }
            if (suite.Tests.Count > 0)
            {
                args.AddRange(suite.Tests);
            }
            else
            {
                args.Add($"--schedule={Path.GetFullPath(suite.Schedule!)}");
            }
            var env = new Dictionary<string, string?>
            {
                ["PGISOLATIONTIMEOUT"] = options.IsolationStepTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                ["PGCONNECT_TIMEOUT"] = "30",
                ["PGSSLMODE"] = "disable",
                ["PGOPTIONS"] = options.StatementTimeoutMs > 0
                    ? $"-c statement_timeout={options.StatementTimeoutMs.ToString(CultureInfo.InvariantCulture)}" : null,
                ["PGDATABASE"] = null,
                ["PGSERVICE"] = null,
            };
            var started = DateTime.UtcNow;
            var result = await CommandRunner.RunAsync(
                driver, args, options.Timeout, ct, env, workingDirectory: stage,
                onOutputLine: options.Progress is { } log ? line => log.WriteLine(line) : null).ConfigureAwait(false);
            var elapsed = DateTime.UtcNow - started;

            var reported = ParseTestLines(result.StdOut);
            var diffs = SplitDiffs(Path.Combine(output, "regression.diffs"), stage);
            KeepResults(output, diffs, options.ResultsDirectory);
            var tests = names.Select(n => reported.TryGetValue(n, out var r)
                    ? r with { DiffFile = diffs.ContainsKey(n) ? Path.Combine("diffs", n + ".diff") : null }
                    : new TestResult(n, TestOutcome.NotRun, null, null, null))
                .ToList();
            string? setupError = reported.Count == 0 && !result.Succeeded ? SetupError(result) : null;
            var run = new RegressRun(
                suite, cluster.Name, tests, setupError, result.ExitCode, Path.GetFullPath(options.ResultsDirectory), elapsed);
            await File.WriteAllTextAsync(Path.Combine(options.ResultsDirectory, "summary.txt"), run.Report(), ct)
                .ConfigureAwait(false);
            return run;
        }
        finally
        {
            try
            {
                Directory.Delete(stage, recursive: true);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"warning: could not remove {stage}: {e.Message}");
            }
        }
    }

    const UnixFileMode ReadableDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    const UnixFileMode ReadableFile = UnixFileMode.UserRead | UnixFileMode.UserWrite
        | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Copies a directory tree, making it readable by every OS user.</summary>
    static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        File.SetUnixFileMode(to, ReadableDirectory);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            string target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, ReadableFile);
        }
        foreach (string dir in Directory.EnumerateDirectories(from))
        {
            CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    /// <summary>
    /// The drivers print one line per test: <c>test NAME ... ok  12 ms</c> (in a parallel group without "test"),
    /// the status being <c>ok</c>, <c>FAILED</c> or <c>failed (ignored)</c>, optionally followed by a reason in
    /// parentheses.
    /// </summary>
    public static Dictionary<string, TestResult> ParseTestLines(string stdout)
    {
        var tests = new Dictionary<string, TestResult>(StringComparer.Ordinal);
        foreach (string line in stdout.Split('\n'))
        {
            var m = TestLine().Match(line);
            if (!m.Success)
            {
                continue;
            }
            var outcome = m.Groups["status"].Value switch
            {
                "ok" => TestOutcome.Passed,
                "FAILED" => TestOutcome.Failed,
                _ => TestOutcome.FailedIgnored,
            };
            string name = m.Groups["name"].Value;
            string? detail = m.Groups["why"].Success ? m.Groups["why"].Value : null;
            tests[name] = new TestResult(
                name, outcome, int.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture), detail, null);
        }
        return tests;
    }

    [GeneratedRegex(@"^(?:test\s+|\s+)(?<name>\S+)\s+\.\.\.\s+(?<status>ok|FAILED|failed \(ignored\))(?:\s+\((?<why>[^)]*)\))?\s+(?<ms>\d+) ms\s*$")]
    private static partial Regex TestLine();

    /// <summary>
    /// regression.diffs holds one <c>diff -U3 EXPECTED results/NAME.out</c> section per failed test; returns them by
    /// test name with the temporary directory's paths made relative.
    /// </summary>
    public static Dictionary<string, string> SplitDiffs(string diffsFile, string stage)
    {
        var diffs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(diffsFile))
        {
            return diffs;
        }
        string? name = null;
        var current = new StringBuilder();
        foreach (string raw in File.ReadLines(diffsFile))
        {
            string line = raw
                .Replace(Path.Combine(stage, "input") + "/", "", StringComparison.Ordinal)
                .Replace(Path.Combine(stage, "output") + "/", "", StringComparison.Ordinal);
            if (line.StartsWith("diff ", StringComparison.Ordinal))
            {
                Flush();
                string resultFile = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
                name = Path.GetFileNameWithoutExtension(resultFile);
            }
            current.Append(line).Append('\n');
        }
        Flush();
        return diffs;

        void Flush()
        {
            if (name is not null)
            {
                diffs[name] = diffs.TryGetValue(name, out string? before) ? before + current : current.ToString();
            }
            current.Clear();
        }
    }

    static void KeepResults(string output, Dictionary<string, string> diffs, string resultsDirectory)
    {
        if (Directory.Exists(resultsDirectory))
        {
            Directory.Delete(resultsDirectory, recursive: true);
        }
        Directory.CreateDirectory(resultsDirectory);
        foreach (string file in new[] { "regression.out", "regression.diffs" })
        {
            string from = Path.Combine(output, file);
            if (File.Exists(from))
            {
                File.Copy(from, Path.Combine(resultsDirectory, file));
            }
        }
        string results = Path.Combine(output, "results");
        if (Directory.Exists(results))
        {
            CopyTree(results, Path.Combine(resultsDirectory, "results"));
        }
        if (diffs.Count > 0)
        {
            string dir = Directory.CreateDirectory(Path.Combine(resultsDirectory, "diffs")).FullName;
            foreach (var (name, diff) in diffs)
            {
                File.WriteAllText(Path.Combine(dir, name + ".diff"), diff);
            }
        }
    }

    /// <summary>
    /// Why the driver stopped before the first test (e.g. DROP DATABASE failed): the step it announced last
    /// (<c>===== dropping database "regression" =====</c>) and the first error line after it.
    /// </summary>
    static string SetupError(CommandResult result)
    {
        string? step = null;
        string? error = null;
        foreach (string raw in (result.StdOut + "\n" + result.StdErr).Split('\n'))
        {
            string line = raw.Trim();
            if (StepLine().Match(line) is { Success: true } m)
            {
                step = m.Groups[1].Value.Trim();
            }
            else if (error is null && (line.StartsWith("ERROR:", StringComparison.Ordinal)
                     || line.StartsWith("FATAL:", StringComparison.Ordinal)
                     || line.Contains("error:", StringComparison.Ordinal)))
            {
                error = NormalizeSpaces(line);
                break;
            }
        }
        error ??= $"driver exit {result.ExitCode}: {result.Tail(1)}";
        return step is null ? error : $"{step}: {error}";
    }

    [GeneratedRegex(@"^=+ (.+?) =+$")]
    private static partial Regex StepLine();

    static string NormalizeSpaces(string s) => string.Join(' ', s.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
