// Transaction ids, the commit log and snapshots in a real shared memory segment: what READ COMMITTED and
// REPEATABLE READ see of a concurrent update, and that commit status survives in pg_xact.
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
        uint a = Commit(VarSup.GetNewTransactionId(false));
        var oldVersion = HeapTupleHeader.ForInsert(a, 0, 1, 32);

        var transactionStart = ProcArray.GetSnapshot(); // the reader's first statement

        uint b = VarSup.GetNewTransactionId(false);  // the writer updates the row
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
        uint top = VarSup.GetNewTransactionId(false);
        uint sub1 = VarSup.GetNewTransactionId(true);
        uint sub2 = VarSup.GetNewTransactionId(true);
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
    public void Commit_status_survives_in_pg_xact_across_pages()
    {
        VarSup.Initialize(Clog.XidsPerPage - 2);
        uint last = 0;
        var committed = new List<uint>();
        for (int i = 0; i < 5; i++)
        {
            uint x = VarSup.GetNewTransactionId(false);
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
