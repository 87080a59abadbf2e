// Crash worker: transactions of inserts, updates and deletes of this worker's own rows through the heap, the WAL
// and the shared buffer pool of a WalCluster, committed (synchronously) or aborted at random, until it is killed.
// Before a transaction it appends "T seq commit|abort ops..." to DATADIR/crash.PID.log, and "A seq" once its
// commit has returned (acknowledged). After a crash the test replays every acknowledged transaction from the log
// and checks the table against it: the one transaction a worker may have had in flight is either wholly there or
// wholly absent.
//   crash - DATADIR ROWBYTES
using System.Globalization;
using System.Text;
using Tusk.Access.Heap;
using Tusk.Access.Transam;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;

namespace Tusk.LockHammer;

public static class CrashHammer
{
    public static readonly RelFileLocator Relation = new(RelFileLocator.DefaultTablespace, 5, 16600);

    sealed class Me(uint xid) : ICurrentTransaction
    {
        public uint Xid { get; } = xid;

        public uint CommandId { get; set; }

        public bool IsCurrent(uint x) => x == Xid;
    }

    public static int Run(string[] args)
    {
        var shm = SharedMemory.Attach(args[0]);
        string dataDir = args[3];
        int rowBytes = int.Parse(args[4], CultureInfo.InvariantCulture);
        WalCluster.AttachProcess(shm, dataDir, forwardSync: true);
        if (ProcGlobal.ClaimClientSlot(true, 0, Tusk.Common.Utils.BackendType.ClientBackend, 0) < 0)
        {
            return 3;
        }
        var rel = HeapRelation.Open(Relation);
        int worker = Environment.ProcessId;
        var rng = new Random(worker);
        using var log = new StreamWriter(Path.Combine(dataDir, $"crash.{worker}.log"), append: false, Encoding.ASCII);
        var live = new Dictionary<int, (ItemPointer Tid, int Version)>();
        var row = new byte[rowBytes];
        int nextKey = 0;
        for (int seq = 0; ; seq++)
        {
            var me = new Me(VarSup.GetNewTransactionId());
            var snapshot = ProcArray.GetSnapshot();
            bool commit = rng.Next(5) != 0;
            var mine = new Dictionary<int, (ItemPointer Tid, int Version)>(live);
            var ops = new StringBuilder();
            var inserts = new List<int>();
            for (int i = 0; i < 1 + rng.Next(3); i++)
            {
                inserts.Add(nextKey++);
            }
            int updateKey = live.Count > 0 && rng.Next(2) == 0 ? live.Keys.ElementAt(rng.Next(live.Count)) : -1;
            int deleteKey = live.Count > 1 && rng.Next(3) == 0 ? live.Keys.ElementAt(rng.Next(live.Count)) : -1;
            if (deleteKey == updateKey)
            {
                deleteKey = -1;
            }
            foreach (int k in inserts)
            {
                ops.Append(CultureInfo.InvariantCulture, $" i{k}");
            }
            if (updateKey >= 0)
            {
                ops.Append(CultureInfo.InvariantCulture, $" u{updateKey}");
            }
            if (deleteKey >= 0)
            {
                ops.Append(CultureInfo.InvariantCulture, $" d{deleteKey}");
            }
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"T {seq} {(commit ? "commit" : "abort")}{ops}"));
            log.Flush();
            foreach (int k in inserts)
            {
                mine[k] = (rel.Insert(HeapHammer.Fill(row, worker, k, 0), me.Xid, me.CommandId), 0);
            }
            me.CommandId++;
            if (updateKey >= 0)
            {
                var old = mine[updateKey];
                HeapHammer.Check(rel.Update(old.Tid, HeapHammer.Fill(row, worker, updateKey, old.Version + 1), me.Xid, me.CommandId, snapshot, me,
                    out var tid));
                mine[updateKey] = (tid, old.Version + 1);
            }
            if (deleteKey >= 0)
            {
                HeapHammer.Check(rel.Delete(mine[deleteKey].Tid, me.Xid, me.CommandId, snapshot, me));
                mine.Remove(deleteKey);
            }
            if (commit)
            {
                Xact.Commit(me.Xid, [], synchronous: true);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"A {seq}"));
                log.Flush();
                live = mine;
            }
            else
            {
                Xact.Abort(me.Xid, []);
            }
        }
    }

    /// <summary>
    /// What a worker's log allows the table to hold for that worker: the rows (key → version) after every
    /// acknowledged transaction, and, if the last logged transaction was a commit still in flight, the rows with it.
    /// </summary>
    public static (Dictionary<int, int> Acked, Dictionary<int, int>? WithInFlight) Expected(string logPath)
    {
        var state = new Dictionary<int, int>();
        string[]? pending = null;
        foreach (string line in File.ReadLines(logPath))
        {
            var parts = line.Split(' ');
            if (parts[0] == "T")
            {
                pending = parts[2] == "commit" ? parts : null;
            }
            else if (parts[0] == "A" && pending != null && pending[1] == parts[1])
            {
                Apply(state, pending);
                pending = null;
            }
        }
        if (pending == null)
        {
            return (state, null);
        }
        var with = new Dictionary<int, int>(state);
        Apply(with, pending);
        return (state, with);
    }

    static void Apply(Dictionary<int, int> state, string[] t)
    {
        foreach (string op in t.AsSpan(3))
        {
            int key = int.Parse(op.AsSpan(1), CultureInfo.InvariantCulture);
            switch (op[0])
            {
                case 'i':
                    state[key] = 0;
                    break;
                case 'u':
                    state[key] = state[key] + 1;
                    break;
                default:
                    state.Remove(key);
                    break;
            }
        }
    }
}
