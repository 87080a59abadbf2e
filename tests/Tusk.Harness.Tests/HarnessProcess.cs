// A harness command (tusk-regress, tusk-slt, tusk-compare) started as it would be from a terminal: in a session
// and process group of its own, so that an interrupt can be sent to the whole group as Ctrl-C does.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tusk.Clusters;

namespace Tusk.Harness.Tests;

sealed class HarnessProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    bool _disposed;

    HarnessProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>setsid dotnet COMMAND.dll ARGS</c> in the repository root.</summary>
    public static HarnessProcess Start(string command, params string[] args)
    {
        var psi = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        // Not a process group leader, so setsid(1) calls setsid() and execs in place: the pid stays the command's.
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(Repo.Command(command));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        var p = new HarnessProcess(new Process { StartInfo = psi });
        p._process.OutputDataReceived += (_, e) => p.Append(e.Data);
        p._process.ErrorDataReceived += (_, e) => p.Append(e.Data);
        p._process.Start();
        p._process.StandardInput.Close();
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        return p;
    }

    void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Append(line).Append('\n');
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails with the output so far if it never does.</summary>
    public async Task WaitUntil(Func<bool> condition, string what, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited || sw.Elapsed > timeout)
            {
                Assert.Fail($"never saw {what} (exited: {_process.HasExited}); output:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The cluster (and work) directories whose owner file names this process.</summary>
    public List<string> OwnedDirectories()
    {
        var dirs = new List<string>();
        foreach (string dir in Directory.EnumerateDirectories(Path.GetTempPath(), ClusterBase.DirectoryPrefix + "*"))
        {
            try
            {
                string owner = File.ReadAllText(Path.Combine(dir, ClusterBase.OwnerFile));
                if (owner.Split(' ')[0] == Pid.ToString(CultureInfo.InvariantCulture))
                {
                    dirs.Add(dir);
                }
            }
            catch (IOException)
            {
            }
        }
        return dirs;
    }

    /// <summary>Ctrl-C: SIGINT to every process of the command's process group.</summary>
    public void Interrupt() => Signal("-INT");

    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"did not exit within {timeout.TotalSeconds:0} s; output:\n{Output}");
        }
        return _process.ExitCode;
    }

    void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, "--", $"-{Pid}"]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_process.HasExited)
        {
            Signal("-KILL");
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}

/// <summary>What a harness run had running, captured before the interrupt, to check afterwards that it is gone.</summary>
sealed class Footprint
{
    public List<string> Directories { get; } = [];

    public List<ProcInfo> ServerProcesses { get; } = [];

    /// <summary>Shared memory segments of Tusk clusters (/dev/shm/tusk.PORT001).</summary>
    public List<string> Segments { get; } = [];

    /// <summary>Records the owned directories, the process trees of their postmasters and Tusk's segments.</summary>
    public static Footprint Of(HarnessProcess harness)
    {
        var f = new Footprint();
        foreach (string dir in harness.OwnedDirectories())
        {
            f.Directories.Add(dir);
            string pidFile = Path.Combine(dir, "data", "postmaster.pid");
            if (!File.Exists(pidFile))
            {
                continue;
            }
            var lines = File.ReadAllLines(pidFile);
            if (int.TryParse(lines[0], CultureInfo.InvariantCulture, out int pid))
            {
                f.ServerProcesses.AddRange(ProcFs.Tree(pid));
            }
            if (File.Exists(Path.Combine(dir, "data", "tusk.conf"))
                && lines.Length > 3 && int.TryParse(lines[3], CultureInfo.InvariantCulture, out int port))
            {
                f.Segments.Add($"/dev/shm/tusk.{(port * 1000L) + 1}");
            }
        }
        return f;
    }

    /// <summary>Asserts that nothing of the footprint, and no process of the command's session, is left.</summary>
    public void AssertGone(HarnessProcess harness)
    {
        Assert.All(Directories, d => Assert.False(Directory.Exists(d), $"{d} was left behind"));
        Assert.DoesNotContain(ServerProcesses, ProcFs.IsAlive);
        Assert.All(Segments, s => Assert.False(File.Exists(s), $"{s} was left behind"));
        Assert.All(Directories, d => Assert.Empty(ProcFs.FindByCommandLine(d)));
        Assert.Empty(SessionMembers(harness.Pid));
    }

    /// <summary>Live processes whose session id is <paramref name="sid"/> (the command and what it started).</summary>
    static List<int> SessionMembers(int sid)
    {
        var pids = new List<int>();
        foreach (var p in ProcFs.All())
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{p.Pid}/stat");
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (rest[3] == sid.ToString(CultureInfo.InvariantCulture) && rest[0] is not ("Z" or "X"))
                {
                    pids.Add(p.Pid);
                }
            }
            catch (IOException)
            {
            }
        }
        return pids;
    }
}
