// A shared memory segment for in-process storage tests (and their worker processes): process slots, proc array,
// xid assignment, commit log, pg_subtrans, optionally a buffer pool (checksums on), and any extra regions, with
// this process holding a slot; the data directory is a temp directory. Dispose drops pins and locks, gives the
// slots back and removes the segment and the directory.
using Tusk.Common.Utils;
using Tusk.Storage.Buffer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;

namespace Tusk.LockHammer;

public sealed class TestSegment : IDisposable
{
    const int Procs = 16;
    readonly SharedMemory _shm;
    readonly List<int> _slots = [];

    public TestSegment(string name, int nbuffers = 0, params ShmemRegion[] extra)
    {
        Path = $"/dev/shm/tusk.test.{Guid.NewGuid():N}";
        DataDirectory = Directory.CreateTempSubdirectory($"tusk-{name}-").FullName;
        _shm = SharedMemory.Create(Path,
        [
            ProcGlobal.Request(Procs),
            ProcArray.Request(Procs + ProcGlobal.AuxKinds.Length),
            VarSup.Request(),
            Clog.Request(),
            SubTrans.Request(),
            .. nbuffers > 0 ? BufMgr.Request(nbuffers) : [],
            .. extra,
        ], Environment.ProcessId);
        if (nbuffers > 0)
        {
            BufMgr.Attach(_shm);
            BufMgr.Checksums = true;
        }
        Smgr.Initialize(DataDirectory);
        Slru.DataDirectory = DataDirectory;
        MainSlot = ClaimSlot();
    }

    public string Path { get; }

    public string DataDirectory { get; }

    public int MainSlot { get; }

    public SharedMemory Shm => _shm;

    /// <summary>Claims another process slot (a second session played by this process); MainSlot stays current.</summary>
    public int ClaimSlot()
    {
        int slot = ProcGlobal.ClaimClientSlot(true, 0, BackendType.ClientBackend, 0);
        if (slot < 0)
        {
            throw new InvalidOperationException("no free process slot in the test segment");
        }
        _slots.Add(slot);
        if (_slots.Count > 1)
        {
            ProcGlobal.ActAs(MainSlot);
        }
        return slot;
    }

    public void Dispose()
    {
        BufMgr.ReleaseAllPins();
        LWLocks.ReleaseAll();
        foreach (int slot in _slots)
        {
            ProcGlobal.ActAs(slot);
            ProcGlobal.ReleaseMySlot();
        }
        Smgr.CloseAll();
        _shm.Remove();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
