// The reader finds the end of valid WAL: zeros after the last record, a corrupted record, a continuation page
// that is zero or left from an older cycle of the file, and an intact record from an older cycle that starts
// exactly where the next record would (only its prev-link tells it apart). And WAL reopened for insertion where
// valid WAL ends continues the chain.
using Tusk.LockHammer;
using Tusk.Storage.Transam;
using Xunit;

namespace Tusk.Storage.Tests.Transam;

[Collection(SharedStatics.Name)]
public sealed class XLogReaderTests
{
    static Lsn InsertMain(int length, byte fill, out Lsn start)
    {
        var b = XLogRecordBuilder.Begin();
        var data = new byte[length];
        data.AsSpan().Fill(fill);
        b.SetMainData(data);
        return XLog.Insert(b.Finish(RmgrId.Generic, 0, fill), out start);
    }

    static int Count(TestWal wal, out XLogReader reader)
    {
        reader = wal.Reader();
        int n = 0;
        while (reader.ReadRecord(out _))
            n++;
        return n;
    }

    [Fact]
    public void Stops_at_zeros_after_the_last_record()
    {
        using var wal = new TestWal();
        Lsn end = Lsn.Invalid;
        for (int i = 0; i < 10; i++)
            end = InsertMain(100, (byte)i, out _);
        XLog.Flush(end);
        Assert.Equal(10, Count(wal, out var r));
        using (r)
        {
            Assert.Equal(end, r.EndRecPtr);
            Assert.Contains("got 0", r.EndReason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Stops_at_a_corrupted_record()
    {
        using var wal = new TestWal();
        Lsn end = Lsn.Invalid, thirdStart = Lsn.Invalid, secondEnd = Lsn.Invalid;
        for (int i = 0; i < 5; i++)
        {
            end = InsertMain(500, (byte)i, out Lsn start);
            if (i == 1)
                secondEnd = end;
            if (i == 2)
                thirdStart = start;
        }
        XLog.Flush(end);
        XLog.CloseSegmentFile();
        using (var f = new FileStream(wal.SegmentPath(1), FileMode.Open, FileAccess.ReadWrite))
        {
            f.Position = thirdStart.SegmentOffset(wal.SegmentSize) + 200;
            int b = f.ReadByte();
            f.Position--;
            f.WriteByte((byte)(b ^ 0x10));
        }
        Assert.Equal(2, Count(wal, out var r));
        using (r)
        {
            Assert.Equal(secondEnd, r.EndRecPtr);
            Assert.Contains("BadCrc", r.EndReason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Stops_when_the_continuation_page_is_zero_or_stale(bool stale)
    {
        using var wal = new TestWal();
        // 3000-byte records: the third one continues onto the second page.
        Lsn end = Lsn.Invalid, secondEnd = Lsn.Invalid;
        for (int i = 0; i < 5; i++)
        {
            end = InsertMain(3000, (byte)i, out _);
            if (i == 1)
                secondEnd = end;
        }
        XLog.Flush(end);
        XLog.CloseSegmentFile();
        string path = wal.SegmentPath(1);
        byte[] file = File.ReadAllBytes(path);
        var page1 = file.AsSpan(XLogConstants.PageSize, XLogConstants.PageSize);
        if (stale)
        {
            // As if the page had never been written in this cycle of a recycled file: it still says it belongs
            // to the segment this file used to be.
            ulong address = BitConverter.ToUInt64(page1[8..]);
            BitConverter.TryWriteBytes(page1[8..], address - (ulong)wal.SegmentSize);
        }
        else
            page1.Clear();
        File.WriteAllBytes(path, file);
        Assert.Equal(2, Count(wal, out var r));
        using (r)
        {
            Assert.Equal(secondEnd, r.EndRecPtr);
            Assert.Contains(stale ? "unexpected page address" : "invalid magic number", r.EndReason,
                StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Stops_at_an_intact_record_of_an_older_cycle()
    {
        // Cycle 1: twenty records of 104 bytes. Cycle 2, from the same start: five records whose sizes differ
        // but add up to the same, so cycle 1's sixth record starts exactly where cycle 2's sixth would.
        string dir1 = Directory.CreateTempSubdirectory("tusk-wal-").FullName;
        string dir2 = Directory.CreateTempSubdirectory("tusk-wal-").FullName;
        try
        {
            byte[] old;
            using (var wal1 = new TestWal(dataDir: dir1))
            {
                Lsn end = Lsn.Invalid;
                for (int i = 0; i < 20; i++)
                    end = InsertMain(75, 1, out _); // 24 + 5 + 75 = 104 bytes
                XLog.Flush(end);
                XLog.CloseSegmentFile();
                old = File.ReadAllBytes(wal1.SegmentPath(1));
            }
            using var wal2 = new TestWal(dataDir: dir2);
            Lsn end2 = Lsn.Invalid;
            foreach (int len in new[] { 75, 75, 75, 35, 115 }) // 104, 104, 104, 64, 144
                end2 = InsertMain(len, 2, out _);
            XLog.Flush(end2);
            XLog.CloseSegmentFile();
            string path = wal2.SegmentPath(1);
            byte[] file = File.ReadAllBytes(path);
            int cut = end2.SegmentOffset(wal2.SegmentSize);
            Assert.Equal(wal2.FirstRecord.SegmentOffset(wal2.SegmentSize) + 5 * 104, cut);
            // A torn write: the rest of the page still holds cycle 1's bytes.
            old.AsSpan(cut, XLogConstants.PageSize - cut).CopyTo(file.AsSpan(cut));
            File.WriteAllBytes(path, file);
            Assert.Equal(5, Count(wal2, out var r));
            using (r)
            {
                Assert.Equal(end2, r.EndRecPtr);
                Assert.Contains("incorrect prev-link", r.EndReason, StringComparison.Ordinal);
            }
            // The same bytes with cycle 1's own history in front read as twenty records: the prev-link was all
            // that stopped the reader.
            old.AsSpan(0, cut).CopyTo(file);
            File.WriteAllBytes(path, file);
            Assert.Equal(20, Count(wal2, out var r1));
            r1.Dispose();
        }
        finally
        {
            Directory.Delete(dir1, true);
            Directory.Delete(dir2, true);
        }
    }

    [Fact]
    public void Insertion_reopened_at_the_end_of_valid_wal_continues_the_chain()
    {
        string dir = Directory.CreateTempSubdirectory("tusk-wal-").FullName;
        try
        {
            using (var wal1 = new TestWal(dataDir: dir))
            {
                Lsn end = Lsn.Invalid;
                for (int seq = 0; seq < 30; seq++)
                    end = WalHammer.Insert(WalHammer.KindThread, 0, seq);
                XLog.Flush(end);
                // Inserted but never flushed: lost in the "crash" (the segment goes away with wal1).
                WalHammer.Insert(WalHammer.KindThread, 9, 0);
            }
            using var wal2 = new TestWal(dataDir: dir, start: false);
            using (var r = wal2.Reader())
            {
                int n = 0;
                while (r.ReadRecord(out _))
                    n++;
                Assert.Equal(30, n);
                Assert.NotEqual(0, r.EndRecPtr.PageOffset);
                XLog.StartInsertion(r.EndRecPtr, r.ReadRecPtr);
            }
            Lsn end2 = Lsn.Invalid;
            for (int seq = 0; seq < 30; seq++)
                end2 = WalHammer.Insert(WalHammer.KindThread, 1, seq);
            XLog.Flush(end2);
            var records = wal2.ReadAll(out _);
            Assert.Equal(60, records.Count);
            Assert.Equal(Enumerable.Range(0, 30).Concat(Enumerable.Range(0, 30)), records.Select(x => x.Seq));
            Assert.Equal(end2, records[^1].End);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
