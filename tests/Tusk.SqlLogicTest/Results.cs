namespace Tusk.SqlLogicTest;

public enum Outcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>What happened to one record.</summary>
public sealed record RecordResult(int Line, string Kind, Outcome Outcome, string? Message = null);

/// <summary>The results of one file.</summary>
public sealed record FileResult(string Path, IReadOnlyList<RecordResult> Records, string? Error = null)
{
    public int Passed => Records.Count(r => r.Outcome == Outcome.Passed);

    /// <summary>Failed records, plus one if the file could not be parsed or run at all.</summary>
    public int Failed => Records.Count(r => r.Outcome == Outcome.Failed) + (Error is null ? 0 : 1);

    public int Skipped => Records.Count(r => r.Outcome == Outcome.Skipped);

    public IEnumerable<RecordResult> Failures => Records.Where(r => r.Outcome == Outcome.Failed);

    public override string ToString() =>
        $"{System.IO.Path.GetFileName(Path)}: {Passed} passed, {Failed} failed, {Skipped} skipped";
}

/// <summary>Totals over several files.</summary>
public sealed record RunSummary(IReadOnlyList<FileResult> Files)
{
    public int Passed => Files.Sum(f => f.Passed);

    public int Failed => Files.Sum(f => f.Failed);

    public int Skipped => Files.Sum(f => f.Skipped);

    public override string ToString() =>
        $"total: {Files.Count} files, {Passed} passed, {Failed} failed, {Skipped} skipped";
}
