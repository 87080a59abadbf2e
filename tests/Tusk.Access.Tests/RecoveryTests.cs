// Redo of every WAL record type, crash recovery and torn pages, in this process: changes go through the heap, the
// WAL and the buffer pool of a WalCluster; a "crash" drops shared memory without writing anything, and the next
// start replays WAL. Afterwards exactly the committed changes must be visible.
using System.Text;
using Tusk.Access.Heap;
using Tusk.Access.Transam;
using Tusk.Common.Errors;
using Tusk.Common.Utils;
using Tusk.LockHammer;
using Tusk.Storage.Buffer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Smgr;
using Tusk.Storage.Sync;
using Tusk.Storage.Transam;

namespace Tusk.Access.Tests;

[Collection(SharedStatics.Name)]
public sealed class RecoveryTests : IDisposable
{
    static readonly RelFileLocator T1 = new(RelFileLocator.DefaultTablespace, 5, 20001);
    static readonly RelFileLocator T2 = new(RelFileLocator.DefaultTablespace, 5, 20002);
    readonly WalCluster _cluster = WalCluster.Create("recovery", nbuffers: 32);

    public void Dispose() => _cluster.Dispose();

    sealed class Txn : ICurrentTransaction
    {
        public Txn() => Xid = VarSup.GetNewTransactionId();

        public uint Xid { get; }

        public uint CommandId { get; set; }

        public Snapshot Snapshot { get; } = ProcArray.GetSnapshot();

        public bool IsCurrent(uint xid) => xid == Xid;

        public void Commit() => Xact.Commit(Xid, [], synchronous: true);

        public void Abort() => Xact.Abort(Xid, []);
    }

    static byte[] Row(string s) => Encoding.UTF8.GetBytes(s);

