// The heap access method through the shared buffer cache: insert, fetch, delete, update and scans under
// snapshots, in this process; and several processes changing one table through a pool far smaller than it, after
// which a fresh snapshot sees every committed change and nothing else.
using System.Text;
using Tusk.Access.Heap;
using Tusk.Common.Utils;
using Tusk.LockHammer;
using Tusk.Storage.Buffer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;

namespace Tusk.Access.Tests;

[Collection(SharedStatics.Name)]
public sealed class HeapTests : IDisposable
{
    readonly TestSegment _segment = new("heap", nbuffers: 16);
    readonly int _otherSlot;

    public HeapTests() => _otherSlot = _segment.ClaimSlot();

    int MainSlot => _segment.MainSlot;

    public void Dispose() => _segment.Dispose();

    /// <summary>A transaction of this process's slot, or (other: true) of a second session's slot.</summary>
    sealed class Txn : ICurrentTransaction
    {
        readonly HeapTests? _owner;
        readonly int _slot = -1;

        public Txn()
        {
            Xid = VarSup.GetNewTransactionId();
        }

        public Txn(HeapTests owner)
        {
            _owner = owner;
            _slot = owner._otherSlot;
            ProcGlobal.ActAs(_slot);
            Xid = VarSup.GetNewTransactionId();
            ProcGlobal.ActAs(owner.MainSlot);
        }

        public uint Xid { get; }

        public uint CommandId { get; set; }

        public Snapshot Snapshot { get; set; } = ProcArray.GetSnapshot();

        public bool IsCurrent(uint xid) => xid == Xid;

        public void Next()
        {
            CommandId++;
            Snapshot = ProcArray.GetSnapshot();
        }

        public void End(bool commit)
        {
            Clog.SetTreeStatus(Xid, [], commit ? XidStatus.Committed : XidStatus.Aborted);
            if (_owner is not null)
            {
                ProcGlobal.ActAs(_slot);
            }
            ProcArray.EndTransaction(Xid);
            if (_owner is not null)
            {
                ProcGlobal.ActAs(_owner.MainSlot);
            }
        }
    }

