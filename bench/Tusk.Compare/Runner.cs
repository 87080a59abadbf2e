using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Tusk.Clusters;
using Tusk.Compare.Workloads;

namespace Tusk.Compare;

/// <summary>One server under test: a cluster, its settings and its start error if it did not come up.</summary>
public sealed class Target
{
    public required string Name { get; init; }

    public required string ShortName { get; init; }

    public required ICluster Cluster { get; init; }

    public required ClusterSettings Settings { get; init; }

    public string? StartError { get; set; }

    public string? Version { get; set; }

    /// <summary>Every server process seen during the run, to check at the end that none is left.</summary>
    public HashSet<ProcInfo> SeenProcesses { get; } = [];

    public TargetInfo Info() => new(Name, ShortName, Version, Settings.Environment, StartError);
}

/// <summary>One repetition of one workload on one target.</summary>
public sealed record Sample(int Repetition, WorkloadOutcome? Outcome, string? Error, double Seconds);

/// <summary>Starts the targets, runs the workloads alternating between targets, and summarizes.</summary>
public sealed class Runner
{
    readonly IReadOnlyList<Target> _targets;
    readonly IReadOnlyList<IWorkload> _workloads;
    readonly Options _options;
    readonly string _pgBinDir;
    readonly string _workDirectory;

    /// <summary>Per dataset and target: null once prepared, else why preparation failed.</summary>
    readonly Dictionary<(IDataset, Target), string?> _prepared = [];

    public Runner(IReadOnlyList<Target> targets, IReadOnlyList<IWorkload> workloads, Options options, string pgBinDir,
        string workDirectory)
    {
        _targets = targets;
        _workloads = workloads;
        _options = options;
        _pgBinDir = pgBinDir;
        _workDirectory = workDirectory;
    }

    /// <summary>Starts every target one after the other; a target that fails to start is recorded, not thrown.</summary>
    public async Task StartAllAsync(CancellationToken ct)
    {
        foreach (var t in _targets)
        {
            if (t.Cluster is TuskCluster && _workloads.All(w => !w.UsesTuskServer))
            {
                t.Version = "no server started: the storage workloads use Tusk's access interface directly";
                Console.Error.WriteLine($"{t.Name}: {t.Version}");
                continue;
            }
            Console.Error.WriteLine($"starting {t.Name} ...");
            var sw = Stopwatch.StartNew();
            try
            {
                await t.Cluster.StartAsync(t.Settings, ct).ConfigureAwait(false);
                t.Version = await VersionAsync(t, ct).ConfigureAwait(false);
                Remember(t);
                Console.Error.WriteLine(
                    $"  {t.Name} up on port {t.Cluster.Port} in {sw.Elapsed.TotalSeconds:0.0} s: {t.Version}");
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                t.StartError = Describe(e);
                Console.Error.WriteLine($"  {t.Name} did not start: {t.StartError}");
            }
        }
    }

    /// <summary>
    /// Prepares every dataset the workloads need, once per target that started (in workload order, targets one
    /// after the other), before any repetition; a failure is recorded and reported by every repetition of the
    /// workloads that need it.
    /// </summary>
    public async Task<List<PreparationReport>> PrepareAllAsync(CancellationToken ct)
    {
        var reports = new List<PreparationReport>();
        foreach (var dataset in _workloads.Select(w => w.Dataset).OfType<IDataset>().Distinct())
        {
            var seconds = new List<double?>();
            var errors = new List<string?>();
            foreach (var t in _targets)
            {
                var (time, error) = t.StartError is null
                    ? await PrepareAsync(dataset, t, ct).ConfigureAwait(false)
                    : (0, "server did not start");
                seconds.Add(error is null ? Math.Round(time, 1) : null);
                errors.Add(error);
            }
            reports.Add(new PreparationReport(dataset.Name, dataset.Description, seconds, errors));
        }
        return reports;
    }

