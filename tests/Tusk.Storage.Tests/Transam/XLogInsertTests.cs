// WAL insertion: records go in and come back out of the segment files in order, whole, with an unbroken
// prev-link chain; across page and segment boundaries, through a ring much smaller than the WAL written, and
// from several threads and several processes inserting at once.
using Tusk.Storage.Smgr;
using Tusk.LockHammer;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Transam;
using Xunit;
using Xunit.Abstractions;

namespace Tusk.Storage.Tests.Transam;

[Collection(SharedStatics.Name)]
public sealed class XLogInsertTests(ITestOutputHelper output)
{
    static void AssertEveryRecordOnce(List<(Lsn Start, Lsn End, int Kind, int Id, int Seq)> records,
        IReadOnlyCollection<(int Kind, int Id)> writers, int perWriter)
    {
        Assert.Equal(writers.Count * perWriter, records.Count);
        foreach (var (kind, id) in writers)
        {
            var seqs = records.Where(r => r.Kind == kind && r.Id == id).Select(r => r.Seq).ToList();
            // Each writer's records appear exactly once and in the order it inserted them.
            Assert.Equal(Enumerable.Range(0, perWriter), seqs);
        }
        for (int i = 1; i < records.Count; i++)
            Assert.True(records[i].Start >= records[i - 1].End);
    }