    static List<string> Scan(HeapRelation rel, Snapshot s, ICurrentTransaction me)
    {
        var rows = new List<string>();
        using var scan = rel.BeginScan(s, me);
        while (scan.Next(out _, out var data))
        {
            rows.Add(Encoding.UTF8.GetString(data));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    static byte[] Row(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Inserts_deletes_and_updates_are_seen_by_snapshots_as_MVCC_says()
    {
        var rel = HeapRelation.Create(new RelFileLocator(RelFileLocator.DefaultTablespace, 1, 20000));
        var t1 = new Txn();
        var a = rel.Insert(Row("a"), t1.Xid, t1.CommandId);
        var b = rel.Insert(Row("b"), t1.Xid, t1.CommandId);
        Assert.Empty(Scan(rel, t1.Snapshot, t1)); // this command's own inserts are not seen by it
        t1.Next();
        Assert.Equal(["a", "b"], Scan(rel, t1.Snapshot, t1));
        Assert.Empty(Scan(rel, ProcArray.GetSnapshot(), Nobody.Instance)); // not committed
        t1.End(commit: true);
        Assert.Equal(["a", "b"], Scan(rel, ProcArray.GetSnapshot(), Nobody.Instance));

        var t2 = new Txn();
        var before = ProcArray.GetSnapshot(); // someone else's snapshot, taken while t2 runs
        Assert.Equal(ModifyResult.Ok, rel.Delete(a, t2.Xid, t2.CommandId, t2.Snapshot, t2));
        Assert.Equal(ModifyResult.Ok, rel.Update(b, Row("b2"), t2.Xid, t2.CommandId, t2.Snapshot, t2, out var b2));
        Assert.Equal(ModifyResult.SelfModified, rel.Delete(a, t2.Xid, t2.CommandId, t2.Snapshot, t2));
        t2.Next();
        Assert.Equal(["b2"], Scan(rel, t2.Snapshot, t2));
        Assert.Equal(["a", "b"], Scan(rel, before, Nobody.Instance));
        t2.End(commit: true);
        Assert.Equal(["b2"], Scan(rel, ProcArray.GetSnapshot(), Nobody.Instance));
        Assert.Equal(["a", "b"], Scan(rel, before, Nobody.Instance)); // repeatable read keeps its snapshot

        Assert.True(rel.Fetch(b2, ProcArray.GetSnapshot(), Nobody.Instance, out var data));
        Assert.Equal("b2", Encoding.UTF8.GetString(data));
        Assert.False(rel.Fetch(b, ProcArray.GetSnapshot(), Nobody.Instance, out _));

        // A delete that aborts leaves the row; a later writer finds it live again.
        var t3 = new Txn(this); // another session
        Assert.Equal(ModifyResult.Ok, rel.Delete(b2, t3.Xid, t3.CommandId, t3.Snapshot, t3));
        var t4 = new Txn();
        Assert.Equal(ModifyResult.BeingModified, rel.Delete(b2, t4.Xid, t4.CommandId, t4.Snapshot, t4));
        t3.End(commit: false);
        Assert.Equal(["b2"], Scan(rel, ProcArray.GetSnapshot(), Nobody.Instance));
        t4.Next();
        Assert.Equal(ModifyResult.Ok, rel.Delete(b2, t4.Xid, t4.CommandId, t4.Snapshot, t4));
        t4.End(commit: true);
        var t5 = new Txn();
        Assert.Equal(ModifyResult.Updated, rel.Delete(b2, t5.Xid, t5.CommandId, before, t5));
        t5.End(commit: false);
        Assert.Empty(Scan(rel, ProcArray.GetSnapshot(), Nobody.Instance));
    }

    [Fact]
    public void Many_rows_go_through_a_small_pool_and_come_back_from_disk()
    {
        var rel = HeapRelation.Create(new RelFileLocator(RelFileLocator.DefaultTablespace, 1, 20001));
        var t = new Txn();
        var expected = new List<string>();
        for (int i = 0; i < 3000; i++)
        {
            string s = $"row {i:D5} " + new string('x', 100);
            rel.Insert(Row(s), t.Xid, 0);
            expected.Add(s);
        }
        t.End(commit: true);
        Assert.True(rel.NBlocks > 16, $"{rel.NBlocks} blocks: the table should be larger than the pool");
        Assert.Equal(expected, Scan(rel, ProcArray.GetSnapshot(), Nobody.Instance));
        BufMgr.FlushAllBuffers();
        BufMgr.DropRelationBuffers(rel.Locator, ForkNumber.Main, 0);
        Assert.Equal(expected, Scan(rel, ProcArray.GetSnapshot(), Nobody.Instance));
    }

    [Fact]
    public void A_row_larger_than_a_page_is_refused()
    {
        var rel = HeapRelation.Create(new RelFileLocator(RelFileLocator.DefaultTablespace, 1, 20002));
        var e = Assert.Throws<Tusk.Common.Errors.PgException>(() => rel.Insert(new byte[9000], 3, 0));
        Assert.Equal("54000", e.SqlState);
    }
}

/// <summary>Several processes, one table, a pool of 128 buffers (1 MB) and a table many times larger.</summary>
[Collection(SharedStatics.Name)]
public sealed class ConcurrentHeapTests : IDisposable
{
    const int NBuffers = 128;
    readonly TestSegment _segment = new(
        "heap-mp", NBuffers, new ShmemRegion(HammerRegion.Name, System.Runtime.CompilerServices.Unsafe.SizeOf<HammerRegion>(), null));

    public void Dispose() => _segment.Dispose();

    [Fact]
    public void Every_committed_change_and_nothing_else_is_visible_afterwards()
    {
        // About 64 MB of table (some 75,000 row versions of 1 KB) through 1 MB of buffers.
        const int workers = 4, transactions = 5600, rowBytes = 1000;
        var rel = HeapRelation.Create(HeapHammer.Relation);
        Workers.Run(_segment.Path, workers, ["heap", $"{transactions}", _segment.DataDirectory, $"{rowBytes}"], TimeSpan.FromMinutes(5));

        var expected = Directory.EnumerateFiles(_segment.DataDirectory, "expected.*").SelectMany(File.ReadAllLines).Order().ToList();
        var seen = new List<string>();
        using (var scan = rel.BeginScan(ProcArray.GetSnapshot(), Nobody.Instance))
        {
            while (scan.Next(out _, out var data))
            {
                var (w, k, v) = HeapHammer.Decode(data);
                seen.Add($"{w} {k} {v}");
            }
        }
        seen.Sort();
        Assert.Equal(workers, Directory.EnumerateFiles(_segment.DataDirectory, "expected.*").Count());
        Assert.True(expected.Count > 1000, $"only {expected.Count} live rows");
        Assert.Equal(expected, seen);
        long bytes = rel.NBlocks * 8192L;
        Assert.True(bytes >= 64L << 20, $"table of {bytes} bytes, not the 64 MB meant to go through a 1 MB pool");
        Assert.Equal(0, BufMgr.ReleaseAllPins());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedStatics
{
    public const string Name = "process-wide storage statics";
}
