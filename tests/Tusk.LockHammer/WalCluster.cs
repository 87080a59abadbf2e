// A storage cluster without a server, for recovery tests and their worker processes: a data directory (control
// file, pg_wal, pg_xact, base) and a shared memory segment with every region storage needs (process slots, proc
// array, xid counter, commit log, pg_subtrans, fsync queue, buffer pool, WAL). Start() plays the startup process: it replays
// WAL from the last checkpoint and opens WAL for insertion; Crash() drops the segment without writing anything,
// which is what kill -9 of every server process does (only what reached the files and the flushed WAL survives).
// Workers Attach() to the same segment by its path. Create(name, nbuffers, parent, walBuffers) also serves the
// storage benchmarks (bench/Tusk.Compare), which want the server's default sizes and a directory of their own.
using Tusk.Access;
using Tusk.Common.Guc;
using Tusk.Common.Utils;
using Tusk.Storage.Buffer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Smgr;
using Tusk.Storage.Sync;
using Tusk.Storage.Transam;

namespace Tusk.LockHammer;

public sealed unsafe class WalCluster : IDisposable
{
    public const int Procs = 16;
    readonly bool _ownsDir;
    SharedMemory? _shm;

    WalCluster(string dataDir, bool ownsDir, int nbuffers, int walBuffers)
    {
        DataDirectory = dataDir;
        _ownsDir = ownsDir;
        NBuffers = nbuffers;
        WalBuffers = walBuffers;
    }

    public string DataDirectory { get; }

    public int NBuffers { get; }

    /// <summary>wal_buffers in pages (-1: the server's default, 1/32 of the buffer pool).</summary>
    public int WalBuffers { get; }

    public string ShmPath { get; private set; } = "";

    public List<string> Log { get; } = [];

    /// <summary>
    /// A new cluster (as initdb leaves it), started, in a new directory under <paramref name="parent"/> (default:
    /// the temp directory); the directory goes with <see cref="Dispose"/>.
    /// </summary>
    public static WalCluster Create(string name, int nbuffers = 64, string? parent = null, int walBuffers = 16)
    {
        string dir = parent is null
            ? Directory.CreateTempSubdirectory($"tusk-{name}-").FullName
            : Directory.CreateDirectory(Path.Combine(parent, $"tusk-{name}-{Guid.NewGuid():N}")).FullName;
        foreach (var sub in new[] { "global", "base", "pg_wal", "pg_xact" })
        {
            Directory.CreateDirectory(Path.Combine(dir, sub));
        }
        ControlFile.Bootstrap(dir, dataChecksums: true);
        var c = new WalCluster(dir, ownsDir: true, nbuffers, walBuffers);
        c.Start();
        return c;
    }

    /// <summary>The server's own layout at a small size (shared_buffers in 8 kB pages).</summary>
    public static List<ShmemRegion> Regions(int nbuffers, int walBuffers = 16)
    {
        var settings = new Settings();
        settings.SetInternal("max_connections", $"{Procs}", GucSource.Override);
        settings.SetInternal("shared_buffers", $"{nbuffers}", GucSource.Override);
        settings.SetInternal("wal_buffers", $"{walBuffers}", GucSource.Override);
        return ShmemLayout.Build(settings);
    }

    /// <summary>Points this process's storage statics at a segment and a data directory (what ChildMain does).</summary>
    public static void AttachProcess(SharedMemory shm, string dataDir, bool forwardSync)
    {
        ShmemLayout.AttachProcess(shm, dataDir, forwardSync);
        XLog.EnableFsync = false;
        XLog.FullPageWrites = true;
        BufMgr.Checksums = true;
        ResourceManagers.RegisterAll();
    }

    /// <summary>A fresh segment, then recovery (and the end-of-recovery checkpoint if anything was replayed).</summary>
    public StartupXLog.Result Start()
    {
        ShmPath = $"/dev/shm/tusk.test.{Guid.NewGuid():N}";
        _shm = SharedMemory.Create(ShmPath, Regions(NBuffers, WalBuffers), Environment.ProcessId);
        AttachProcess(_shm, DataDirectory, forwardSync: false);
        if (ProcGlobal.ClaimClientSlot(true, 0, BackendType.ClientBackend, 0) < 0)
        {
            throw new InvalidOperationException("no process slot");
        }
        return StartupXLog.Recover(DataDirectory, Log.Add);
    }

    /// <summary>Everything in shared memory is lost; files and flushed WAL stay.</summary>
    public void Crash()
    {
        Detach();
    }

    /// <summary>A clean shutdown: the shutdown checkpoint, then the segment goes.</summary>
    public void Shutdown()
    {
        Checkpoint.Run(CheckpointFlags.Shutdown | CheckpointFlags.Immediate);
        Detach();
    }

    void Detach()
    {
        if (_shm == null)
        {
            return;
        }
        BufMgr.ReleaseAllPins();
        LWLocks.ReleaseAll();
        ProcGlobal.ReleaseMySlot();
        XLog.DetachRegion();
        Smgr.ForwardSync = null;
        Smgr.CloseAll();
        _shm.Remove();
        _shm = null;
    }

    public void Dispose()
    {
        Detach();
        if (_ownsDir)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
