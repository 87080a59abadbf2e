// Heap hammer worker: transactions of inserts, updates and deletes of this worker's own rows through the shared
// buffer cache, each committed or aborted at random; at the end the rows this worker believes committed and live
// are written to DATADIR/expected.PID for the test to compare with what a fresh snapshot sees.
//   heap N DATADIR ROWBYTES   N transactions
using System.Buffers.Binary;
using System.Globalization;
using Tusk.Access.Heap;
using Tusk.Storage.Buffer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;

namespace Tusk.LockHammer;

public static class HeapHammer
{
    public static readonly RelFileLocator Relation = new(RelFileLocator.DefaultTablespace, 1, 16500);

    sealed class Me(uint xid) : ICurrentTransaction
    {
        public uint Xid { get; set; } = xid;

        public uint CommandId { get; set; }

        public bool IsCurrent(uint x) => x == Xid;
    }

    /// <summary>A row's identity and version, as stored at the start of its data.</summary>
    public static (int Worker, int Key, int Version) Decode(ReadOnlySpan<byte> data) =>
        (BinaryPrimitives.ReadInt32LittleEndian(data), BinaryPrimitives.ReadInt32LittleEndian(data[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(data[8..]));

    public static void Run(SharedMemory shm, int transactions, string dataDir, int rowBytes)
    {
        BufMgr.Attach(shm);
        Smgr.Initialize(dataDir);
        Slru.DataDirectory = dataDir;
        var rel = HeapRelation.Open(Relation);
        int worker = Environment.ProcessId;
        var rng = new Random(worker);
        var live = new Dictionary<int, (ItemPointer Tid, int Version)>(); // committed state
        var row = new byte[rowBytes];
        int nextKey = 0;
        for (int t = 0; t < transactions; t++)
        {
            uint xid = VarSup.GetNewTransactionId();
            var me = new Me(xid);
            var mine = new Dictionary<int, (ItemPointer Tid, int Version)>(live);
            var snapshot = ProcArray.GetSnapshot();
            for (int i = 0; i < 3; i++)
            {
                int key = nextKey++;
                mine[key] = (rel.Insert(Fill(row, worker, key, 0), xid, me.CommandId), 0);
            }
            me.CommandId++;
            if (live.Count > 0 && rng.Next(3) == 0)
            {
                int key = live.Keys.ElementAt(rng.Next(live.Count));
                Check(rel.Delete(mine[key].Tid, xid, me.CommandId, snapshot, me));
                mine.Remove(key);
            }
            if (live.Count > 0 && rng.Next(3) == 0)
            {
                int key = live.Keys.ElementAt(rng.Next(live.Count));
                if (mine.TryGetValue(key, out var old))
                {
                    Check(rel.Update(old.Tid, Fill(row, worker, key, old.Version + 1), xid, me.CommandId, snapshot, me, out var tid));
                    mine[key] = (tid, old.Version + 1);
                }
            }
            bool commit = rng.Next(5) != 0;
            Clog.SetTreeStatus(xid, [], commit ? XidStatus.Committed : XidStatus.Aborted);
            ProcArray.EndTransaction(xid);
            if (commit)
            {
                live = mine;
            }
        }
        File.WriteAllLines(
            Path.Combine(dataDir, $"expected.{worker}"),
            live.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{worker} {kv.Key} {kv.Value.Version}")));
    }

    internal static byte[] Fill(byte[] row, int worker, int key, int version)
    {
        BinaryPrimitives.WriteInt32LittleEndian(row, worker);
        BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(4), key);
        BinaryPrimitives.WriteInt32LittleEndian(row.AsSpan(8), version);
        return row;
    }

    internal static void Check(ModifyResult r)
    {
        if (r != ModifyResult.Ok)
        {
            throw new InvalidOperationException($"modifying this worker's own committed row gave {r}");
        }
    }
}
