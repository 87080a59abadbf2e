namespace Tusk.Clusters;

/// <summary>
/// A throwaway PostgreSQL cluster made with initdb and run with pg_ctl. PostgreSQL refuses to run as root, so when
/// we are root every server command runs as the OS user <see cref="OsUser"/> (via runuser) and the directory is
/// given to that user.
/// </summary>
public sealed class PostgresCluster : ClusterBase
{
    readonly string _binDir;

    /// <param name="binDir">Directory with initdb, pg_ctl and postgres.</param>
    public PostgresCluster(string binDir, string name = "PostgreSQL") : base(name, "pg") => _binDir = binDir;

    /// <summary>OS user the server runs as when we are root.</summary>
    public string OsUser { get; init; } = "postgres";

    static bool IsRoot => Environment.UserName == "root";

    protected override string ConfigFile => Path.Combine(DataDirectory!, "postgresql.conf");

    protected override async Task PrepareDirectoryAsync(string root, CancellationToken ct)
    {
        if (IsRoot)
        {
            await CommandRunner.RunAsync("chown", [$"{OsUser}:", root], TimeSpan.FromSeconds(30), ct)
                .ConfigureAwait(false);
        }
    }

    protected override async Task InitDbAsync(CancellationToken ct)
    {
        await Run(
            "initdb",
            ["-D", DataDirectory!, "-U", User, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"],
            TimeSpan.FromMinutes(2),
            ct).ConfigureAwait(false);
    }

    protected override async Task StartServerAsync(CancellationToken ct)
    {
        // setsid: the server gets its own session, so a Ctrl-C in the terminal reaches the harness only, which
        // then shuts the server down in order.
        var result = await Run(
            "pg_ctl",
            ["-D", DataDirectory!, "-l", LogFile!, "-w", "-t", "60", "start"],
            StartTimeout,
            ct,
            setsid: true,
            check: false).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new CommandFailedException($"pg_ctl start failed: {result.Tail()} | log: {LogTail(3)}", result);
        }
    }

    protected override async Task StopServerAsync(CancellationToken ct)
    {
        await Run("pg_ctl", ["-D", DataDirectory!, "-m", "fast", "-w", "-t", "60", "stop"], TimeSpan.FromSeconds(90), ct)
            .ConfigureAwait(false);
    }

    async Task<CommandResult> Run(
        string tool, string[] args, TimeSpan timeout, CancellationToken ct, bool setsid = false, bool check = true)
    {
        var argv = new List<string>();
        if (IsRoot)
        {
            argv.AddRange(["runuser", "-u", OsUser, "--"]);
        }
        if (setsid)
        {
            argv.AddRange(["setsid", "-w"]);
        }
        argv.Add(Path.Combine(_binDir, tool));
        argv.AddRange(args);
        var result = await CommandRunner.RunAsync(argv[0], argv.Skip(1), timeout, ct, Settings.Environment)
            .ConfigureAwait(false);
        return check ? result.EnsureSuccess() : result;
    }
}
