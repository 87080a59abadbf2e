// The bulk writers over the small pool: the background writer's round (SyncLru) cleans the next victims ahead of
// the clock hand, within bgwriter_lru_maxpages, leaving buffers in use alone, and counts what it wrote; a
// checkpoint's write phase (FlushAllBuffers) writes only what was dirty when it began, and its pacer naps while
// ahead of schedule unless the checkpoint is immediate or is told to hurry. Timing is only ever a lower bound.
using System.Diagnostics;
using Tusk.Storage.Buffer;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Page;
using Tusk.Storage.Smgr;
using Tusk.Storage.Sync;
using Xunit;

namespace Tusk.Storage.Tests;

public sealed unsafe partial class BufferManagerTests
{
    static bool IsDirty(int id) => (BufMgr.State(new Tusk.Storage.Buffer.Buffer(id)) & BufState.Dirty) != 0;

    /// <summary>
    /// Fills the pool with dirty pages and brings in one more block: the sweep lowers every usage count to 0 and
    /// evicts buffer 0 (a backend write). Buffers 1.. are then dirty, unpinned, usage 0: the next victims.
    /// </summary>
    void FillAndSweep()
    {
        Fill(NBuffers + 1, b => b);
        Assert.Equal((uint)NBuffers, BufMgr.GetTag(new Tusk.Storage.Buffer.Buffer(0)).Block);
        for (int id = 1; id < NBuffers; id++)
        {
            Assert.True(IsDirty(id));
            Assert.Equal(0, BufState.UsageCount(BufMgr.State(new Tusk.Storage.Buffer.Buffer(id))));
        }
    }

    [Fact]
    public void Background_writer_cleans_the_next_victims_through_the_normal_write_path()
    {
        FillAndSweep();
        var before = Freelist.Counters;
        Assert.True(before.BuffersBackend >= 1, "the eviction of a dirty buffer is a backend write");
        Assert.Equal(NBuffers + 1, before.BuffersAlloc);

        var r = BufMgr.SyncLru(new LruSyncState(), maxPages: 100, multiplier: 2.0, delayMs: 200);

        Assert.Equal(NBuffers - 1, r.Written);
        Assert.False(r.HitMaxPages);
        for (int id = 1; id < NBuffers; id++)
        {
            Assert.False(IsDirty(id), $"buffer {id} still dirty");
        }
        Assert.True(IsDirty(0), "buffer 0 was just used (usage 1): not a victim yet");
        var after = Freelist.Counters;
        Assert.Equal(before.BuffersClean + NBuffers - 1, after.BuffersClean);
        Assert.Equal(before.BuffersBackend, after.BuffersBackend);

        // Written like any other write: with its checksum, readable from disk.
        var raw = new byte[BufPage.BlockSize];
        _rel.Read(ForkNumber.Main, 5, raw);
        fixed (byte* p = raw)
        {
            Assert.True(PageChecksum.Verify(p, 5, checksums: true, out _, out _));
        }
        Assert.Equal(0, BufMgr.ReleaseAllPins());
    }

    [Fact]
    public void Background_writer_stops_at_maxpages_and_goes_on_from_there_next_round()
    {
        FillAndSweep();
        var state = new LruSyncState();
        long maxedBefore = Freelist.Counters.MaxWrittenClean;

        var r = BufMgr.SyncLru(state, maxPages: 4, multiplier: 2.0, delayMs: 200);
        Assert.Equal(4, r.Written);
        Assert.True(r.HitMaxPages);
        Assert.Equal(maxedBefore + 1, Freelist.Counters.MaxWrittenClean);
        Assert.Equal([false, false, false, false, true], [.. Enumerable.Range(1, 5).Select(IsDirty)]);

        // No new allocations: the slowly decaying estimate still asks for more, from where the last round stopped.
        r = BufMgr.SyncLru(state, maxPages: 4, multiplier: 2.0, delayMs: 200);
        Assert.Equal(4, r.Written);
        Assert.Equal([false, false, false, false, true], [.. Enumerable.Range(5, 5).Select(IsDirty)]);

        // Disabled: nothing is written.
        r = BufMgr.SyncLru(state, maxPages: 0, multiplier: 2.0, delayMs: 200);
        Assert.Equal((0, 0), (r.Scanned, r.Written));
        Assert.True(IsDirty(9));
    }

    [Fact]
    public void Background_writer_leaves_pinned_and_recently_used_buffers_alone()
    {
        FillAndSweep();
        var pinned = BufMgr.ReadBuffer(_rel, ForkNumber.Main, 3); // pin (and usage 1) on the block in buffer 3
        Assert.Equal(3, pinned.Id);
        var used = BufMgr.ReadBuffer(_rel, ForkNumber.Main, 4);
        BufMgr.ReleaseBuffer(used); // unpinned, but usage 1

        var r = BufMgr.SyncLru(new LruSyncState(), maxPages: 100, multiplier: 2.0, delayMs: 200);

        Assert.Equal(NBuffers - 3, r.Written);
        Assert.True(IsDirty(3));
        Assert.True(IsDirty(4));
        Assert.False(IsDirty(5));
        BufMgr.ReleaseBuffer(pinned);
    }

