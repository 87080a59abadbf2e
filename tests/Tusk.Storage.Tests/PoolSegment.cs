// A shared memory segment with process slots and a buffer pool (checksums on) for in-process storage tests, with
// this process holding a slot and a temporary data directory. Dispose drops pins and locks, removes both.
using Tusk.Common.Utils;
using Tusk.Storage.Buffer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Xunit;

namespace Tusk.Storage.Tests;

sealed class PoolSegment : IDisposable
{
    public PoolSegment(string name, int nbuffers, params ShmemRegion[] extra)
    {
        Path = $"/dev/shm/tusk.test.{Guid.NewGuid():N}";
        DataDirectory = Directory.CreateTempSubdirectory($"tusk-{name}-").FullName;
        Shm = SharedMemory.Create(Path, [ProcGlobal.Request(16), .. BufMgr.Request(nbuffers), .. extra], Environment.ProcessId);
        BufMgr.Attach(Shm);
        BufMgr.Checksums = true;
        Smgr.Smgr.Initialize(DataDirectory);
        Assert.True(ProcGlobal.ClaimClientSlot(true, 0, BackendType.ClientBackend, 0) >= 0);
    }

    public string Path { get; }

    public string DataDirectory { get; }

    public SharedMemory Shm { get; }

    public void Dispose()
    {
        BufMgr.ReleaseAllPins();
        LWLocks.ReleaseAll();
        ProcGlobal.ReleaseMySlot();
        Smgr.Smgr.CloseAll();
        Shm.Remove();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
