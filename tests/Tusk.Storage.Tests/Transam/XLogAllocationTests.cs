// The WAL hot path allocates nothing per record: building a record (block reference with data, main data) in the
// thread's scratch buffer and inserting it, including ring pages being written out when the ring is full. Only
// moving to a new segment file allocates (its name, the handle). The same operation as bench/Tusk.Benchmarks'
// XLogInsertBenchmarks (budget in bench/allocation-budget.json).
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;
using Xunit;
using Xunit.Abstractions;

namespace Tusk.Storage.Tests.Transam;

[Collection(SharedStatics.Name)]
public sealed class XLogAllocationTests(ITestOutputHelper output)
{
    static readonly RelFileLocator Rel = new(1663, 5, 16384);

    static Lsn InsertHeapLike(ReadOnlySpan<byte> tuple, uint block)
    {
        var b = XLogRecordBuilder.Begin();
        b.RegisterBlock(0, Rel, ForkNumber.Main, block, tuple);
        b.SetMainData(tuple[..8]);
        return XLog.Insert(b.Finish(RmgrId.Heap, 0x00, 1234));
    }

    [Fact]
    public void Building_and_inserting_records_allocates_nothing()
    {
        using var wal = new TestWal(buffers: 8);
        var tuple = new byte[120];
        new Random(1).NextBytes(tuple);
        // Warm-up: first-use allocations (scratch buffer, lock bookkeeping, the segment file) are not per record.
        for (int i = 0; i < 2000; i++)
            InsertHeapLike(tuple, (uint)i);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Lsn end = Lsn.Invalid;
        for (int i = 0; i < 2000; i++)
            end = InsertHeapLike(tuple, (uint)i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(XLog.Stats.BuffersFull > 0);
        Assert.Equal(0, allocated);
        XLog.Flush(end);
    }

    [Fact]
    public void Moving_to_a_new_segment_file_allocates_little()
    {
        using var wal = new TestWal(buffers: 8, segmentSize: 64 * 1024);
        var tuple = new byte[120];
        for (int i = 0; i < 2000; i++)
            InsertHeapLike(tuple, (uint)i);
        ulong firstSegment = XLog.LogwrtResult.Write.Segment(wal.SegmentSize);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20_000; i++)
            InsertHeapLike(tuple, (uint)i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long segments = (long)(XLog.LogwrtResult.Write.Segment(wal.SegmentSize) - firstSegment);
        Assert.True(segments > 10);
        output.WriteLine($"{allocated} bytes for {segments} new segment files");
        // Creating and opening a segment file (its name, the handle): paid once per segment, not per record.
        Assert.True(allocated < segments * 4096, $"{allocated} bytes for {segments} segments");
    }
}
