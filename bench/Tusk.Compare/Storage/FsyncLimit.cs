// The disk's fsync limit, printed beside the storage workloads: PostgreSQL's pg_test_fsync -s 2 on a file in the
// run's work directory (the file system of both data directories), read up to its first "fdatasync N ops/sec"
// line (one 8 kB write, then fdatasync: what a lone committer waits for; wal_sync_method's Linux default) and
// stopped there, which takes about 4 s instead of its full half minute. A single client cannot commit more often
// than this; eight clients above it show group commit (one fdatasync for several commits).
// Entry points: FsyncLimit.MeasureAsync.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tusk.Compare.Storage;

/// <param name="OpsPerSecond">fdatasync calls per second (null: not measured).</param>
/// <param name="Line">pg_test_fsync's line, trimmed, or why there is none.</param>
public sealed partial record FsyncLimit(double? OpsPerSecond, string Line)
{
    public const string Command = "pg_test_fsync -s 2";

    public static async Task<FsyncLimit> MeasureAsync(string pgBinDir, string workDirectory, CancellationToken ct)
    {
        string file = Path.Combine(workDirectory, "pg_test_fsync.out");
        var psi = new ProcessStartInfo(Path.Combine(pgBinDir, "pg_test_fsync"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in new[] { "-s", "2", "-f", file })
        {
            psi.ArgumentList.Add(a);
        }
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return new FsyncLimit(null, $"not measured: {e.Message}");
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        var stderr = p.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            while (await p.StandardOutput.ReadLineAsync(limit.Token).ConfigureAwait(false) is { } line)
            {
                var m = FdatasyncLine().Match(line);
                if (m.Success)
                {
                    return new FsyncLimit(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), line.Trim());
                }
            }
            return new FsyncLimit(null, $"not measured: no fdatasync line ({(await stderr.ConfigureAwait(false)).Trim()})");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new FsyncLimit(null, "not measured: pg_test_fsync printed no fdatasync line within 60 s");
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill();
            }
            await p.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            p.Dispose();
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"^\s+fdatasync\s+([0-9]+(?:\.[0-9]+)?) ops/sec")]
    private static partial Regex FdatasyncLine();
}
