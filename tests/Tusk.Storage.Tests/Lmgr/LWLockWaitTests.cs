// The LWLock waits the WAL needs, between threads that each have a process slot: WaitForVar returns at once on a
// free lock, wakes on UpdateVar with the new value and on release; AcquireOrWait waits for a busy lock to be
// released and returns without it.
using Tusk.Common.Utils;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Xunit;

namespace Tusk.Storage.Tests.Lmgr;

[Collection(SharedStatics.Name)]
public sealed unsafe class LWLockWaitTests : IDisposable
{
    struct Region
    {
        public LWLock Lock;
        public ulong Var;
    }

    readonly string _path = $"/dev/shm/tusk.test.{Guid.NewGuid():N}";
    readonly SharedMemory _shm;

    public LWLockWaitTests()
    {
        _shm = SharedMemory.Create(_path,
        [
            ProcGlobal.Request(8),
            new ShmemRegion("WaitTest", sizeof(Region), p => LWLocks.Initialize(&((Region*)p)->Lock, LWLockTranche.Test)),
        ], Environment.ProcessId);
    }

    public void Dispose() => _shm.Remove();

    Region* R => (Region*)_shm.Region("WaitTest");

    // Runs body on a thread with its own slot; returns a task for its result.
    static Task<T> OnThread<T>(Func<T> body)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            ProcGlobal.ClaimThreadSlot(BackendType.ClientBackend);
            try
            {
                tcs.SetResult(body());
            }
            catch (Exception e)
            {
                tcs.SetException(e);
            }
            finally
            {
                LWLocks.ReleaseAll();
                ProcGlobal.ReleaseThreadSlot();
            }
        }).Start();
        return tcs.Task;
    }

    static void AssertStillWaiting(Task t)
    {
        Thread.Sleep(150);
        Assert.False(t.IsCompleted, "the waiter returned before it should have");
    }

    [Fact]
    public void WaitForVar_wakes_on_update_and_on_release()
    {
        var r = R;
        using var holderGo = new SemaphoreSlim(0);
        using var holderHas = new SemaphoreSlim(0);
        var holder = OnThread(() =>
        {
            LWLocks.Acquire(&r->Lock, LWLockMode.Exclusive);
            holderHas.Release();
            holderGo.Wait();
            LWLocks.UpdateVar(&r->Lock, &r->Var, 5);
            holderGo.Wait();
            LWLocks.ReleaseClearVar(&r->Lock, &r->Var, 0);
            return 0;
        });
        holderHas.Wait();
        var first = OnThread(() => (LWLocks.WaitForVar(&r->Lock, &r->Var, 0, out ulong v), v));
        AssertStillWaiting(first);
        holderGo.Release();
        Assert.Equal((false, 5UL), first.Result);
        var second = OnThread(() => (LWLocks.WaitForVar(&r->Lock, &r->Var, 5, out ulong v), v));
        AssertStillWaiting(second);
        holderGo.Release();
        Assert.True(second.Result.Item1);
        holder.Wait();
        Assert.Equal(0UL, r->Var);
        // Free lock: no wait at all.
        Assert.True(OnThread(() => LWLocks.WaitForVar(&r->Lock, &r->Var, 0, out _)).Result);
        Assert.Equal(-1, r->Lock.WaitHead);
    }

    [Fact]
    public void AcquireOrWait_waits_for_release_and_returns_without_the_lock()
    {
        var r = R;
        using var go = new SemaphoreSlim(0);
        using var has = new SemaphoreSlim(0);
        var holder = OnThread(() =>
        {
            LWLocks.Acquire(&r->Lock, LWLockMode.Exclusive);
            has.Release();
            go.Wait();
            LWLocks.Release(&r->Lock);
            return 0;
        });
        has.Wait();
        var waiter = OnThread(() =>
        {
            bool got = LWLocks.AcquireOrWait(&r->Lock, LWLockMode.Exclusive);
            bool held = LWLocks.HeldByMe(&r->Lock);
            return (got, held);
        });
        AssertStillWaiting(waiter);
        go.Release();
        Assert.Equal((false, false), waiter.Result);
        holder.Wait();
        var free = OnThread(() =>
        {
            bool got = LWLocks.AcquireOrWait(&r->Lock, LWLockMode.Exclusive);
            bool held = LWLocks.HeldByMe(&r->Lock);
            LWLocks.Release(&r->Lock);
            return (got, held);
        });
        Assert.Equal((true, true), free.Result);
        Assert.Equal(0, r->Lock.State & ((1 << 25) - 1));
    }
}
