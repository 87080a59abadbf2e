// WAL insertion hot path: building a heap-insert-like record (one block reference with 120 bytes of tuple data,
// 8 bytes of main data) in the thread's scratch buffer and inserting it into the shared WAL buffers of a
// private segment, ring write-outs included (fsync off). Records allocate nothing; moving to a new 16 MB segment
// file allocates about 700 B (its name, the file handle), about 1 B per operation here (budget in
// bench/allocation-budget.json; tests/Tusk.Storage.Tests/Transam/XLogAllocationTests.cs checks both).
using Tusk.Storage.Smgr;
using BenchmarkDotNet.Attributes;
using Tusk.Common.Utils;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Transam;

namespace Tusk.Benchmarks.Transam;

[MemoryDiagnoser]
[InvocationCount(1000)]
public class XLogInsertBenchmarks
{
    const int Records = 100;
    static readonly RelFileLocator Rel = new(1663, 5, 16384);
    readonly byte[] _tuple = new byte[120];
    string _dir = "";
    SharedMemory _shm = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_tuple);
        _dir = Directory.CreateTempSubdirectory("tusk-bench-wal-").FullName;
        _shm = SharedMemory.Create($"/dev/shm/tusk.bench.{Guid.NewGuid():N}",
            [ProcGlobal.Request(4), XLog.Request(512, XLogConstants.DefaultSegmentSize)], Environment.ProcessId);
        ProcGlobal.ClaimClientSlot(true, 0, BackendType.ClientBackend, 0);
        XLog.SetWalDirectory(Path.Combine(_dir, "pg_wal"));
        XLog.EnableFsync = false;
        XLog.StartInsertion(XLog.FirstSegmentStart, Lsn.Invalid);
    }

    /// <summary>Keeps the disk use bounded: segments before the one being written are dropped.</summary>
    [IterationCleanup]
    public void DropOldSegments()
    {
        ulong current = XLog.LogwrtResult.Write.Segment(XLog.SegmentSize);
        if (!Directory.Exists(XLog.WalDirectory))
            return;
        foreach (string f in Directory.EnumerateFiles(XLog.WalDirectory))
            if (XLogConstants.TryParseSegmentFileName(Path.GetFileName(f), XLog.SegmentSize, out _, out ulong seg)
                && seg < current)
                File.Delete(f);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        XLog.CloseSegmentFile();
        ProcGlobal.ReleaseMySlot();
        _shm.Remove();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>100 records built and inserted.</summary>
    [Benchmark]
    public Lsn InsertHeapRecords()
    {
        Lsn end = default;
        for (int i = 0; i < Records; i++)
        {
            var b = XLogRecordBuilder.Begin();
            b.RegisterBlock(0, Rel, ForkNumber.Main, (uint)i, _tuple);
            b.SetMainData(_tuple.AsSpan(0, 8));
            end = XLog.Insert(b.Finish(RmgrId.Heap, 0, 1234));
        }
        return end;
    }
}
