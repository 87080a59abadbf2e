// tusk: the one executable. `tusk --child=ROLE ...` runs a child process role (started by the postmaster);
// otherwise the command line selects initdb, start (the postmaster in the foreground), ctl or controldata.
using System.CommandLine;
using System.Globalization;
using Tusk.Backend.Processes;
using Tusk.Common.Elog;
using Tusk.Common.Errors;
using Tusk.Common.Guc;
using Tusk.Server.Initdb;
using Tusk.Storage.Port;

namespace Tusk.Server;

static class Program
{
    static int Main(string[] args)
    {
        // Started from a background job or under nohup, a process inherits SIGINT, SIGQUIT or SIGHUP ignored, and
        // the runtime then never delivers them; the server must obey them as PostgreSQL does (pg_ctl -m fast /
        // immediate, reload). Undo that before anything initialises the runtime's signal handling.
        Libc.SetDefaultSignalAction(Libc.SigInt);
        Libc.SetDefaultSignalAction(Libc.SigQuit);
        Libc.SetDefaultSignalAction(Libc.SigHup);
        if (args.Length > 0 && args[0].StartsWith("--child=", StringComparison.Ordinal))
            return ChildMain.Run(args);
        return BuildCommandLine().Parse(args).Invoke();
    }

    static RootCommand BuildCommandLine()
    {
        var root = new RootCommand("Tusk: a PostgreSQL-compatible database server built from cooperating processes.");

        // initdb
        var initDir = new Option<string?>("--pgdata", "-D") { Description = "location for this database cluster" };
        var initUser = new Option<string?>("--username", "-U") { Description = "database superuser name" };
        var pwFile = new Option<string?>("--pwfile") { Description = "read password for the new superuser from file" };
        var auth = new Option<string?>("--auth", "-A") { Description = "default authentication method for local and host connections (trust, reject, password, md5, scram-sha-256)" };
        var authLocal = new Option<string?>("--auth-local") { Description = "authentication method for local socket connections" };
        var authHost = new Option<string?>("--auth-host") { Description = "authentication method for local TCP/IP connections" };
        var initdb = new Command("initdb", "create a new data directory (database cluster)")
        {
            initDir, initUser, pwFile, auth, authLocal, authHost,
        };
        initdb.SetAction(r => Initdb.Initdb.Run(new InitdbOptions
        {
            DataDir = DataDirectory.Resolve(r.GetValue(initDir)),
            UserName = r.GetValue(initUser),
            PasswordFile = r.GetValue(pwFile),
            Auth = r.GetValue(auth),
            AuthLocal = r.GetValue(authLocal),
            AuthHost = r.GetValue(authHost),
        }, Console.Out, Console.Error));
        root.Subcommands.Add(initdb);

        // start
        var startDir = new Option<string?>("--pgdata", "-D") { Description = "data directory (default: $TUSKDATA, else ./tusk-data, created on first run)" };
        var startPort = new Option<int?>("--port", "-p") { Description = "port to listen on (default 5432)" };
        var startSet = new Option<string[]>("-c") { Description = "set a run-time parameter (name=value)", AllowMultipleArgumentsPerToken = false };
        var detach = new Option<bool>("--detach") { Hidden = true };
        var log = new Option<string?>("--log") { Hidden = true };
        var start = new Command("start", "run the server (postmaster) in the foreground") { startDir, startPort, startSet, detach, log };
        start.SetAction(r => StartServer(r.GetValue(startDir), r.GetValue(startPort), r.GetValue(startSet) ?? [],
            r.GetValue(detach), r.GetValue(log)));
        root.Subcommands.Add(start);

        // ctl
        var ctlAction = new Argument<string>("action") { Description = "start, stop, restart, status or reload" };
        ctlAction.AcceptOnlyFromAmong("start", "stop", "restart", "status", "reload");
        var ctlDir = new Option<string?>("--pgdata", "-D") { Description = "data directory" };
        var ctlPort = new Option<int?>("--port", "-p") { Description = "port for start/restart" };
        var ctlLog = new Option<string?>("--log", "-l") { Description = "write (append) server log to FILENAME" };
        var ctlMode = new Option<string>("--mode", "-m") { Description = "shutdown mode: smart, fast or immediate", DefaultValueFactory = _ => "fast" };
        var ctlNoWait = new Option<bool>("--no-wait", "-W") { Description = "do not wait until operation completes" };
        var ctlTimeout = new Option<int>("--timeout", "-t") { Description = "seconds to wait", DefaultValueFactory = _ => 60 };
        var ctlSet = new Option<string[]>("-c") { Description = "set a run-time parameter for start (name=value)", AllowMultipleArgumentsPerToken = false };
        var ctl = new Command("ctl", "start, stop, restart, reload or check a server in the background, like pg_ctl")
        {
            ctlAction, ctlDir, ctlPort, ctlLog, ctlMode, ctlNoWait, ctlTimeout, ctlSet,
        };
        ctl.SetAction(r =>
        {
            string dir = DataDirectory.Resolve(r.GetValue(ctlDir));
            bool wait = !r.GetValue(ctlNoWait);
            int timeout = r.GetValue(ctlTimeout);
            return r.GetValue(ctlAction) switch
            {
                "start" => Ctl.Ctl.Start(dir, r.GetValue(ctlPort), r.GetValue(ctlLog), r.GetValue(ctlSet) ?? [], wait, timeout),
                "stop" => Ctl.Ctl.Stop(dir, r.GetValue(ctlMode)!, wait, timeout),
                "restart" => Ctl.Ctl.Restart(dir, r.GetValue(ctlMode)!, r.GetValue(ctlPort), r.GetValue(ctlLog), r.GetValue(ctlSet) ?? [], timeout),
                "status" => Ctl.Ctl.Status(dir),
                _ => Ctl.Ctl.Reload(dir),
            };
        });
        root.Subcommands.Add(ctl);

        // controldata
        var cdDir = new Option<string?>("--pgdata", "-D") { Description = "data directory" };
        var controldata = new Command("controldata", "print the control file (last checkpoint, state), like pg_controldata") { cdDir };
        controldata.SetAction(r => Controldata.Controldata.Run(DataDirectory.Resolve(r.GetValue(cdDir)), Console.Out, Console.Error));
        root.Subcommands.Add(controldata);
        return root;
    }

