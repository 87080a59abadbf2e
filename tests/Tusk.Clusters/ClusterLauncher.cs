using System.Globalization;

namespace Tusk.Clusters;

/// <summary>
/// Makes clusters and keeps track of them, so that one call (from a finally block or a signal handler) stops every
/// cluster it made. Also finds the PostgreSQL binaries and the repository's tusk script, and cleans up after an
/// earlier run that was killed.
/// </summary>
public sealed class ClusterLauncher : IAsyncDisposable
{
    readonly List<ICluster> _clusters = [];
    readonly Lock _lock = new();

    public ClusterLauncher(string pgBinDir, string tuskPath)
    {
        PgBinDir = pgBinDir;
        TuskPath = tuskPath;
    }

    public string PgBinDir { get; }

    public string TuskPath { get; }

    public PostgresCluster CreatePostgres(string name = "PostgreSQL") => Track(new PostgresCluster(PgBinDir, name));

    public TuskCluster CreateTusk(string name = "Tusk") => Track(new TuskCluster(TuskPath, name));

    /// <summary>Creates and starts a cluster in one go.</summary>
    public async Task<ICluster> StartAsync(ICluster cluster, ClusterSettings settings, CancellationToken ct = default)
    {
        await cluster.StartAsync(settings, ct).ConfigureAwait(false);
        return cluster;
    }

    /// <summary>Stops every cluster made here, in parallel; never throws.</summary>
    public async Task StopAllAsync()
    {
        ICluster[] all;
        lock (_lock)
        {
            all = [.. _clusters];
        }
        await Task.WhenAll(all.Select(async c =>
        {
            try
            {
                await c.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"warning: cleanup of {c.Name} failed: {e.Message}");
            }
        })).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => new(StopAllAsync());

    T Track<T>(T cluster) where T : ICluster
    {
        lock (_lock)
        {
            _clusters.Add(cluster);
        }
        return cluster;
    }

    /// <summary>PostgreSQL's bin directory: PG_BINDIR if set, else pg_config --bindir, else the Debian path.</summary>
    public static string FindPgBinDir()
    {
        if (Environment.GetEnvironmentVariable("PG_BINDIR") is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }
        foreach (string candidate in new[] { "/usr/lib/postgresql/15/bin" })
        {
            if (File.Exists(Path.Combine(candidate, "pg_ctl")))
            {
                return candidate;
            }
        }
        try
        {
            var r = CommandRunner.RunAsync("pg_config", ["--bindir"], TimeSpan.FromSeconds(10), CancellationToken.None)
                .GetAwaiter().GetResult();
            if (r.Succeeded && r.StdOut.Trim() is { Length: > 0 } dir)
            {
                return dir;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        return "/usr/lib/postgresql/15/bin";
    }

    /// <summary>The repository root: the nearest directory upwards (from cwd, then from the binary) with Tusk.slnx.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Tusk.slnx")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Removes what a killed earlier run left: temp directories whose owner process is gone, every process that
    /// names such a directory on its command line (with its descendants) and the shared memory segment of a Tusk
    /// cluster in one. Returns how many directories.
    /// </summary>
    public static int SweepStale()
    {
        int swept = 0;
        foreach (string dir in Directory.EnumerateDirectories(Path.GetTempPath(), ClusterBase.DirectoryPrefix + "*"))
        {
            if (OwnerAlive(dir))
            {
                continue;
            }
            var victims = ProcFs.FindByCommandLine(dir).SelectMany(p => ProcFs.Tree(p.Pid)).ToList();
            victims.ForEach(ProcFs.Kill);
            for (int i = 0; i < 50 && victims.Any(ProcFs.IsAlive); i++)
            {
                Thread.Sleep(100);
            }
            if (File.Exists(Path.Combine(dir, "data", "tusk.conf")))
            {
                TuskCluster.RemoveSegment(Path.Combine(dir, "data"));
            }
            try
            {
                Directory.Delete(dir, recursive: true);
                swept++;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"warning: could not remove stale {dir}: {e.Message}");
            }
        }
        return swept;
    }

    static bool OwnerAlive(string dir)
    {
        try
        {
            var parts = File.ReadAllText(Path.Combine(dir, ClusterBase.OwnerFile)).Split(' ', StringSplitOptions.TrimEntries);
            return parts.Length == 2
                && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int pid)
                && ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out ulong start)
                && ProcFs.Get(pid) is { } p && p.StartTime == start;
        }
        catch (IOException)
        {
            // No owner file (yet): only a directory at least a minute old counts as stale.
            return Directory.GetLastWriteTimeUtc(dir) > DateTime.UtcNow.AddMinutes(-1);
        }
    }
}