    static List<string> Visible(RelFileLocator rel)
    {
        var result = new List<string>();
        using var scan = HeapRelation.Open(rel).BeginScan(ProcArray.GetSnapshot(), Nobody.Instance);
        while (scan.Next(out _, out var data))
        {
            result.Add(Encoding.UTF8.GetString(data));
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    StartupXLog.Result CrashAndRestart()
    {
        _cluster.Crash();
        _cluster.Log.Clear();
        return _cluster.Start();
    }

    [Fact]
    public void Every_record_type_is_replayed_and_only_committed_work_survives_a_crash()
    {
        var rel = HeapRelation.Create(T1);
        var t = new Txn();
        var a = rel.Insert(Row("a"), t.Xid, 0);
        var b = rel.Insert(Row("b"), t.Xid, 0);
        rel.Insert(Row("c"), t.Xid, 0);
        rel.MultiInsert([Row("m1"), Row("m2"), Row("m3")], t.Xid, 0);
        t.Commit();

        var u = new Txn();
        Assert.Equal(ModifyResult.Ok, rel.Update(a, Row("a2"), u.Xid, 0, u.Snapshot, u, out _));
        Assert.Equal(ModifyResult.Ok, rel.Delete(b, u.Xid, 0, u.Snapshot, u));
        u.Commit();

        var aborted = new Txn();
        rel.Insert(Row("aborted"), aborted.Xid, 0);
        aborted.Abort();

        var running = new Txn();
        rel.Insert(Row("never committed"), running.Xid, 0);

        var other = HeapRelation.Create(T2);
        var t2 = new Txn();
        other.Insert(Row("gone"), t2.Xid, 0);
        t2.Commit();
        other.Truncate();
        var t3 = new Txn();
        other.Insert(Row("after truncate"), t3.Xid, 0);
        t3.Commit();
        uint nextXid = VarSup.ReadNextXid();

        var result = CrashAndRestart();
        Assert.True(result.Replayed);
        Assert.True(result.Records > 10, $"{result.Records} records replayed");
        Assert.Contains(_cluster.Log, l => l.StartsWith("redo starts at", StringComparison.Ordinal));
        Assert.Equal(["a2", "c", "m1", "m2", "m3"], Visible(T1));
        Assert.Equal(["after truncate"], Visible(T2));
        // No id used before the crash is handed out again.
        Assert.True(TransactionId.FollowsOrEquals(VarSup.ReadNextXid(), nextXid));

        // Recovery itself is crash-safe: a second crash right after replays nothing new but loses nothing.
        CrashAndRestart();
        Assert.Equal(["a2", "c", "m1", "m2", "m3"], Visible(T1));
    }

    [Fact]
    public void Dropped_relation_stays_dropped_after_redo()
    {
        var rel = HeapRelation.Create(T1);
        var t = new Txn();
        rel.Insert(Row("x"), t.Xid, 0);
        t.Commit();
        rel.Drop();
        CrashAndRestart();
        Assert.False(Smgr.Open(T1).Exists(ForkNumber.Main));
    }

    [Fact]
    public void Clean_shutdown_leaves_a_checkpoint_and_the_next_start_replays_nothing()
    {
        var rel = HeapRelation.Create(T1);
        var t = new Txn();
        for (int i = 0; i < 500; i++)
        {
            rel.Insert(Row($"row {i:D4}"), t.Xid, 0);
        }
        t.Commit();
        _cluster.Shutdown();
        _cluster.Log.Clear();
        var result = _cluster.Start();
        Assert.False(result.Replayed);
        Assert.Contains(_cluster.Log, l => l.StartsWith("database system was shut down at", StringComparison.Ordinal));
        Assert.DoesNotContain(_cluster.Log, l => l.Contains("redo", StringComparison.Ordinal));
        Assert.Equal(500, Visible(T1).Count);
        Assert.Equal(DbState.InProduction, ControlFile.Read(_cluster.DataDirectory).State);
    }

    [Fact]
    public void Uncommitted_asynchronous_commit_and_unflushed_wal_are_lost_together()
    {
        var rel = HeapRelation.Create(T1);
        var t = new Txn();
        rel.Insert(Row("durable"), t.Xid, 0);
        t.Commit();
        var async = new Txn();
        rel.Insert(Row("async"), async.Xid, 0);
        Xact.Commit(async.Xid, [], synchronous: false);
        // Either the asynchronous commit reached disk with its row or neither did: never half of it.
        CrashAndRestart();
        var rows = Visible(T1);
        Assert.Contains("durable", rows);
        Assert.True(rows.Count is 1 or 2);
    }

    [Fact]
    public void Commit_log_pages_reach_disk_only_after_the_asynchronous_commits_they_record()
    {
        var r1 = HeapRelation.Create(T1);
        var r2 = HeapRelation.Create(T2);
        var t = new Txn();
        r1.Insert(Row("x"), t.Xid, 0);
        // x's page is written (an eviction would do this): WAL is flushed up to here, not further.
        BufMgr.FlushRelationBuffers(T1);
        r2.Insert(Row("y"), t.Xid, 0);
        Xact.Commit(t.Xid, [], synchronous: false);
        // The commit log page goes to disk (a checkpoint or an eviction would do this). Without the commit record
        // flushed first, the crash would leave "committed" in pg_xact with x on disk and y lost: half a transaction.
        Clog.Flush();
        CrashAndRestart();
        Assert.Equal(["x"], Visible(T1));
        Assert.Equal(["y"], Visible(T2));
    }

    [Fact]
    public void Start_up_resets_pg_subtrans_and_subtransactions_work_after_a_crash()
    {
        uint a = VarSup.GetNewTransactionId();
        uint b = VarSup.GetNewTransactionId(a);
        uint c = VarSup.GetNewTransactionId(b);
        SubTrans.Flush(); // as an eviction would: pg_subtrans on disk says c → b → a
        Assert.True(File.Exists(Path.Combine(_cluster.DataDirectory, "pg_subtrans", "0000")));
        // No WAL names a, b or c: after the crash the same ids are handed out again, and must have no parents.
        CrashAndRestart();
        SubTrans.ForgetCache();
        Assert.Equal(TransactionId.Invalid, SubTrans.GetParent(b));
        Assert.Equal(TransactionId.Invalid, SubTrans.GetParent(c));

        var rel = HeapRelation.Create(T1);
        uint top = VarSup.GetNewTransactionId();
        Assert.Equal(a, top);
        var subs = new List<uint>();
        uint parent = top;
        for (int i = 0; i < 80; i++)
        {
            uint sub = VarSup.GetNewTransactionId(parent);
            subs.Add(sub);
            parent = i < 2 ? sub : top; // the first three nest: subs[2] → subs[1] → subs[0] → top
        }
        Assert.Equal(subs[1], SubTrans.GetParent(subs[2]));
        Assert.Equal(top, SubTrans.GetTopmostTransaction(subs[2], top));
        rel.Insert(Row("in a subtransaction"), subs[75], 0);
        // A short transaction of another session ends after them, so a snapshot's xmax is past them.
        int main = ProcGlobal.MyProcNumber;
        Assert.True(ProcGlobal.ClaimClientSlot(true, 0, BackendType.ClientBackend, 0) >= 0);
        new Txn().Commit();
        ProcGlobal.ActAs(main);
        var during = ProcArray.GetSnapshot();
        Assert.True(during.SubOverflowed);
        Assert.True(during.IsRunning(subs[75]));
        Assert.True(ProcArray.IsRunning(subs[75]));
        Assert.Empty(Visible(T1));

        Xact.Commit(top, subs.ToArray(), synchronous: true);
        Assert.False(ProcArray.GetSnapshot().IsRunning(subs[75]));
        Assert.Equal(["in a subtransaction"], Visible(T1));
        CrashAndRestart();
        Assert.True(Clog.DidCommit(subs[75]));
        Assert.Equal(["in a subtransaction"], Visible(T1));
    }

    [Fact]
    public void Old_segments_are_recycled_and_recovery_reads_past_their_stale_pages_correctly()
    {
        var rel = HeapRelation.Create(T1);
        var row = new byte[6000];
        int rows = 0;
        void Fill(long walBytes)
        {
            Lsn from = XLog.InsertRecPtr;
            var t = new Txn();
            while (XLog.InsertRecPtr - from < walBytes)
            {
                rel.Insert(row, t.Xid, 0);
                rows++;
            }
            t.Commit();
        }
        int segment = XLog.SegmentSize;
        Fill(segment * 5L / 2);
        var stats = Checkpoint.Run(CheckpointFlags.Immediate);
        Assert.True(stats.SegmentsRecycled >= 1, $"recycled {stats.SegmentsRecycled}, removed {stats.SegmentsRemoved}");
        // WAL goes on into the recycled file, whose old pages lie past the new end: recovery must stop there.
        Fill(segment * 3L / 2);
        CrashAndRestart();
        using var scan = HeapRelation.Open(T1).BeginScan(ProcArray.GetSnapshot(), Nobody.Instance);
        int seen = 0;
        while (scan.Next(out _, out _))
        {
            seen++;
        }
        Assert.Equal(rows, seen);
    }

    [Fact]
    public void Object_ids_handed_out_before_a_durable_commit_are_never_handed_out_again()
    {
        uint first = VarSup.GetNewObjectId();
        Assert.True(first >= VarSup.FirstNormalObjectId);
        Assert.Equal(first + 1, VarSup.GetNewObjectId());
        uint last = 0;
        for (int i = 0; i < 10000; i++) // past one prefetch of 8192: a second NEXTOID record
        {
            last = VarSup.GetNewObjectId();
        }
        // A catalog row using the id would be WAL-logged after the NEXTOID record; a synchronous commit flushes both.
        var t = new Txn();
        HeapRelation.Create(T1).Insert(Row($"oid {last}"), t.Xid, 0);
        t.Commit();
        CrashAndRestart();
        Assert.True(VarSup.GetNewObjectId() > last);
        // A checkpoint records the next id past everything promised, so a restart from it alone reuses nothing.
        uint before = VarSup.GetNewObjectId();
        _cluster.Shutdown();
        _cluster.Start();
        Assert.True(VarSup.GetNewObjectId() > before);
    }

    [Fact]
    public void A_torn_page_is_repaired_from_its_full_page_image()
    {
        var rel = HeapRelation.Create(T1);
        var t = new Txn();
        for (int i = 0; i < 100; i++)
        {
            rel.Insert(Row($"before checkpoint {i:D3}"), t.Xid, 0);
        }
        t.Commit();
        Checkpoint.Run(CheckpointFlags.Immediate);
        // First change after the checkpoint: the record carries the page's image.
        var t2 = new Txn();
        rel.Insert(Row("after checkpoint"), t2.Xid, 0);
        t2.Commit();
        BufMgr.FlushAllBuffers();
        _cluster.Crash();
        TearPage(T1, 0);
        _cluster.Log.Clear();
        var result = _cluster.Start();
        Assert.True(result.Replayed);
        var rows = Visible(T1);
        Assert.Equal(101, rows.Count);
        Assert.Contains("after checkpoint", rows);
    }

    [Fact]
    public void A_torn_page_after_hint_bits_only_is_repaired_from_the_hint_image()
    {
        var rel = HeapRelation.Create(T1);
        var t = new Txn();
        for (int i = 0; i < 50; i++)
        {
            rel.Insert(Row($"hinted {i:D3}"), t.Xid, 0);
        }
        t.Commit();
        Checkpoint.Run(CheckpointFlags.Immediate);
        // A scan sets hint bits (the page's only change since the checkpoint), and the page is written.
        Assert.Equal(50, Visible(T1).Count);
        Assert.True(BufMgr.FlushAllBuffers() > 0);
        _cluster.Crash();
        TearPage(T1, 0);
        _cluster.Start();
        Assert.Equal(50, Visible(T1).Count);
    }

    [Fact]
    public void A_page_corrupted_outside_recoverys_reach_fails_its_checksum()
    {
        var rel = HeapRelation.Create(T1);
        var t = new Txn();
        rel.Insert(Row("x"), t.Xid, 0);
        t.Commit();
        Assert.Single(Visible(T1)); // hint bits set now, so the shutdown checkpoint writes the final page
        _cluster.Shutdown();
        TearPage(T1, 0);
        _cluster.Start();
        var e = Assert.Throws<PgException>(() => Visible(T1));
        Assert.Equal(SqlState.DataCorrupted, e.SqlState);
        Assert.Contains("invalid page in block 0 of relation base/5/20001", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The second half of the block gets other bytes, as a write cut short by a power loss leaves it.</summary>
    void TearPage(RelFileLocator rel, uint block)
    {
        string path = Path.Combine(_cluster.DataDirectory, rel.RelativePath(ForkNumber.Main));
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        fs.Position = (block * 8192L) + 4096;
        var junk = new byte[4096];
        new Random(7).NextBytes(junk);
        fs.Write(junk);
    }
}