    [Fact]
    public void Records_read_back_in_order_with_their_prev_links()
    {
        using var wal = new TestWal();
        Lsn first = Lsn.Invalid, end = Lsn.Invalid;
        for (int seq = 0; seq < 500; seq++)
        {
            end = WalHammer.Insert(WalHammer.KindThread, 0, seq);
            if (seq == 0)
                first = end;
        }
        Assert.True(XLog.NeedsFlush(end));
        XLog.Flush(end);
        Assert.False(XLog.NeedsFlush(end));
        var records = wal.ReadAll(out string? reason);
        AssertEveryRecordOnce(records, [(WalHammer.KindThread, 0)], 500);
        Assert.Equal(wal.FirstRecord, records[0].Start);
        Assert.Equal(first, records[0].End);
        Assert.Equal(end, records[^1].End);
        Assert.Equal(XLogConstants.NextRecordStart(end), XLog.InsertRecPtr);
        Assert.Contains("got 0", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Big_records_cross_pages_segments_and_the_whole_ring()
    {
        // 8 ring pages (64 kB) and 256 kB segments; records up to 300 kB.
        using var wal = new TestWal(buffers: 8, segmentSize: 256 * 1024);
        var rel = new RelFileLocator(1663, 1, 2000);
        var page = new byte[XLogRecord.BlockSize];
        new Random(1).NextBytes(page);
        var main = new byte[300_000];
        new Random(2).NextBytes(main);
        var sizes = new[] { 5, 300_000, 8000, 8168, 8169, 16, 200_000, 1, 70_000 };
        Lsn end = Lsn.Invalid;
        for (int i = 0; i < sizes.Length; i++)
        {
            var b = XLogRecordBuilder.Begin();
            if (i % 2 == 0)
                b.RegisterBlockWithImage(0, rel, ForkNumber.Main, (uint)i, page, 0, 0, [(byte)i]);
            b.SetMainData(main.AsSpan(0, sizes[i]));
            end = XLog.Insert(b.Finish(RmgrId.Heap, (byte)i, (uint)i));
        }
        XLog.Flush(end);
        Assert.True(XLog.Stats.BuffersFull > 0, "a full ring must have made inserters write WAL out");
        using var r = wal.Reader();
        var back = new byte[XLogRecord.BlockSize];
        for (int i = 0; i < sizes.Length; i++)
        {
            Assert.True(r.ReadRecord(out var rec), r.EndReason);
            Assert.Equal((byte)i, rec.Info);
            Assert.True(main.AsSpan(0, sizes[i]).SequenceEqual(rec.MainData));
            Assert.Equal(i % 2 == 0 ? 1 : 0, rec.BlockCount);
            if (i % 2 == 0)
            {
                rec.Block(0).RestoreImage(back);
                Assert.Equal(page, back);
            }
        }
        Assert.False(r.ReadRecord(out _));
        Assert.Equal(end, r.EndRecPtr);
        // About 640 kB of WAL in 256 kB segments, starting at segment 1.
        for (ulong s = 1; s <= 3; s++)
            Assert.True(File.Exists(wal.SegmentPath(s)), $"segment {s}");
        Assert.False(File.Exists(wal.SegmentPath(4)));
        Assert.Equal(256 * 1024, new FileInfo(wal.SegmentPath(1)).Length);
    }

    [Fact]
    public void Threads_insert_concurrently_and_every_record_arrives_once()
    {
        const int threads = 6, perThread = 3000;
        using var wal = new TestWal(buffers: 16);
        TestWal.OnThreads(threads, t =>
        {
            for (int seq = 0; seq < perThread; seq++)
                WalHammer.Insert(WalHammer.KindThread, t, seq);
        });
        XLog.Flush(XLog.InsertEndRecPtr);
        var records = wal.ReadAll(out _);
        int switches = records.Zip(records.Skip(1)).Count(p => p.First.Id != p.Second.Id);
        Assert.True(switches >= 20, $"only {switches} changes of writer in {records.Count} records");
        output.WriteLine($"{switches} changes of writer in {records.Count} records");
        AssertEveryRecordOnce(records,
            Enumerable.Range(0, threads).Select(t => (WalHammer.KindThread, t)).ToList(), perThread);
    }

    [Fact]
    public unsafe void Processes_and_threads_insert_at_once_and_every_record_arrives_once()
    {
        const int workers = 3, perWriter = 3000, threads = 2;
        using var wal = new TestWal(buffers: 16);
        var procs = Tusk.LockHammer.Workers.Start(wal.ShmPath, workers, ["wal", perWriter.ToString(
            System.Globalization.CultureInfo.InvariantCulture), wal.WalDir, "25"]);
        try
        {
            // Start inserting once the workers do.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Volatile.Read(ref wal.Hammer->Started) < workers && DateTime.UtcNow < deadline)
                Thread.Sleep(5);
            TestWal.OnThreads(threads, t =>
            {
                for (int seq = 0; seq < perWriter; seq++)
                {
                    Lsn end = WalHammer.Insert(WalHammer.KindThread, t, seq);
                    if (seq % 25 == 24)
                        XLog.Flush(end);
                }
            });
        }
        finally
        {
            procs.Wait(TimeSpan.FromSeconds(60), () => $"insert at {XLog.InsertRecPtr}, {XLog.LogwrtResult}");
        }
        XLog.Flush(XLog.InsertEndRecPtr);
        var records = wal.ReadAll(out _);
        var writers = records.Select(r => (r.Kind, r.Id)).Distinct().ToList();
        Assert.Equal(workers, writers.Count(w => w.Kind == WalHammer.KindProcess));
        Assert.Equal(threads, writers.Count(w => w.Kind == WalHammer.KindThread));
        AssertEveryRecordOnce(records, writers, perWriter);
        // The writers really ran at the same time: their records interleave.
        int switches = records.Zip(records.Skip(1)).Count(p => (p.First.Kind, p.First.Id) != (p.Second.Kind, p.Second.Id));
        Assert.True(switches >= 20, $"only {switches} changes of writer in {records.Count} records");
        output.WriteLine($"{switches} changes of writer in {records.Count} records");
        // Nobody holds or waits for a WAL lock any more.
        for (int i = 0; i < 40; i++)
            Assert.Equal(0, ProcGlobal.Proc(i).LwWaiting);
    }

    [Fact]
    public void Insert_before_start_is_refused()
    {
        using var wal = new TestWal(start: false);
        var b = XLogRecordBuilder.Begin();
        b.SetMainData([1]);
        var rec = b.Finish(RmgrId.Xlog, 0, 0).ToArray();
        Assert.Throws<InvalidOperationException>(() => XLog.Insert(rec));
        Assert.False(XLog.BackgroundFlush());
    }
}