    [Fact]
    public void Checkpoint_writes_what_was_dirty_when_it_began_not_what_is_dirtied_meanwhile()
    {
        Fill(4, b => b);
        Assert.Equal(4, BufMgr.FlushAllBuffers());
        Dirty(0);
        Dirty(1);
        long before = Freelist.Counters.BuffersCheckpoint;
        int calls = 0;
        int written = BufMgr.FlushAllBuffers(progress =>
        {
            if (calls++ == 0)
            {
                Dirty(2);
            }
            Assert.InRange(progress, 0.0, 1.0);
        });
        Assert.Equal((2, 2), (written, calls));
        Assert.Equal(before + 2, Freelist.Counters.BuffersCheckpoint);
        Assert.True(IsDirty(BufferOf(2)), "dirtied after the start: left for the next checkpoint");
        Assert.Equal(1, BufMgr.FlushAllBuffers());
    }

    void Dirty(uint block)
    {
        var b = BufMgr.ReadBuffer(_rel, ForkNumber.Main, block);
        BufMgr.LockBuffer(b, LWLockMode.Exclusive);
        BufMgr.MarkBufferDirty(b);
        BufMgr.UnlockReleaseBuffer(b);
    }

    int BufferOf(uint block)
    {
        var b = BufMgr.ReadBuffer(_rel, ForkNumber.Main, block);
        BufMgr.ReleaseBuffer(b);
        return b.Id;
    }

    [Fact]
    public void Spread_checkpoint_naps_until_its_target_time()
    {
        Fill(8, b => b);
        var pacer = new CheckpointPacer(CheckpointFlags.None, targetSeconds: 0.5, hurry: () => false, nap: Thread.Sleep);
        var clock = Stopwatch.StartNew();
        Assert.Equal(8, BufMgr.FlushAllBuffers(pacer.AfterBuffer));
        // On schedule means done/total >= elapsed/target after every buffer, the last one included.
        Assert.True(clock.Elapsed.TotalSeconds >= 0.45, $"spread write phase took only {clock.Elapsed.TotalSeconds:F3} s");
        Assert.True(pacer.Naps >= 1);
        Assert.False(pacer.Hurried);
    }

    [Theory]
    [InlineData(CheckpointFlags.Immediate | CheckpointFlags.Requested)]
    [InlineData(CheckpointFlags.Shutdown | CheckpointFlags.Immediate)]
    public void Immediate_and_shutdown_checkpoints_never_nap(CheckpointFlags flags)
    {
        Fill(8, b => b);
        var pacer = new CheckpointPacer(flags, targetSeconds: 30, hurry: () => false, nap: Thread.Sleep);
        Assert.Equal(8, BufMgr.FlushAllBuffers(pacer.AfterBuffer));
        Assert.Equal(0, pacer.Naps);
    }

    [Fact]
    public void Spread_checkpoint_finishes_at_full_speed_once_an_immediate_one_is_requested()
    {
        Fill(8, b => b);
        CheckpointPacer? pacer = null;
        pacer = new CheckpointPacer(CheckpointFlags.None, targetSeconds: 30, hurry: () => SyncQueue.ImmediateRequested,
            nap: _ =>
            {
                Assert.False(SyncQueue.ImmediateRequested);
                SyncQueue.RequestCheckpoint(CheckpointFlags.Requested); // not immediate: keeps napping
                if (pacer!.Naps == 2)
                {
                    SyncQueue.RequestCheckpoint(CheckpointFlags.Immediate | CheckpointFlags.Requested
                        | CheckpointFlags.Wait);
                }
            });
        Assert.Equal(8, BufMgr.FlushAllBuffers(pacer.AfterBuffer));
        Assert.Equal(2, pacer.Naps);
        Assert.True(pacer.Hurried);

        // The checkpointer takes the request (and its reasons); nothing immediate is pending after that.
        Assert.True(SyncQueue.TakeRequest(out var flags));
        Assert.Equal("immediate force wait", Checkpoint.Describe(flags));
        Assert.False(SyncQueue.ImmediateRequested);
        int number = SyncQueue.CheckpointStarted();
        SyncQueue.CheckpointDone(number, flags, 0, 0);
    }

    [Fact]
    public void Checkpoint_waiters_wake_when_a_checkpoint_started_after_their_request_completes()
    {
        SyncQueue.RegisterCheckpointer(ProcGlobal.MyProcNumber);
        int target = SyncQueue.RequestCheckpoint(CheckpointFlags.Immediate | CheckpointFlags.Requested
            | CheckpointFlags.Wait);
        var waiter = Task.Run(() => SyncQueue.WaitForCheckpoint(target, () => { }));
        Thread.Sleep(200);
        Assert.False(waiter.IsCompleted);
        long requested = SyncQueue.CheckpointStats.Requested;
        Assert.True(SyncQueue.TakeRequest(out _));
        int number = SyncQueue.CheckpointStarted();
        Assert.Equal(target, number);
        SyncQueue.CheckpointDone(number, CheckpointFlags.Requested, 0.25, 0.125);
        Assert.True(waiter.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(requested + 1, SyncQueue.CheckpointStats.Requested);
        SyncQueue.RegisterCheckpointer(-1);
    }
}
