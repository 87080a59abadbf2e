// A WAL for tests: a data directory under the temp directory and a segment holding process slots, the WAL
// region and the lock-hammer region (for worker processes). The test process takes a process slot (LWLocks need
// one) and, unless told otherwise, opens WAL for insertion as a new cluster would.
using Tusk.Common.Utils;
using Tusk.LockHammer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Transam;

namespace Tusk.Storage.Tests.Transam;

sealed unsafe class TestWal : IDisposable
{
    readonly bool _ownsDir;

    public TestWal(int buffers = 32, int segmentSize = 1 << 20, bool fsync = false, bool start = true,
        string? dataDir = null)
    {
        _ownsDir = dataDir == null;
        DataDir = dataDir ?? Directory.CreateTempSubdirectory("tusk-wal-").FullName;
        SegmentSize = segmentSize;
        ShmPath = $"/dev/shm/tusk.test.{Guid.NewGuid():N}";
        Shm = SharedMemory.Create(ShmPath,
        [
            ProcGlobal.Request(40),
            XLog.Request(buffers, segmentSize),
            new ShmemRegion(HammerRegion.Name, sizeof(HammerRegion), null),
        ], Environment.ProcessId);
        XLog.SetWalDirectory(WalDir);
        XLog.EnableFsync = fsync;
        if (ProcGlobal.ClaimClientSlot(true, 0, BackendType.ClientBackend, 0) < 0)
            throw new InvalidOperationException("no process slot");
        if (start)
            XLog.StartInsertion(XLog.FirstSegmentStart, Lsn.Invalid);
    }

    public string DataDir { get; }
    public string WalDir => Path.Combine(DataDir, "pg_wal");
    public string ShmPath { get; }
    public SharedMemory Shm { get; }
    public int SegmentSize { get; }

    public HammerRegion* Hammer => (HammerRegion*)Shm.Region(HammerRegion.Name);

    /// <summary>Where the first record of a new cluster starts.</summary>
    public Lsn FirstRecord => XLogConstants.NextRecordStart(Lsn.FromSegment(1, 0, SegmentSize));

    public string SegmentPath(ulong segment) =>
        Path.Combine(WalDir, XLogConstants.SegmentFileName(1, segment, SegmentSize));

    public XLogReader Reader(Lsn? start = null)
    {
        var r = new XLogReader(WalDir, SegmentSize);
        r.BeginRead(start ?? FirstRecord);
        return r;
    }

    /// <summary>Reads all valid WAL from the first record: (start, end, writer, seq) of each WalHammer record.</summary>
    public List<(Lsn Start, Lsn End, int Kind, int Id, int Seq)> ReadAll(out string? endReason)
    {
        var list = new List<(Lsn, Lsn, int, int, int)>();
        using var r = Reader();
        Lsn prev = Lsn.Invalid;
        while (r.ReadRecord(out var rec))
        {
            if (rec.Prev != prev)
                throw new InvalidDataException($"record at {rec.ReadRecPtr} has prev-link {rec.Prev}, expected {prev}");
            var (kind, id, seq) = WalHammer.Parse(rec.MainData);
            list.Add((rec.ReadRecPtr, rec.EndRecPtr, kind, id, seq));
            prev = rec.ReadRecPtr;
        }
        endReason = r.EndReason;
        return list;
    }

    /// <summary>Runs <paramref name="body"/>(index) on <paramref name="threads"/> threads, each with its own slot.</summary>
    public static void OnThreads(int threads, Action<int> body)
    {
        var errors = new List<Exception>();
        using var barrier = new Barrier(threads);
        var list = new List<Thread>();
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            var th = new Thread(() =>
            {
                ProcGlobal.ClaimThreadSlot(BackendType.ClientBackend);
                try
                {
                    barrier.SignalAndWait();
                    body(index);
                }
                catch (Exception e)
                {
                    lock (errors)
                        errors.Add(e);
                }
                finally
                {
                    LWLocks.ReleaseAll();
                    ProcGlobal.ReleaseThreadSlot();
                }
            });
            th.Start();
            list.Add(th);
        }
        foreach (var th in list)
            if (!th.Join(120_000))
                throw new TimeoutException("a test thread made no progress");
        if (errors.Count > 0)
            throw new AggregateException(errors);
    }

    public void Dispose()
    {
        LWLocks.ReleaseAll();
        XLog.DetachRegion();
        ProcGlobal.ReleaseMySlot();
        Shm.Remove();
        if (_ownsDir)
            Directory.Delete(DataDir, recursive: true);
    }
}