    static int StartServer(string? dashD, int? port, string[] settings, bool detach, string? logFile)
    {
        if (detach)
            Detach(logFile);
        MarkInheritedDescriptorsCloseOnExec();
        bool defaultDir = dashD == null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TUSKDATA"));
        string dir = DataDirectory.Resolve(dashD);
        try
        {
            if (defaultDir && !Directory.Exists(dir))
            {
                Console.Error.WriteLine($"tusk: no data directory yet; creating {dir} (first run)");
                int rc = Initdb.Initdb.Run(new InitdbOptions { DataDir = dir, Quiet = true }, Console.Out, Console.Error);
                if (rc != 0)
                    return rc;
            }
            DataDirectory.Validate(dir);
            var overrides = new List<string>();
            if (port != null)
                overrides.Add("port=" + port.Value.ToString(CultureInfo.InvariantCulture));
            foreach (var s in settings)
            {
                if (!s.Contains('=', StringComparison.Ordinal))
                {
                    Console.Error.WriteLine($"tusk: -c {s} requires a value");
                    return 1;
                }
                overrides.Add(s);
            }
            var gucs = ChildMain.LoadSettings(dir, overrides);
            gucs.SetInternal("config_file", Path.Combine(dir, DataDirectory.ConfigFile), GucSource.Override);
            gucs.SetInternal("hba_file", Path.Combine(dir, DataDirectory.HbaFile), GucSource.Override);
            File.WriteAllText(Path.Combine(dir, DataDirectory.OptsFile),
                string.Join(' ', new[] { ChildLauncherPath() }.Concat(Environment.GetCommandLineArgs().Skip(1)
                    .Where(a => a != "--detach"))) + "\n");
            return new Postmaster.Postmaster(dir, gucs, overrides).Run();
        }
        catch (PgException e)
        {
            Log.Report(e);
            return 1;
        }
    }

    static string ChildLauncherPath() => Postmaster.ChildLauncher.ExecutablePath;

    /// <summary>Detaches from the caller (tusk ctl): own session, stdin from /dev/null, output to the log file.</summary>
    static void Detach(string? logFile)
    {
        Libc.SetSid();
        using (var devnull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read))
            Libc.Dup2((int)devnull.DangerousGetHandle(), 0);
        string target = logFile ?? "/dev/null";
        using var fs = new FileStream(target, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        int fd = (int)fs.SafeFileHandle.DangerousGetHandle();
        Libc.Dup2(fd, 1);
        Libc.Dup2(fd, 2);
    }

    /// <summary>Descriptors inherited from whoever started us must not leak into the children.</summary>
    static void MarkInheritedDescriptorsCloseOnExec()
    {
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
                if (int.TryParse(Path.GetFileName(entry), CultureInfo.InvariantCulture, out int fd) && fd > 2)
                {
                    try
                    {
                        Libc.SetCloseOnExec(fd, true);
                    }
                    catch (IOException)
                    {
                    }
                }
        }
        catch (IOException)
        {
        }
    }
}
