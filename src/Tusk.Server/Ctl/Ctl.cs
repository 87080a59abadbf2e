// tusk ctl (pg_ctl.c): start a postmaster in the background and wait until it accepts connections, stop it
// in smart, fast or immediate mode, restart it with the options it last ran with, report its status, and
// make it reload its configuration. Works only through postmaster.pid and signals, as pg_ctl does.
using System.Diagnostics;
using System.Globalization;
using Tusk.Postmaster;
using Tusk.Storage.Port;

namespace Tusk.Server.Ctl;

/// <summary>The <c>tusk ctl</c> subcommands. Each returns the process exit code.</summary>
public static class Ctl
{
    /// <summary>Starts the server detached, then waits (like pg_ctl -w) for the "ready" status.</summary>
    public static int Start(string dataDir, int? port, string? logFile, IReadOnlyList<string> settings, bool wait,
        int timeoutSeconds)
    {
        var existing = PidFile.Read(dataDir);
        if (existing != null && PidFile.IsAlive(existing.Pid))
            Console.Error.WriteLine("tusk ctl: another server might be running; trying to start server anyway");
        var args = new List<string> { "start", "-D", dataDir };
        if (port != null)
        {
            args.Add("-p");
            args.Add(port.Value.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var s in settings)
        {
            args.Add("-c");
            args.Add(s);
        }
        args.Add("--detach");
        if (logFile != null)
        {
            args.Add("--log");
            args.Add(Path.GetFullPath(logFile));
        }
        var psi = new ProcessStartInfo(Tusk.Postmaster.ChildLauncher.ExecutablePath) { UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        if (!wait)
        {
            Console.WriteLine("server starting");
            return 0;
        }
        Console.Write("waiting for server to start...");
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < timeoutSeconds)
        {
            var pf = PidFile.Read(dataDir);
            if (pf != null && pf.Pid == process.Id && pf.Status == PidFile.StatusReady.Trim())
            {
                Console.WriteLine(" done");
                Console.WriteLine("server started");
                return 0;
            }
            if (process.HasExited)
            {
                Console.WriteLine(" stopped waiting");
                Console.Error.WriteLine("tusk ctl: could not start server");
                Console.Error.WriteLine("Examine the log output.");
                return 1;
            }
            Thread.Sleep(50);
            if (sw.ElapsedMilliseconds % 1000 < 50)
                Console.Write('.');
        }
        Console.WriteLine(" stopped waiting");
        Console.Error.WriteLine("tusk ctl: server did not start in time");
        return 1;
    }

    /// <summary>Sends the mode's signal and waits for postmaster.pid to disappear.</summary>
    public static int Stop(string dataDir, string mode, bool wait, int timeoutSeconds)
    {
        var pf = PidFile.Read(dataDir);
        if (pf == null)
        {
            Console.Error.WriteLine($"tusk ctl: PID file \"{PidFile.PathIn(dataDir)}\" does not exist");
            Console.Error.WriteLine("Is server running?");
            return 1;
        }
        int sig = mode switch
        {
            "s" or "smart" => Libc.SigTerm,
            "f" or "fast" => Libc.SigInt,
            "i" or "immediate" => Libc.SigQuit,
            _ => -1,
        };
        if (sig < 0)
        {
            Console.Error.WriteLine($"tusk ctl: unrecognized shutdown mode \"{mode}\"");
            return 1;
        }
        if (Libc.Kill(pf.Pid, sig) != 0)
        {
            Console.Error.WriteLine($"tusk ctl: could not send stop signal (PID: {pf.Pid}): No such process");
            return 1;
        }
        if (!wait)
        {
            Console.WriteLine("server shutting down");
            return 0;
        }
        Console.Write("waiting for server to shut down...");
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < timeoutSeconds)
        {
            if (!File.Exists(PidFile.PathIn(dataDir)) || !PidFile.IsAlive(pf.Pid))
            {
                // The postmaster removes the file last; wait for the process itself too.
                while (PidFile.IsAlive(pf.Pid) && sw.Elapsed.TotalSeconds < timeoutSeconds)
                    Thread.Sleep(20);
                Console.WriteLine(" done");
                Console.WriteLine("server stopped");
                return 0;
            }
            Thread.Sleep(50);
        }
        Console.WriteLine(" failed");
        Console.Error.WriteLine("tusk ctl: server does not shut down");
        return 1;
    }

    public static int Restart(string dataDir, string mode, int? port, string? logFile, IReadOnlyList<string> settings,
        int timeoutSeconds)
    {
        var pf = PidFile.Read(dataDir);
        int? oldPort = null;
        if (pf != null && PidFile.IsAlive(pf.Pid))
        {
            oldPort = pf.Port;
            int rc = Stop(dataDir, mode, true, timeoutSeconds);
            if (rc != 0)
                return rc;
        }
        else
        {
            Console.Error.WriteLine("tusk ctl: PID file \"" + PidFile.PathIn(dataDir) + "\" does not exist");
            Console.Error.WriteLine("Is server running?");
            Console.Error.WriteLine("trying to start server anyway");
        }
        return Start(dataDir, port ?? oldPort, logFile, settings, true, timeoutSeconds);
    }

    public static int Status(string dataDir)
    {
        var pf = PidFile.Read(dataDir);
        if (pf != null && PidFile.IsAlive(pf.Pid))
        {
            Console.WriteLine($"tusk ctl: server is running (PID: {pf.Pid})");
            string opts = Path.Combine(dataDir, DataDirectory.OptsFile);
            if (File.Exists(opts))
                Console.WriteLine(File.ReadAllText(opts).TrimEnd());
            return 0;
        }
        Console.WriteLine("tusk ctl: no server running");
        return 3;
    }

    public static int Reload(string dataDir)
    {
        var pf = PidFile.Read(dataDir);
        if (pf == null || !PidFile.IsAlive(pf.Pid))
        {
            Console.Error.WriteLine($"tusk ctl: PID file \"{PidFile.PathIn(dataDir)}\" does not exist");
            Console.Error.WriteLine("Is server running?");
            return 1;
        }
        if (Libc.Kill(pf.Pid, Libc.SigHup) != 0)
        {
            Console.Error.WriteLine($"tusk ctl: could not send reload signal (PID: {pf.Pid})");
            return 1;
        }
        Console.WriteLine("server signaled");
        return 0;
    }
}
