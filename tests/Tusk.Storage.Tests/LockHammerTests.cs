// Spinlocks and LWLocks hammered from several real processes sharing one segment: mutual exclusion holds,
// shared holders run together, and every worker finishes (progress, no lost wake-ups).
using Tusk.LockHammer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Xunit;

namespace Tusk.Storage.Tests;

[Collection(SharedMemoryCollection.Name)]
public sealed unsafe class LockHammerTests : IDisposable
{
    readonly string _path = $"/dev/shm/tusk.test.{Guid.NewGuid():N}";
    readonly SharedMemory _shm;

    public LockHammerTests()
    {
        _shm = SharedMemory.Create(_path,
        [
            ProcGlobal.Request(16),
            new ShmemRegion(HammerRegion.Name, sizeof(HammerRegion),
                p => LWLocks.Initialize(&((HammerRegion*)p)->Lock, LWLockTranche.Test)),
        ], Environment.ProcessId);
    }

    public void Dispose() => _shm.Remove();

    HammerRegion* Region => (HammerRegion*)_shm.Region(HammerRegion.Name);

    void RunWorkers(int workers, params string[] args) => HammerProcesses.Run(_path, workers, Dump, args);

    string Dump()
    {
        var h = Region;
        var sb = new System.Text.StringBuilder();
        sb.Append($"state=0x{h->Lock.State:x} head={h->Lock.WaitHead} tail={h->Lock.WaitTail} a={h->A} reads={h->SharedReads};");
        for (int i = 0; i < 16; i++)
        {
            ref var p = ref ProcGlobal.Proc(i);
            if (p.Pid != 0)
                sb.Append($" [{i}: waiting={p.LwWaiting} mode={p.LwWaitMode} sem={p.Sem} next={p.LwNext} prev={p.LwPrev}]");
        }
        return sb.ToString();
    }

    [Fact]
    public void Spinlock_is_mutually_exclusive_across_processes()
    {
        RunWorkers(4, "spin", "200000");
        Assert.Equal(4 * 200000L, Region->SpinCounter);
        Assert.Equal(0, Region->Spin);
    }

    [Fact]
    public void LWLock_exclusive_holders_exclude_everyone_and_readers_share()
    {
        const int workers = 4, iterations = 100000, every = 4;
        RunWorkers(workers, "lwlock", iterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
            every.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var h = Region;
        long writes = workers * (long)((iterations + every - 1) / every);
        Assert.Equal(0, h->Violations);
        Assert.Equal(writes, h->A);
        Assert.Equal(writes, h->B);
        Assert.Equal(workers * (long)iterations - writes, h->SharedReads);
        // The lock word is back to "free, release-ok" and nobody is left queued.
        Assert.Equal(-1, h->Lock.WaitHead);
        Assert.Equal(0, h->Lock.State & ((1 << 25) - 1));
    }

    [Fact]
    public void LWLock_exclusive_only_workload_makes_progress()
    {
        RunWorkers(6, "lwlock", "30000", "1");
        Assert.Equal(0, Region->Violations);
        Assert.Equal(6 * 30000L, Region->A);
    }
}
