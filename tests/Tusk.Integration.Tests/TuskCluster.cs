// A throwaway Tusk cluster for one test class: initdb into a temporary directory, start with `tusk ctl`
// on a free loopback port with its own Unix socket directory, and on Dispose stop it and check that no
// process, shared memory segment or socket file is left behind.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tusk.Integration.Tests;

public sealed class TuskCluster : IDisposable
{
    static readonly object BuildGate = new();
    static bool _built;

    public string DataDir { get; }
    public string SocketDir => DataDir;
    public int Port { get; }
    public string User { get; } = "postgres";
    public string? Password { get; }
    public int PostmasterPid { get; private set; }
    public string LogFile => DataDir + ".log";
    bool _stopped;

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TuskScript => Path.Combine(RepoRoot, "tusk");

    /// <summary>The built binary (./tusk builds it once per source change).</summary>
    public static string TuskBinary => Path.Combine(RepoRoot, "artifacts", "tusk", "tusk");

    static string FindRepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "Tusk.slnx")))
            d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public TuskCluster(IEnumerable<string>? settings = null, string? password = null, string? auth = null,
        string? hba = null, bool start = true)
    {
        EnsureBuilt();
        DataDir = Path.Combine(Path.GetTempPath(), "tusk-test-" + Guid.NewGuid().ToString("N")[..12]);
        Port = FreePort();
        Password = password;
        var initArgs = new List<string> { "initdb", "-D", DataDir, "-U", User };
        string? pwfile = null;
        if (password != null)
        {
            pwfile = DataDir + ".pw";
            File.WriteAllText(pwfile, password + "\n");
            initArgs.Add("--pwfile");
            initArgs.Add(pwfile);
        }
        if (auth != null)
        {
            initArgs.Add("--auth");
            initArgs.Add(auth);
        }
        var (rc, _, err) = Run(TuskBinary, initArgs);
        if (pwfile != null)
            File.Delete(pwfile);
        if (rc != 0)
            throw new InvalidOperationException("initdb failed: " + err);
        var conf = new StringBuilder();
        conf.AppendLine($"port = {Port}");
        conf.AppendLine("listen_addresses = '127.0.0.1'");
        conf.AppendLine($"unix_socket_directories = '{SocketDir}'");
        foreach (var s in settings ?? [])
            conf.AppendLine(s);
        File.AppendAllText(Path.Combine(DataDir, "tusk.conf"), conf.ToString());
        if (hba != null)
            File.WriteAllText(Path.Combine(DataDir, "tusk_hba.conf"), hba);
        if (start)
            Start();
    }

    static void EnsureBuilt()
    {
        lock (BuildGate)
        {
            if (_built)
                return;
            var (rc, _, err) = Run(TuskScript, ["--version"], timeoutMs: 600_000);
            if (rc != 0)
                throw new InvalidOperationException("building tusk failed: " + err);
            _built = true;
        }
    }

    public void Start()
    {
        var (rc, output, err) = Run(TuskBinary, ["ctl", "start", "-D", DataDir, "-l", LogFile]);
        if (rc != 0)
            throw new InvalidOperationException($"tusk ctl start failed: {output} {err}\n{ReadLog()}");
        AdoptPostmaster();
    }

    /// <summary>Takes the postmaster named in postmaster.pid as this cluster's (for a server started otherwise).</summary>
    public void AdoptPostmaster()
    {
        PostmasterPid = int.Parse(File.ReadAllLines(Path.Combine(DataDir, "postmaster.pid"))[0]);
        _stopped = false;
    }

    public (int ExitCode, string Output, string Error) Stop(string mode = "fast")
    {
        var r = Run(TuskBinary, ["ctl", "stop", "-D", DataDir, "-m", mode]);
        _stopped = true;
        return r;
    }

    public string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    public string ShmemPath => $"/dev/shm/tusk.{Port * 1000L + 1}";

    public string ConnectionString(string? user = null, string? password = null, string database = "postgres",
        string extra = "") =>
        $"Host=127.0.0.1;Port={Port};Username={user ?? User};Database={database};Pooling=false;" +
        $"Server Compatibility Mode=NoTypeLoading;Timeout=15;Command Timeout=60" +
        (password ?? Password) switch { null => "", var p => $";Password={p}" } + extra;

    /// <summary>Pids of the live processes whose parent is the postmaster.</summary>
    public List<int> ChildPids()
    {
        var list = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
                continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(f[1]) == PostmasterPid && f[0] != "Z")
                    list.Add(pid);
            }
            catch (IOException)
            {
            }
        }
        return list;
    }

    public static bool ProcessAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Runs psql against this cluster; returns exit code, stdout and stderr.</summary>
    public (int ExitCode, string Output, string Error) Psql(IEnumerable<string> args, string? stdin = null,
        string? host = "127.0.0.1", string? password = null, int timeoutMs = 60_000)
    {
        var all = new List<string> { "-X", "-h", host ?? SocketDir, "-p", Port.ToString(), "-U", User, "-d", "postgres" };
        all.AddRange(args);
        var env = new Dictionary<string, string>();
        if ((password ?? Password) is { } pw)
            env["PGPASSWORD"] = pw;
        return Run("psql", all, stdin, env, timeoutMs);
    }

    public static (int ExitCode, string Output, string Error) Run(string file, IEnumerable<string> args,
        string? stdin = null, Dictionary<string, string>? env = null, int timeoutMs = 120_000)
    {
        var psi = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["PGCONNECT_TIMEOUT"] = "10";
        foreach (var kv in env ?? [])
            psi.Environment[kv.Key] = kv.Value;
        using var p = Process.Start(psi)!;
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        if (stdin != null)
            p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        return (p.ExitCode, stdoutTask.Result, stderrTask.Result);
    }

    static int FreePort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    /// <summary>Waits until <paramref name="condition"/> holds or the time is up.</summary>
    public static bool WaitFor(Func<bool> condition, int timeoutMs)
    {
        var sw = Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < timeoutMs)
        {
            if (condition())
                return true;
            Thread.Sleep(20);
        }
        return condition();
    }

    /// <summary>Stops the server if needed, kills anything left, and removes every file it made.</summary>
    public void Dispose()
    {
        if (!_stopped && PostmasterPid != 0 && ProcessAlive(PostmasterPid))
            Stop("fast");
        int pm = PostmasterPid;
        if (pm != 0)
        {
            var leftovers = ChildPids();
            if (ProcessAlive(pm))
                leftovers.Add(pm);
            foreach (var pid in leftovers)
            {
                try
                {
                    Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                }
                catch (InvalidOperationException)
                {
                }
            }
        }
        try
        {
            File.Delete(ShmemPath);
            File.Delete(LogFile);
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
