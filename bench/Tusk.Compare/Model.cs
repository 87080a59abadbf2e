using Tusk.Compare.Storage;

namespace Tusk.Compare;

/// <summary>Everything one run produced; serialized as bench/results/TIMESTAMP.json.</summary>
public sealed record RunReport
{
    public required string Timestamp { get; init; }

    public required string Mode { get; init; }

    public required int Repetitions { get; init; }

    public required double DurationSeconds { get; init; }

    public required int ProcessorCount { get; init; }

    public required string Kernel { get; init; }

    /// <summary>Server settings both clusters got, as name = value.</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    /// <summary>The servers compared; the first is the baseline of every ratio.</summary>
    public required IReadOnlyList<TargetInfo> Targets { get; init; }

    /// <summary>Datasets prepared once per server before the repetitions.</summary>
    public IReadOnlyList<PreparationReport> Preparations { get; init; } = [];

    public required IReadOnlyList<WorkloadReport> Workloads { get; init; }

    /// <summary>The disk's fdatasync rate (pg_test_fsync), measured when storage workloads run; else null.</summary>
    public FsyncLimit? FsyncLimit { get; init; }
}

/// <summary>One dataset's preparation on each server (not part of any workload's figures).</summary>
/// <param name="Seconds">Per target: how long it took (null: it failed).</param>
/// <param name="Errors">Per target: why it failed (null: it worked).</param>
public sealed record PreparationReport(
    string Name,
    string Description,
    IReadOnlyList<double?> Seconds,
    IReadOnlyList<string?> Errors);

public sealed record TargetInfo(
    string Name,
    string ShortName,
    string? Version,
    IReadOnlyDictionary<string, string?> Environment,
    string? StartError);

/// <summary>One workload's rows.</summary>
/// <param name="FailedTransactions">Per target: failed transactions summed over the successful repetitions
/// (null: none succeeded).</param>
/// <param name="Errors">Per target: the errors of failed repetitions, deduplicated.</param>
/// <param name="Notes">Per target: what the workload noted on successful repetitions, deduplicated.</param>
public sealed record WorkloadReport(
    string Name,
    string Description,
    IReadOnlyList<MetricReport> Metrics,
    IReadOnlyList<long?> FailedTransactions,
    IReadOnlyList<IReadOnlyList<string>> Errors,
    IReadOnlyList<IReadOnlyList<string>> Notes);

/// <summary>One table row.</summary>
/// <param name="Values">Per target.</param>
/// <param name="Ratios">Per non-baseline target: target / baseline, paired by repetition.</param>
public sealed record MetricReport(
    string Key,
    string Label,
    string Unit,
    bool HigherIsBetter,
    int Decimals,
    IReadOnlyList<Summary> Values,
    IReadOnlyList<RatioSummary> Ratios);

/// <summary>Samples over repetitions and their median, min and max (null when no repetition succeeded).</summary>
public sealed record Summary(IReadOnlyList<double> Samples, double? Median, double? Min, double? Max, int FailedRepetitions)
{
    public static Summary Of(IReadOnlyList<double> samples, int failed) =>
        samples.Count == 0
            ? new Summary(samples, null, null, null, failed)
            : new Summary(samples, Stats.Median(samples.ToArray()), samples.Min(), samples.Max(), failed);
}

public sealed record RatioSummary(string Name, Summary Ratio);
