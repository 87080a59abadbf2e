// One OS process of the Tusk side of the storage workloads (commit-rate-*, bulk-load), started by StorageBench as
// `tusk-compare --storage-worker MODE SEGMENT DATADIR ARGS...`. Tusk has no SQL INSERT or COPY yet, so the worker
// calls the access interface as a backend would: it attaches to the benchmark's segment (WalCluster.AttachProcess,
// then fsync back on, a process slot), prints "ready", waits for "go" on stdin (every worker starts together),
// runs, prints one result line and exits (SIGINT is ignored: the harness kills its workers on Ctrl-C):
//   commits SEGMENT DATADIR SECONDS  new xid, HeapRelation.Insert of one row, Xact.Commit(synchronous), for
//                                    SECONDS; prints "commits N seconds S"
//   load SEGMENT DATADIR ROWS BATCH  one xid, HeapRelation.MultiInsert of ROWS rows in batches of BATCH, then
//                                    Xact.Commit(synchronous); prints "rows N seconds S"
// Rows are opaque bytes laid out like PostgreSQL's (int4, text) tuple data: the id, a 1-byte varlena header and
// 100 'x' (no tuple formation, which flatters Tusk slightly).
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Tusk.Access.Heap;
using Tusk.Access.Transam;
using Tusk.Common.Utils;
using Tusk.LockHammer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Transam;

namespace Tusk.Compare.Storage;

public static class StorageWorker
{
    /// <summary>Text bytes per row: <c>repeat('x', 100)</c>.</summary>
    public const int PayloadBytes = 100;

    /// <summary>Raw bytes of one row as the MB/s figures count them on both servers: int4 + the text.</summary>
    public const int RawRowBytes = sizeof(int) + PayloadBytes;

    /// <summary>Bytes of one Tusk row: int4, a short varlena header, the text.</summary>
    public const int TuskRowBytes = sizeof(int) + 1 + PayloadBytes;

    public static int Run(string[] args)
    {
        // Ctrl-C reaches the whole process group: the harness stops its workers itself, in order, after detaching
        // nothing under them. Should the harness die, stdin closes and a worker still waiting for "go" exits.
        using var ignoreInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true);
        string mode = args[0];
        var shm = SharedMemory.Attach(args[1]);
        WalCluster.AttachProcess(shm, args[2], forwardSync: true);
        XLog.EnableFsync = true;
        if (ProcGlobal.ClaimClientSlot(true, 0, BackendType.ClientBackend, 0) < 0)
        {
            Console.Error.WriteLine("no free process slot");
            return 3;
        }
        var rel = HeapRelation.Open(StorageBench.Table);
        Console.WriteLine("ready");
        if (Console.ReadLine() != "go")
        {
            return 4;
        }
        string result = mode switch
        {
            "commits" => Commits(rel, Number(args[3])),
            "load" => Load(rel, Number(args[3]), Number(args[4])),
            _ => throw new ArgumentException($"unknown storage worker mode {mode}"),
        };
        ProcGlobal.ReleaseMySlot();
        Console.WriteLine(result);
        return 0;
    }

    static string Commits(HeapRelation rel, int seconds)
    {
        var row = Row();
        var rng = new Random(Environment.ProcessId);
        long limit = seconds * Stopwatch.Frequency;
        long commits = 0;
        var sw = Stopwatch.StartNew();
        while (sw.ElapsedTicks < limit)
        {
            uint xid = VarSup.GetNewTransactionId();
            BinaryPrimitives.WriteInt32LittleEndian(row, rng.Next(1, 1_000_001));
            rel.Insert(row, xid, 0, natts: 2);
            Xact.Commit(xid, [], synchronous: true);
            commits++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"commits {commits} seconds {sw.Elapsed.TotalSeconds:R}");
    }

    static string Load(HeapRelation rel, int rows, int batchSize)
    {
        var batch = new List<byte[]>(batchSize);
        for (int i = 0; i < batchSize; i++)
        {
            batch.Add(Row());
        }
        var sw = Stopwatch.StartNew();
        uint xid = VarSup.GetNewTransactionId();
        for (int done = 0; done < rows;)
        {
            int n = Math.Min(batchSize, rows - done);
            var chunk = n == batchSize ? batch : batch.GetRange(0, n);
            for (int k = 0; k < n; k++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(chunk[k], done + k + 1);
            }
            rel.MultiInsert(chunk, xid, 0, natts: 2);
            done += n;
        }
        Xact.Commit(xid, [], synchronous: true);
        return string.Create(CultureInfo.InvariantCulture, $"rows {rows} seconds {sw.Elapsed.TotalSeconds:R}");
    }

    /// <summary>A row with id 0: int4, the 1-byte varlena header of a short text (length + 1, shifted), 100 'x'.</summary>
    static byte[] Row()
    {
        var row = new byte[TuskRowBytes];
        row[sizeof(int)] = (byte)(((PayloadBytes + 1) << 1) | 1);
        row.AsSpan(sizeof(int) + 1).Fill((byte)'x');
        return row;
    }

    static int Number(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
}
