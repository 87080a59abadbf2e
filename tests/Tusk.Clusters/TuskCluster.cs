namespace Tusk.Clusters;

/// <summary>
/// A throwaway Tusk cluster, driven through the repository's <c>tusk</c> script: <c>tusk initdb -D DIR -U USER</c>,
/// settings appended to DIR/tusk.conf, <c>tusk ctl start -D DIR -p PORT -l LOG</c> and
/// <c>tusk ctl stop -D DIR -m fast</c>.
/// </summary>
public sealed class TuskCluster : ClusterBase
{
    readonly string _tusk;

    /// <param name="tusk">The <c>tusk</c> executable or script.</param>
    public TuskCluster(string tusk, string name = "Tusk") : base(name, "tusk") => _tusk = tusk;

    protected override string ConfigFile => Path.Combine(DataDirectory!, "tusk.conf");

    /// <summary>The first call of the script may build the Native AOT binary.</summary>
    protected override TimeSpan StartTimeout => TimeSpan.FromMinutes(10);

    protected override async Task InitDbAsync(CancellationToken ct)
    {
        if (!File.Exists(_tusk))
        {
            throw new FileNotFoundException("./tusk not found at the repository root (or give --tusk PATH)");
        }
        await Run(["initdb", "-D", DataDirectory!, "-U", User], StartTimeout, ct).ConfigureAwait(false);
    }

    protected override IEnumerable<string> ConfigLines()
    {
        foreach (string line in base.ConfigLines())
        {
            yield return line;
        }
        if (Settings.BackendPoolSize is { } pool)
        {
            yield return $"backend_pool_size = {pool}";
        }
    }

    /// <summary>A postmaster that was killed leaves its shared memory segment; a clean shutdown removes it.</summary>
    protected override void RemoveLeftovers()
    {
        if (DataDirectory is { } data)
        {
            RemoveSegment(data);
        }
    }

    /// <summary>
    /// Removes the shared memory segment of the Tusk cluster in <paramref name="dataDirectory"/> (named after the
    /// port in its postmaster.pid: /dev/shm/tusk.PORT001) once no process of the cluster is alive.
    /// </summary>
    public static void RemoveSegment(string dataDirectory)
    {
        string pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(pidFile);
        }
        catch (IOException)
        {
            return;
        }
        if (lines.Length < 4
            || !int.TryParse(lines[0], System.Globalization.CultureInfo.InvariantCulture, out int pid)
            || !int.TryParse(lines[3], System.Globalization.CultureInfo.InvariantCulture, out int port)
            || (ProcFs.Get(pid) is not null && ProcFs.CommandLine(pid).Contains(dataDirectory, StringComparison.Ordinal)))
        {
            return;
        }
        string segment = $"/dev/shm/tusk.{(port * 1000L) + 1}";
        if (File.Exists(segment))
        {
            File.Delete(segment);
        }
    }

    protected override async Task StartServerAsync(CancellationToken ct)
    {
        var argv = new List<string> { "-w", _tusk, "ctl", "start", "-D", DataDirectory!, "-p", $"{Port}", "-l", LogFile! };
        var result = await CommandRunner.RunAsync("setsid", argv, StartTimeout, ct, Settings.Environment)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new CommandFailedException($"tusk ctl start failed: {result.Tail()} | log: {LogTail(3)}", result);
        }
    }

    protected override async Task StopServerAsync(CancellationToken ct)
    {
        await Run(["ctl", "stop", "-D", DataDirectory!, "-m", "fast"], TimeSpan.FromSeconds(90), ct)
            .ConfigureAwait(false);
    }

    async Task<CommandResult> Run(string[] args, TimeSpan timeout, CancellationToken ct)
    {
        var result = await CommandRunner.RunAsync(_tusk, args, timeout, ct, Settings.Environment).ConfigureAwait(false);
        return result.EnsureSuccess();
    }
}
