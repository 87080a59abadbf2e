// Write and flush: XLogFlush returns only after the record is in its segment file and synced (fsync on); with
// fsync off nothing is synced but the flush position still advances; concurrent committers share fdatasyncs
// (group commit); the walwriter's background flush writes completed pages and asynchronous commits.
using System.Buffers.Binary;
using Tusk.LockHammer;
using Tusk.Storage.Transam;
using Xunit;
using Xunit.Abstractions;

namespace Tusk.Storage.Tests.Transam;

[Collection(SharedStatics.Name)]
public sealed class XLogFlushTests(ITestOutputHelper output)
{
    static Lsn InsertSmall(byte value, out Lsn start)
    {
        var b = XLogRecordBuilder.Begin();
        b.SetMainData([value, value, value]);
        return XLog.Insert(b.Finish(RmgrId.Transaction, 0, 9), out start);
    }

    [Fact]
    public void Flush_returns_once_the_record_is_synced_in_its_segment_file()
    {
        using var wal = new TestWal(fsync: true);
        InsertSmall(1, out _);
        Lsn end = InsertSmall(2, out Lsn start);
        Assert.True(XLog.LogwrtResult.Flush < end);
        long syncs = XLog.Stats.Syncs;
        XLog.Flush(end);
        var result = XLog.LogwrtResult;
        Assert.True(result.Flush >= end);
        Assert.True(result.Write >= result.Flush);
        Assert.Equal(syncs + 1, XLog.Stats.Syncs);
        // The file holds the record at its LSN, sealed with the prev-link of the record before.
        byte[] file = File.ReadAllBytes(wal.SegmentPath(1));
        Assert.Equal(wal.SegmentSize, file.Length);
        var at = file.AsSpan(start.SegmentOffset(wal.SegmentSize));
        Assert.Equal(XLogDecodeError.None, DecodedRecord.TryDecode(at, out var rec));
        Assert.Equal(wal.FirstRecord, rec.Prev);
        Assert.Equal(new byte[] { 2, 2, 2 }, rec.MainData.ToArray());
        Assert.Equal(end, start + (long)rec.TotalLength);
        // Already flushed: no more syncs.
        XLog.Flush(start);
        XLog.Flush(end);
        Assert.Equal(syncs + 1, XLog.Stats.Syncs);
    }

    [Fact]
    public void Wal_past_max_wal_size_since_the_redo_point_asks_for_a_checkpoint()
    {
        using var wal = new TestWal(buffers: 64);
        int asked = 0;
        XLog.SetRedoRecPtr(XLog.FirstSegmentStart);
        XLog.CheckpointSegments = 2;
        XLog.CheckpointNeeded = () => Interlocked.Increment(ref asked);
        try
        {
            var payload = new byte[4000];
            void Fill(long bytes)
            {
                Lsn from = XLog.InsertRecPtr;
                while (XLog.InsertRecPtr - from < bytes)
                {
                    var b = XLogRecordBuilder.Begin();
                    b.SetMainData(payload);
                    XLog.Flush(XLog.Insert(b.Finish(RmgrId.Transaction, 0, 9)));
                }
            }
            Fill(wal.SegmentSize * 3 / 2); // into the second segment: one segment since the redo point
            Assert.Equal(0, asked);
            Fill(wal.SegmentSize);         // the second segment fills up: two since the redo point
            Assert.True(asked >= 1);
            // A checkpoint moves the redo point: no more requests until two more segments fill.
            int before = asked;
            XLog.BeginCheckpointRedo();
            Fill(wal.SegmentSize / 2);
            Assert.Equal(before, asked);
            // PostgreSQL 15 defaults (max_wal_size 1 GB, target 0.9): 64 segments / 1.9 = 33.
            Assert.Equal(33, XLog.ComputeCheckpointSegments(1024, 0.9, 16 * 1024 * 1024));
        }
        finally
        {
            XLog.CheckpointSegments = 0;
            XLog.CheckpointNeeded = null;
        }
    }

    [Fact]
    public void Fsync_off_advances_the_flush_position_without_syncing()
    {
        using var wal = new TestWal(fsync: false);
        Lsn end = InsertSmall(3, out _);
        XLog.Flush(end);
        Assert.True(XLog.LogwrtResult.Flush >= end);
        Assert.Equal(0, XLog.Stats.Syncs);
        Assert.True(XLog.Stats.Writes > 0);
    }

    [Fact]
    public void Concurrent_committers_share_fsyncs()
    {
        const int threads = 8, commits = 20;
        using var wal = new TestWal(fsync: true);
        long before = XLog.Stats.Syncs;
        TestWal.OnThreads(threads, t =>
        {
            for (int i = 0; i < commits; i++)
            {
                Lsn end = WalHammer.Insert(WalHammer.KindThread, t, i % 49);
                XLog.Flush(end);
                if (XLog.LogwrtResult.Flush < end)
                    throw new InvalidOperationException($"Flush({end}) returned at {XLog.LogwrtResult.Flush}");
            }
        });
        long syncs = XLog.Stats.Syncs - before;
        output.WriteLine($"{syncs} fdatasyncs for {threads * commits} commits");
        Assert.True(syncs > 0);
        Assert.True(syncs < threads * commits, $"{syncs} fdatasyncs for {threads * commits} commits");
        Assert.Equal(threads * commits, wal.ReadAll(out _).Count);
    }

    [Fact]
    public void Flush_beyond_all_reserved_wal_throws()
    {
        using var wal = new TestWal();
        Lsn end = InsertSmall(4, out _);
        Assert.Throws<InvalidOperationException>(() => XLog.Flush(end + 1_000_000));
        // Everything that did exist was flushed on the way.
        Assert.True(XLog.LogwrtResult.Flush >= end);
    }

    [Fact]
    public void Background_flush_writes_completed_pages_then_async_commits()
    {
        using var wal = new TestWal();
        Lsn end = Lsn.Invalid;
        for (int i = 0; i < 40; i++)
            end = InsertSmall((byte)i, out _);
        // 40 small records fit in one page: nothing completed, nothing asked for.
        Assert.False(XLog.BackgroundFlush());
        Span<byte> big = new byte[20_000];
        BinaryPrimitives.WriteInt32LittleEndian(big, 5);
        var b = XLogRecordBuilder.Begin();
        b.SetMainData(big);
        Lsn bigEnd = XLog.Insert(b.Finish(RmgrId.Heap, 0, 1));
        Assert.True(XLog.BackgroundFlush());
        Lsn flushed = XLog.LogwrtResult.Flush;
        Assert.Equal(0, flushed.PageOffset);
        Assert.True(flushed > end && flushed < bigEnd);
        XLog.SetAsyncXactLsn(bigEnd);
        Assert.True(XLog.BackgroundFlush());
        Assert.True(XLog.LogwrtResult.Flush >= bigEnd);
        Assert.False(XLog.BackgroundFlush());
    }
}
