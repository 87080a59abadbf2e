// The checkpointer's fsync request queue: repeated requests for one segment take one entry, a full queue is
// compacted before a writer has to fsync by itself, and absorbing hands every distinct request over once.
using Tusk.LockHammer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Smgr;
using Tusk.Storage.Sync;
using Xunit;

namespace Tusk.Storage.Tests.Sync;

[Collection(SharedStatics.Name)]
public sealed class SyncQueueTests : IDisposable
{
    const int Capacity = 32;
    static readonly RelFileLocator Rel = new(RelFileLocator.DefaultTablespace, 5, 30000);
    readonly TestSegment _segment = new("syncqueue", extra: SyncQueue.Request(Capacity));

    public void Dispose() => _segment.Dispose();

    static List<(RelFileLocator, ForkNumber, int)> AbsorbAll()
    {
        var got = new List<(RelFileLocator, ForkNumber, int)>();
        SyncQueue.Absorb((r, f, s) => got.Add((r, f, s)));
        return got;
    }

    [Fact]
    public void Repeated_requests_for_a_segment_take_one_entry()
    {
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(SyncQueue.Forward(Rel, ForkNumber.Main, 0));
        }
        Assert.Single(AbsorbAll());
    }

    [Fact]
    public void A_full_queue_is_compacted_before_a_writer_must_fsync_itself()
    {
        // Twelve segments cycled: more than the last-few check looks back, so duplicates fill the queue, and
        // compaction must make room each time instead of turning writers away.
        const int segments = 12;
        for (int round = 0; round < 10; round++)
        {
            for (int seg = 0; seg < segments; seg++)
            {
                Assert.True(SyncQueue.Forward(Rel, ForkNumber.Main, seg), $"refused in round {round}");
            }
        }
        var got = AbsorbAll();
        Assert.Equal(segments, got.Distinct().Count());
        // Only distinct requests beyond the capacity are refused: the writer then fsyncs by itself.
        int refused = 0;
        for (int seg = 0; seg < Capacity * 2; seg++)
        {
            if (!SyncQueue.Forward(Rel, ForkNumber.Main, 100 + seg))
            {
                refused++;
            }
        }
        Assert.Equal(Capacity, refused);
        Assert.Equal(Capacity, AbsorbAll().Count);
    }
}