    async Task<(double Seconds, string? Error)> PrepareAsync(IDataset dataset, Target t, CancellationToken ct)
    {
        Console.Error.WriteLine($"preparing {dataset.Name} on {t.Name} ...");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromMinutes(30));
        var sw = Stopwatch.StartNew();
        string? error = null;
        try
        {
            await dataset.PrepareAsync(Context(t), limit.Token).ConfigureAwait(false);
            Remember(t);
            Console.Error.WriteLine($"  {dataset.Name} on {t.Name}: ready in {sw.Elapsed.TotalSeconds:0.0} s");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            error = Failure(e, t, "timed out after 30 min");
            Console.Error.WriteLine($"  {dataset.Name} on {t.Name}: fails: {error}");
        }
        _prepared[(dataset, t)] = error;
        return (sw.Elapsed.TotalSeconds, error);
    }

    /// <summary>Runs repetitions x workloads x targets (targets alternate inside each repetition).</summary>
    public async Task<Dictionary<IWorkload, List<Sample>[]>> RunAsync(CancellationToken ct)
    {
        var samples = _workloads.ToDictionary(w => w, _ => _targets.Select(_ => new List<Sample>()).ToArray());
        for (int rep = 1; rep <= _options.Repetitions; rep++)
        {
            foreach (var w in _workloads)
            {
                for (int i = 0; i < _targets.Count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    var sample = await RunOneAsync(w, _targets[i], rep, ct).ConfigureAwait(false);
                    samples[w][i].Add(sample);
                }
            }
        }
        return samples;
    }

    async Task<Sample> RunOneAsync(IWorkload w, Target t, int rep, CancellationToken ct)
    {
        string prefix = $"[{rep}/{_options.Repetitions}] {w.Name} on {t.Name}";
        if (t.StartError is not null && UsesServer(w, t))
        {
            Console.Error.WriteLine($"{prefix}: skipped, server did not start");
            return new Sample(rep, null, $"did not start: {t.StartError}", 0);
        }
        if (w.Dataset is { } dataset && _prepared.GetValueOrDefault((dataset, t)) is { } unprepared)
        {
            Console.Error.WriteLine($"{prefix}: skipped, {dataset.Name} could not be prepared");
            return new Sample(rep, null, $"{unprepared} [preparing {dataset.Name}]", 0);
        }
        var context = Context(t);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromMinutes(10));
        var sw = Stopwatch.StartNew();
        try
        {
            var outcome = await w.RunAsync(context, limit.Token).ConfigureAwait(false);
            Remember(t);
            string values = string.Join(", ", w.Metrics.Where(m => outcome.Values.ContainsKey(m.Key))
                .Select(m => $"{m.Key}={outcome.Values[m.Key].ToString($"F{m.Decimals}", CultureInfo.InvariantCulture)}"));
            Console.Error.WriteLine(
                $"{prefix}: {values}, failed={outcome.FailedTransactions} ({sw.Elapsed.TotalSeconds:0.0} s)"
                + (outcome.Note is null ? "" : $"; {outcome.Note}"));
            return new Sample(rep, outcome, null, sw.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            string error = UsesServer(w, t) ? Failure(e, t, "timed out after 10 min") : Describe(e);
            Console.Error.WriteLine($"{prefix}: fails: {error}");
            return new Sample(rep, null, error, sw.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Interrupted: Ctrl-C reaches the workload's client processes too (one process group), so pgbench may
            // exit 130 before the token is seen; whatever the workload failed with then is the interruption.
            throw new OperationCanceledException("interrupted", e, ct);
        }
    }

    /// <summary>Whether the workload talks to this target's server (every PostgreSQL one does).</summary>
    static bool UsesServer(IWorkload w, Target t) => t.Cluster is not TuskCluster || w.UsesTuskServer;

    WorkloadContext Context(Target t) => new()
    {
        Cluster = t.Cluster,
        Quick = _options.Quick,
        PgBinDir = _pgBinDir,
        WorkDirectory = _workDirectory,
    };

    /// <summary>The error message for a failed run or preparation, saying so when the server has gone down.</summary>
    static string Failure(Exception e, Target t, string timedOut)
    {
        string error = e is OperationCanceledException ? timedOut : Describe(e);
        if (t.Cluster.PostmasterPid is null)
        {
            error += " (server is down: " + OneLine(t.Cluster.LogTail(2)) + ")";
        }
        return error;
    }

    void Remember(Target t)
    {
        foreach (var p in t.Cluster.ServerProcesses())
        {
            t.SeenProcesses.Add(p);
        }
    }

    static async Task<string?> VersionAsync(Target t, CancellationToken ct)
    {
        try
        {
            var context = new WorkloadContext
            {
                Cluster = t.Cluster, Quick = true, PgBinDir = "", WorkDirectory = "",
            };
            await using var dataSource = context.CreateDataSource();
            await using var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand("SELECT version()", conn);
            return (await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))?.ToString();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or InvalidCastException)
        {
            return $"(version unknown: {OneLine(e.Message)})";
        }
    }

    /// <summary>Builds the report model from the samples.</summary>
    public static List<WorkloadReport> Summarize(
        IReadOnlyList<IWorkload> workloads, Dictionary<IWorkload, List<Sample>[]> samples, IReadOnlyList<Target> targets)
    {
        var reports = new List<WorkloadReport>();
        foreach (var w in workloads)
        {
            var perTarget = samples[w];
            var metrics = new List<MetricReport>();
            foreach (var m in w.Metrics)
            {
                var values = perTarget.Select(list => Summary.Of(
                    list.Where(s => s.Outcome?.Values.ContainsKey(m.Key) == true).Select(s => s.Outcome!.Values[m.Key]).ToList(),
                    list.Count(s => s.Outcome?.Values.ContainsKey(m.Key) != true))).ToList();
                var ratios = new List<RatioSummary>();
                for (int i = 1; i < targets.Count; i++)
                {
                    var paired = new List<double>();
                    foreach (var s in perTarget[i])
                    {
                        var b = perTarget[0].FirstOrDefault(x => x.Repetition == s.Repetition);
                        if (s.Outcome?.Values.TryGetValue(m.Key, out double v) == true
                            && b?.Outcome?.Values.TryGetValue(m.Key, out double bv) == true && bv != 0)
                        {
                            paired.Add(v / bv);
                        }
                    }
                    ratios.Add(new RatioSummary($"{targets[i].ShortName}/{targets[0].ShortName}", Summary.Of(paired, 0)));
                }
                metrics.Add(new MetricReport(m.Key, m.Label, m.Unit, m.HigherIsBetter, m.Decimals, values, ratios));
            }
            var failed = perTarget.Select(list => list.Any(s => s.Outcome is not null)
                ? list.Where(s => s.Outcome is not null).Sum(s => s.Outcome!.FailedTransactions)
                : (long?)null).ToList();
            var errors = perTarget.Select(list =>
                (IReadOnlyList<string>)list.Where(s => s.Error is not null).Select(s => s.Error!).Distinct().ToList()).ToList();
            var notes = perTarget.Select(list =>
                (IReadOnlyList<string>)list.Select(s => s.Outcome?.Note).OfType<string>().Distinct().ToList()).ToList();
            reports.Add(new WorkloadReport(w.Name, w.Description, metrics, failed, errors, notes));
        }
        return reports;
    }

    /// <summary>The message, with the innermost cause when it adds something (e.g. "Connection refused").</summary>
    static string Describe(Exception e)
    {
        string message = OneLine(e.Message);
        var inner = e.InnerException;
        while (inner?.InnerException is not null)
        {
            inner = inner.InnerException;
        }
        return inner is not null && !message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{message} ({OneLine(inner.Message)})"
            : message;
    }

    static string OneLine(string s) =>
        string.Join(" ", s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
