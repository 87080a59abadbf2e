using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tusk.Clusters;

/// <summary>
/// What both kinds of cluster share: the temporary directory (ROOT/data, ROOT/server.log, sockets in ROOT), port
/// choice, the process tree, and cleanup that never leaves a process or a directory behind.
/// </summary>
public abstract class ClusterBase : ICluster
{
    /// <summary>Temporary directories start with this; <see cref="ClusterLauncher.SweepStale"/> looks for it.</summary>
    public const string DirectoryPrefix = "tusk-compare-";

    /// <summary>File in the root directory naming the harness process that owns it: "pid starttime".</summary>
    public const string OwnerFile = "owner";

    readonly string _kind;
    ProcInfo? _postmaster;
    List<ProcInfo> _known = [];

    protected ClusterBase(string name, string kind)
    {
        Name = name;
        _kind = kind;
    }

    public string Name { get; }

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    public string User => Settings.User;

    public string Database => Settings.Database;

    public string? RootDirectory { get; private set; }

    public string? DataDirectory => RootDirectory is null ? null : Path.Combine(RootDirectory, "data");

    public string? LogFile => RootDirectory is null ? null : Path.Combine(RootDirectory, "server.log");

    public bool IsRunning { get; private set; }

    public ClusterSettings Settings { get; private set; } = new();

    public int? PostmasterPid => _postmaster is { } p && ProcFs.IsAlive(p) ? p.Pid : null;

    public string ConnectionString =>
        $"Host={Host};Port={Port};Username={User};Database={Database}";

    /// <summary>How long start (including initdb and, for Tusk, a first build) may take.</summary>
    protected virtual TimeSpan StartTimeout => TimeSpan.FromMinutes(2);

