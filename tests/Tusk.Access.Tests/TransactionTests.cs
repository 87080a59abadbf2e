// Transaction ids, the commit log and snapshots in a real shared memory segment: what READ COMMITTED and
// REPEATABLE READ see of a concurrent update, that commit status survives in pg_xact, and that a snapshot places
// the subtransactions of a session whose 64-entry cache overflowed through pg_subtrans.
using Tusk.LockHammer;
using Tusk.Access.Heap;
using Tusk.Common.Utils;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Transam;

namespace Tusk.Access.Tests;

[Collection(SharedStatics.Name)]
public sealed class TransactionTests : IDisposable
{
    readonly TestSegment _segment = new("xact");

    public void Dispose() => _segment.Dispose();

    static bool Sees(HeapTupleHeader t, Snapshot s) =>
        Visibility.SatisfiesMvcc(ref t, s, Nobody.Instance, ClogCommitLog.Instance, out _);

    uint Commit(uint xid)
    {
        Clog.SetTreeStatus(xid, [], XidStatus.Committed);
        ProcArray.EndTransaction(xid);
        return xid;
    }

    [Fact]
    public void Read_committed_sees_a_concurrent_update_at_its_next_statement_repeatable_read_does_not()
    {
        uint a = Commit(VarSup.GetNewTransactionId());
        var oldVersion = HeapTupleHeader.ForInsert(a, 0, 1, 32);

        var transactionStart = ProcArray.GetSnapshot(); // the reader's first statement

        uint b = VarSup.GetNewTransactionId();  // the writer updates the row
        oldVersion.Xmax = b;
        oldVersion.Infomask = (oldVersion.Infomask & ~InfoMask.XmaxInvalid) | InfoMask.Updated;
        var newVersion = HeapTupleHeader.ForInsert(b, 0, 1, 32);

        var whileRunning = ProcArray.GetSnapshot();
        Assert.True(ProcArray.IsRunning(b));
        Assert.True(Sees(oldVersion, whileRunning));
        Assert.False(Sees(newVersion, whileRunning));

        Commit(b);
        Assert.False(ProcArray.IsRunning(b));

        var nextStatement = ProcArray.GetSnapshot(); // READ COMMITTED: a new snapshot per statement
        Assert.False(Sees(oldVersion, nextStatement));
        Assert.True(Sees(newVersion, nextStatement));

        // REPEATABLE READ keeps the transaction's first snapshot.
        Assert.True(Sees(oldVersion, transactionStart));
        Assert.False(Sees(newVersion, transactionStart));
    }

    [Fact]
    public void Subtransactions_commit_with_their_parent_and_abort_alone()
    {
        uint top = VarSup.GetNewTransactionId();
        uint sub1 = VarSup.GetNewTransactionId(top);
        uint sub2 = VarSup.GetNewTransactionId(top);
        var during = ProcArray.GetSnapshot();
        Assert.True(during.IsRunning(sub1));
        Assert.True(during.IsRunning(sub2));
        Clog.SetTreeStatus(sub2, [], XidStatus.Aborted); // ROLLBACK TO SAVEPOINT
        Clog.SetTreeStatus(top, [sub1], XidStatus.Committed);
        ProcArray.EndTransaction(sub2);
        Assert.Equal(XidStatus.Committed, Clog.GetStatus(top));
        Assert.Equal(XidStatus.Committed, Clog.GetStatus(sub1));
        Assert.Equal(XidStatus.Aborted, Clog.GetStatus(sub2));
        var after = ProcArray.GetSnapshot();
        Assert.False(after.IsRunning(top));
        Assert.False(after.IsRunning(sub1));
    }

