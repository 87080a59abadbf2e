// Start-up common to every child process (SubPostmasterMain): tie the process's life to the postmaster,
// name it, load settings, attach shared memory, then run the role's main function.
using Tusk.Common.Elog;
using Tusk.Common.Errors;
using Tusk.Common.Guc;
using Tusk.Common.Utils;
using Tusk.Storage.Buffer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Port;
using Tusk.Storage.Sync;
using Tusk.Storage.Transam;

namespace Tusk.Backend.Processes;

/// <summary>Entry point for <c>tusk --child=ROLE ...</c>.</summary>
public static class ChildMain
{
    public static int Run(string[] argv)
    {
        var args = ChildArgs.Parse(argv);
        // Die with the postmaster (the spawning thread is the postmaster's main thread, which lives as long
        // as the postmaster), and close the race where it died before the prctl.
        Libc.SetParentDeathSignal(Libc.SigKill);
        if (Libc.GetParentPid() != args.PostmasterPid)
            return 1;
        if (args.Type == BackendType.Invalid)
        {
            Console.Error.WriteLine("tusk: unknown child role");
            return 1;
        }
        Log.BackendType = BackendTypeNames.Of(args.Type);
        var settings = LoadSettings(args.DataDir, args.Overrides);
        var shm = SharedMemory.Attach(args.ShmemPath);
        // The checkpointer syncs what it writes itself; so does the startup process, whose end-of-recovery
        // checkpoint syncs everything redo wrote.
        ShmemLayout.AttachProcess(shm, args.DataDir,
            forwardSync: args.Type != BackendType.Checkpointer && args.Type != BackendType.Startup);
        BufMgr.Checksums = settings.GetBool("data_checksums");
        XLog.ConfigureProcess(settings);
        XLog.CheckpointNeeded = static () => SyncQueue.RequestCheckpoint(CheckpointFlags.Wal);
        Tusk.Access.ResourceManagers.RegisterAll();
        var ctx = new ChildContext(args, settings);
        try
        {
            return args.Type switch
            {
                BackendType.ClientBackend => Tcop.PostgresMain.Run(ctx),
                BackendType.Startup => Startup.Run(ctx),
                BackendType.Checkpointer => Checkpointer.Run(ctx),
                BackendType.BackgroundWriter => BgWriter.Run(ctx),
                BackendType.WalWriter => WalWriter.Run(ctx),
                BackendType.AutovacuumLauncher => AutovacuumLauncher.Run(ctx),
                BackendType.LogicalReplicationLauncher => LogicalReplicationLauncher.Run(ctx),
                _ => 1,
            };
        }
        catch (PgException e) when (e.Severity >= Severity.Fatal)
        {
            Log.Report(e);
            return 1;
        }
    }

    /// <summary>tusk.conf, then the postmaster's command-line settings on top.</summary>
    public static Settings LoadSettings(string dataDir, IEnumerable<string> overrides)
    {
        var settings = new Settings();
        settings.LoadFile(Path.Combine(dataDir, "tusk.conf"), isReload: false, msg => Log.Info(msg),
            isPostmaster: false);
        ApplyOverrides(settings, overrides);
        settings.SetInternal("data_directory", dataDir, GucSource.Override);
        Log.MinLevel = Log.ParseLevel(settings.GetString("log_min_messages"));
        return settings;
    }

    public static void ApplyOverrides(Settings settings, IEnumerable<string> overrides)
    {
        foreach (var o in overrides)
        {
            int eq = o.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
                settings.SetInternal(o[..eq], o[(eq + 1)..], GucSource.CommandLine);
        }
    }
}

/// <summary>What every child role receives: its arguments and settings.</summary>
public sealed class ChildContext(ChildArgs args, Settings settings)
{
    public ChildArgs Args { get; } = args;
    public Settings Settings { get; } = settings;

    /// <summary>Reloads if a SIGHUP arrived since the last look.</summary>
    public void ReloadIfPending()
    {
        if (Interrupts.ConfigReloadPending)
        {
            Interrupts.ConfigReloadPending = false;
            Reload();
        }
    }

    /// <summary>Re-reads tusk.conf after SIGHUP (settings of context sighup and lower change).</summary>
    public void Reload()
    {
        Settings.LoadFile(Path.Combine(Args.DataDir, "tusk.conf"), isReload: true, msg => Log.Info(msg),
            isPostmaster: false);
        Log.MinLevel = Log.ParseLevel(Settings.GetString("log_min_messages"));
    }
}