    public async Task StartAsync(ClusterSettings settings, CancellationToken ct = default)
    {
        if (RootDirectory is not null)
        {
            throw new InvalidOperationException($"{Name} cluster is already started");
        }
        Settings = settings;
        Port = settings.Port != 0 ? settings.Port : FreePort();
        RootDirectory = CreateOwnedTempDirectory(_kind);
        try
        {
            await PrepareDirectoryAsync(RootDirectory, ct).ConfigureAwait(false);
            await InitDbAsync(ct).ConfigureAwait(false);
            await File.AppendAllLinesAsync(ConfigFile, ConfigLines(), ct).ConfigureAwait(false);
            await StartServerAsync(ct).ConfigureAwait(false);
            _postmaster = FindPostmaster()
                ?? throw new InvalidOperationException($"{Name} started but no postmaster process was found");
            _known = ProcFs.Tree(_postmaster.Value.Pid);
            IsRunning = true;
        }
        catch
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken ct = default)
    {
        if (RootDirectory is null)
        {
            return;
        }
        // Everything that belongs to this cluster: what we saw at start, what runs now, anything naming our dir.
        var victims = new List<ProcInfo>(_known);
        victims.AddRange(ServerProcesses());
        foreach (var p in ProcFs.FindByCommandLine(RootDirectory))
        {
            victims.AddRange(ProcFs.Tree(p.Pid));
        }
        victims = victims.DistinctBy(p => (p.Pid, p.StartTime)).ToList();
        try
        {
            if (Directory.Exists(DataDirectory) && victims.Any(ProcFs.IsAlive))
            {
                await StopServerAsync(ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Console.Error.WriteLine($"warning: stopping {Name} failed ({e.Message}); killing its processes");
        }
        finally
        {
            await KillLeftoversAsync(victims).ConfigureAwait(false);
            RemoveLeftovers();
            IsRunning = false;
            _postmaster = null;
            _known = [];
            if (!Settings.KeepDirectory)
            {
                await RemoveDirectoryAsync(RootDirectory).ConfigureAwait(false);
            }
            RootDirectory = null;
        }
    }

    public IReadOnlyList<ProcInfo> ServerProcesses() =>
        _postmaster is { } p && ProcFs.IsAlive(p) ? ProcFs.Tree(p.Pid) : [];

    public string LogTail(int lines = 10)
    {
        try
        {
            return LogFile is not null && File.Exists(LogFile)
                ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines))
                : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>The file the settings are appended to (postgresql.conf, tusk.conf).</summary>
    protected abstract string ConfigFile { get; }

    /// <summary>Gives the fresh root directory to the server's OS user if needed.</summary>
    protected virtual Task PrepareDirectoryAsync(string root, CancellationToken ct) => Task.CompletedTask;

    protected abstract Task InitDbAsync(CancellationToken ct);

    protected abstract Task StartServerAsync(CancellationToken ct);

    protected abstract Task StopServerAsync(CancellationToken ct);

    /// <summary>After the server's processes are gone: removes what a killed server leaves outside its directory.</summary>
    protected virtual void RemoveLeftovers()
    {
    }

    /// <summary>Settings lines appended to the config file after initdb.</summary>
    protected virtual IEnumerable<string> ConfigLines()
    {
        yield return "";
        yield return "# added by the cluster launcher";
        yield return $"port = {Port}";
        yield return "listen_addresses = '127.0.0.1'";
        yield return $"unix_socket_directories = '{RootDirectory}'";
        yield return $"max_connections = {Settings.MaxConnections}";
        yield return $"shared_buffers = '{Settings.SharedBuffers}'";
        yield return $"synchronous_commit = {Settings.SynchronousCommit}";
        foreach (var (name, value) in Settings.Extra)
        {
            yield return $"{name} = '{value.Replace("'", "''", StringComparison.Ordinal)}'";
        }
    }

    /// <summary>The postmaster: from data/postmaster.pid, else the topmost process naming the data directory.</summary>
    protected virtual ProcInfo? FindPostmaster()
    {
        string pidFile = Path.Combine(DataDirectory!, "postmaster.pid");
        if (File.Exists(pidFile)
            && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), CultureInfo.InvariantCulture, out int pid)
            && ProcFs.Get(pid) is { } fromFile)
        {
            return fromFile;
        }
        var named = ProcFs.FindByCommandLine(DataDirectory!);
        var pids = named.Select(p => p.Pid).ToHashSet();
        return named.Where(p => !pids.Contains(p.ParentPid)).Select(p => (ProcInfo?)p).FirstOrDefault();
    }

    /// <summary>
    /// A fresh temporary directory TMP/tusk-compare-KIND-XXXX with an owner file naming this process, so that a
    /// later run can tell it is stale once this process is gone.
    /// </summary>
    public static string CreateOwnedTempDirectory(string kind)
    {
        string dir = Directory.CreateTempSubdirectory($"{DirectoryPrefix}{kind}-").FullName;
        var self = ProcFs.Get(Environment.ProcessId);
        File.WriteAllText(
            Path.Combine(dir, OwnerFile),
            string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {self?.StartTime ?? 0}\n"));
        return dir;
    }

    static async Task KillLeftoversAsync(List<ProcInfo> victims)
    {
        // Give a fast shutdown time to finish, then SIGKILL whatever is left.
        for (int i = 0; i < 100 && victims.Any(ProcFs.IsAlive); i++)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }
        var left = victims.Where(ProcFs.IsAlive).ToList();
        if (left.Count == 0)
        {
            return;
        }
        Console.Error.WriteLine(
            $"warning: killing {left.Count} leftover process(es): {string.Join(", ", left.Select(p => $"{p.Pid} {p.Comm}"))}");
        foreach (var p in left)
        {
            ProcFs.Kill(p);
        }
        for (int i = 0; i < 50 && left.Any(ProcFs.IsAlive); i++)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    static async Task RemoveDirectoryAsync(string dir)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(200).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"warning: could not remove {dir}: {e.Message}");
                return;
            }
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