    [Fact]
    public void A_snapshot_places_overflowed_subtransactions_of_another_session_through_pg_subtrans()
    {
        // Another session: a transaction with 100 subtransactions (SAVEPOINTs that each wrote something), the later
        // ones nested three deep, so ids past the 64th are in no cache.
        int other = _segment.ClaimSlot();
        ProcGlobal.ActAs(other);
        uint top = VarSup.GetNewTransactionId();
        var subs = new List<uint>();
        uint parent = top;
        for (int i = 0; i < 100; i++)
        {
            uint sub = VarSup.GetNewTransactionId(parent);
            subs.Add(sub);
            parent = i >= 90 && i % 3 != 2 ? sub : top;
        }
        uint aborted = subs[80];
        Clog.SetTreeStatus(aborted, [], XidStatus.Aborted); // ROLLBACK TO SAVEPOINT of one of them
        ProcGlobal.ActAs(_segment.MainSlot);

        uint ended = Commit(VarSup.GetNewTransactionId()); // this session: between the other's ids, already ended
        uint lastSub = subs[^1];
        uint deep = subs[92]; // subs[92] → subs[91] → subs[90] → top
        Assert.Equal(subs[91], SubTrans.GetParent(deep));
        Assert.Equal(top, SubTrans.GetTopmostTransaction(deep, top));
        var tuple = HeapTupleHeader.ForInsert(subs[70], 0, 1, 32);

        var during = ProcArray.GetSnapshot();
        Assert.True(during.SubOverflowed);
        Assert.Equal(ProcArray.MaxCachedSubxids, during.Subxip.Length);
        Assert.DoesNotContain(subs[70], during.Subxip);
        Assert.True(during.IsRunning(subs[70]), "an overflowed subtransaction of a running transaction"); // threw before
        Assert.True(during.IsRunning(deep), "three levels below the top");
        Assert.True(during.IsRunning(subs[3]));
        Assert.False(during.IsRunning(ended));
        Assert.False(Sees(tuple, during));
        Assert.True(ProcArray.IsRunning(subs[70]));
        Assert.True(ProcArray.IsRunning(deep));
        Assert.False(ProcArray.IsRunning(aborted), "an aborted subtransaction is not running though its parent is");
        Assert.False(ProcArray.IsRunning(ended));

        ProcGlobal.ActAs(other);
        var committed = subs.Where(s => s != aborted).ToArray();
        Clog.SetTreeStatus(top, committed, XidStatus.Committed);
        ProcArray.EndTransaction(lastSub);
        ProcGlobal.ActAs(_segment.MainSlot);

        var after = ProcArray.GetSnapshot();
        Assert.False(after.SubOverflowed);
        Assert.False(after.IsRunning(top));
        Assert.All(subs, s => Assert.False(after.IsRunning(s)));
        Assert.All(subs, s => Assert.False(ProcArray.IsRunning(s)));
        Assert.True(Sees(tuple, after));
        // REPEATABLE READ keeps its snapshot: the whole tree is still running for it.
        Assert.True(during.IsRunning(subs[70]));
        Assert.False(Sees(tuple, during));
    }

    [Fact]
    public void Commit_status_survives_in_pg_xact_across_pages()
    {
        VarSup.Initialize(Clog.XidsPerPage - 2);
        uint last = 0;
        var committed = new List<uint>();
        for (int i = 0; i < 5; i++)
        {
            uint x = VarSup.GetNewTransactionId();
            if (i % 2 == 0)
            {
                committed.Add(Commit(x));
            }
            else
            {
                Clog.SetTreeStatus(x, [], XidStatus.Aborted);
                ProcArray.EndTransaction(x);
            }
            last = x;
        }
        Assert.True(last / Clog.XidsPerPage == 1, "the ids crossed into the second commit log page");
        Assert.True(Clog.Flush() >= 2);
        Clog.ForgetCache();
        Assert.True(File.Exists(Path.Combine(_segment.DataDirectory, "pg_xact", "0000")));
        for (uint x = (uint)Clog.XidsPerPage - 2; x <= last; x++)
        {
            Assert.Equal(committed.Contains(x) ? XidStatus.Committed : XidStatus.Aborted, Clog.GetStatus(x));
        }
    }

    [Fact]
    public void Ids_compare_on_a_circle()
    {
        Assert.True(TransactionId.Precedes(3, 4));
        Assert.True(TransactionId.Precedes(uint.MaxValue, 5)); // wrapped around
        Assert.False(TransactionId.Precedes(5, uint.MaxValue));
        Assert.True(TransactionId.Precedes(TransactionId.Frozen, 3));
        Assert.Equal(TransactionId.FirstNormal, TransactionId.Advance(uint.MaxValue));
    }
}
