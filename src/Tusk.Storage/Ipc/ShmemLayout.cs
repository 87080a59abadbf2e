// The order and sizes of the regions in the main segment (CalculateShmemSize / CreateSharedMemoryAndSemaphores).
// New subsystems (buffer pool, WAL buffers, lock tables, ...) add their region here, in a fixed order.
using Tusk.Common.Guc;
using Tusk.Storage.Activity;
using Tusk.Storage.Buffer;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Sync;
using Tusk.Storage.Transam;

namespace Tusk.Storage.Ipc;

/// <summary>Builds the region list from the settings and attaches each subsystem to its region.</summary>
public static unsafe class ShmemLayout
{
    public static List<ShmemRegion> Build(Settings settings)
    {
        int maxConnections = settings.GetInt("max_connections");
        int numProcs = maxConnections + ProcGlobal.AuxKinds.Length;
        return
        [
            ProcGlobal.Request(maxConnections),
            BackendStatus.Request(numProcs, settings.GetInt("track_activity_query_size")),
            ProcArray.Request(numProcs),
            VarSup.Request(),
            Clog.Request(),
            SubTrans.Request(),
            SharedInval.Request(numProcs),
            SyncQueue.Request(settings.GetInt("shared_buffers")),
            .. BufMgr.Request(settings.GetInt("shared_buffers")),
            XLog.Request(settings),
        ];
    }

    /// <summary>
    /// Everything a process needs before it touches shared data: every subsystem at its region, and the data
    /// directory for relation files, SLRUs and WAL. <paramref name="forwardSync"/>: written segments go to the
    /// checkpointer's fsync queue (every process but the checkpointer and the startup process, which sync their own).
    /// </summary>
    public static void AttachProcess(SharedMemory shm, string dataDir, bool forwardSync)
    {
        AttachAll(shm);
        Smgr.Smgr.Initialize(dataDir);
        Smgr.Smgr.ForwardSync = forwardSync ? SyncQueue.Forward : null;
        Slru.DataDirectory = dataDir;
        XLog.SetWalDirectory(Path.Combine(dataDir, "pg_wal"));
    }

    /// <summary>Points every subsystem at its region in a segment this process attached.</summary>
    public static void AttachAll(SharedMemory shm)
    {
        ProcGlobal.AttachRegion(shm.Region(ProcGlobal.RegionName));
        BackendStatus.AttachRegion(shm.Region(BackendStatus.RegionName));
        ProcArray.AttachRegion(shm.Region(ProcArray.RegionName));
        SharedInval.AttachRegion(shm.Region(SharedInval.RegionName));
        VarSup.AttachRegion(shm.Region(VarSup.RegionName));
        Clog.Attach(shm);
        SubTrans.Attach(shm);
        SyncQueue.AttachRegion(shm.Region(SyncQueue.RegionName));
        BufMgr.Attach(shm);
        XLog.AttachRegion(shm.Region(XLog.RegionName));
    }

    /// <summary>The segment file name for a port: /dev/shm/tusk.&lt;key&gt;, key = port * 1000 + 1.</summary>
    public static long KeyForPort(int port) => port * 1000L + 1;

    public static string PathForKey(long key) => $"/dev/shm/tusk.{key}";
}
