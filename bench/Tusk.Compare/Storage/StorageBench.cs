// The Tusk side of the storage workloads, which needs no server: a fresh storage cluster (WalCluster: data
// directory under the run's work directory, so on the same file system as PostgreSQL's; a segment with a
// 16384-page buffer pool and the default wal_buffers; fsync on) with one table, worker processes of this program
// (StorageWorker) that attach to it, start together and report their figures; then everything is removed. While
// they run, the harness process absorbs their forwarded fsync requests as the checkpointer would (otherwise the
// queue fills and every evicted page's writer fsyncs its segment itself); the absorbed syncs are never done, as
// they would be by the next checkpoint, outside the measured time on PostgreSQL too.
// Invariants: the harness process is attached to the segment only inside RunAsync; every worker has exited (or
// been killed) before the segment and directory go, also on cancellation (Ctrl-C) or an error.
// Entry points: StorageBench.RunAsync.
using System.Diagnostics;
using System.Globalization;
using Tusk.Access.Heap;
using Tusk.LockHammer;
using Tusk.Storage.Smgr;
using Tusk.Storage.Sync;
using Tusk.Storage.Transam;

namespace Tusk.Compare.Storage;

public static class StorageBench
{
    /// <summary>The one table every worker inserts into.</summary>
    public static readonly RelFileLocator Table = new(RelFileLocator.DefaultTablespace, 5, 16384);

    /// <summary>shared_buffers in 8 kB pages: 128 MB, PostgreSQL's default and the harness's setting.</summary>
    public const int SharedBuffers = 16384;

    /// <summary>One worker's result line: a count and the seconds it took.</summary>
    public readonly record struct WorkerResult(long Count, double Seconds);

    /// <summary>
    /// The workers' results, the WAL fdatasync calls made while they ran (all processes together) and the data-file
    /// fsyncs writers had to do themselves because the request queue was full (0 when absorbing keeps up).
    /// </summary>
    public sealed record Outcome(List<WorkerResult> Workers, long WalSyncs, long BackendFsyncs)
    {
        public long Count => Workers.Sum(w => w.Count);
    }

    /// <summary>
    /// Makes a fresh cluster and table under <paramref name="workDirectory"/>, runs <paramref name="workers"/>
    /// processes of <c>--storage-worker MODE SEGMENT DATADIR ARGS</c> together and returns their result lines;
    /// throws with a worker's stderr if one fails. Also counts the WAL fdatasyncs of the run (group commit shows as
    /// fewer fdatasyncs than commits). Blocks the calling thread while the cluster starts.
    /// </summary>
    public static async Task<Outcome> RunAsync(
        string workDirectory, string mode, int workers, IReadOnlyList<string> args, TimeSpan timeout,
        CancellationToken ct)
    {
        using var cluster = WalCluster.Create("storage", SharedBuffers, workDirectory, walBuffers: -1);
        XLog.EnableFsync = true;
        HeapRelation.Create(Table);
        var procs = new List<(Process Process, Task<string> StdErr)>();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            for (int i = 0; i < workers; i++)
            {
                var p = Process.Start(StartInfo(mode, cluster, args))!;
                procs.Add((p, p.StandardError.ReadToEndAsync(CancellationToken.None)));
            }
            foreach (var (p, err) in procs)
            {
                await Expect(p, err, "ready", limit.Token).ConfigureAwait(false);
            }
            long syncsBefore = XLog.Stats.Syncs;
            using var stopAbsorbing = new CancellationTokenSource();
            var absorber = AbsorbAsync(stopAbsorbing.Token);
            try
            {
                foreach (var (p, _) in procs)
                {
                    await p.StandardInput.WriteLineAsync("go").ConfigureAwait(false);
                    await p.StandardInput.FlushAsync(limit.Token).ConfigureAwait(false);
                }
                var results = new List<WorkerResult>();
                foreach (var (p, err) in procs)
                {
                    var words = (await Expect(p, err, mode == "load" ? "rows" : mode, limit.Token).ConfigureAwait(false))
                        .Split(' ');
                    results.Add(new WorkerResult(
                        long.Parse(words[1], CultureInfo.InvariantCulture), double.Parse(words[3], CultureInfo.InvariantCulture)));
                }
                return new Outcome(results, XLog.Stats.Syncs - syncsBefore, SyncQueue.CheckpointStats.BackendFsyncs);
            }
            finally
            {
                await stopAbsorbing.CancelAsync().ConfigureAwait(false);
                await absorber.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"storage workers ({mode}) did not finish within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            foreach (var (p, _) in procs)
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                }
                await p.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                p.Dispose();
            }
        }
    }

    /// <summary>The checkpointer's absorbing of fsync requests (AbsorbSyncRequests), every 10 ms until stopped.</summary>
    static async Task AbsorbAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            SyncQueue.Absorb(static (_, _, _) => { });
            try
            {
                await Task.Delay(10, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads the worker's next line; throws with its stderr unless it starts with <paramref name="word"/>.</summary>
    static async Task<string> Expect(Process p, Task<string> stderr, string word, CancellationToken ct)
    {
        string? line = await p.StandardOutput.ReadLineAsync(ct).ConfigureAwait(false);
        if (line is not null && line.StartsWith(word, StringComparison.Ordinal))
        {
            return line;
        }
        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        string why = (await stderr.ConfigureAwait(false)).Trim();
        throw new InvalidOperationException(
            $"storage worker exited with {p.ExitCode} before \"{word}\": {(why.Length > 0 ? why.Split('\n')[0] : line ?? "no output")}");
    }

    /// <summary><c>dotnet tusk-compare.dll --storage-worker ...</c>: this program again, from its own directory.</summary>
    static ProcessStartInfo StartInfo(string mode, WalCluster cluster, IReadOnlyList<string> args)
    {
        string host = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var psi = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tusk-compare.dll"));
        psi.ArgumentList.Add("--storage-worker");
        psi.ArgumentList.Add(mode);
        psi.ArgumentList.Add(cluster.ShmPath);
        psi.ArgumentList.Add(cluster.DataDirectory);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return psi;
    }
}
