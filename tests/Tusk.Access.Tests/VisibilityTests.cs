// The MVCC visibility rule as a truth table: inserter and deleter in every state a snapshot can see them in.
using Tusk.Access.Heap;
using Tusk.Storage.Ipc;
using Tusk.Storage.Transam;

namespace Tusk.Access.Tests;

public sealed class VisibilityTests
{
    const uint Me = 100;
    const uint CurCid = 5;

    // The snapshot: 95 and 105 were running when it was taken; ids from 110 on had not started.
    static readonly Snapshot Snap = new(90, 110, [95, 105], [], false);

    /// <summary>The commit log as of now (after the snapshot): 112 committed after it was taken, 105 too.</summary>
    sealed class Log : ICommitLog
    {
        public static readonly HashSet<uint> Committed = [80, 92, 98, 105, 112];

        public int Lookups { get; private set; }

        public bool DidCommit(uint xid)
        {
            Lookups++;
            return Committed.Contains(xid);
        }
    }

    sealed class Current : ICurrentTransaction
    {
        public bool IsCurrent(uint xid) => xid == Me;

        public uint CommandId => CurCid;
    }

    static bool Visible(uint xmin, uint cmin, uint xmax, uint cmax, InfoMask extra, out HeapTupleHeader after)
    {
        var t = HeapTupleHeader.ForInsert(xmin, cmin, 1, 32);
        if (xmax != 0)
        {
            t.Xmax = xmax;
            t.Cmax = cmax;
            t.Infomask &= ~InfoMask.XmaxInvalid;
        }
        t.Infomask |= extra;
        bool v = Visibility.SatisfiesMvcc(ref t, Snap, new Current(), new Log(), out _);
        after = t;
        return v;
    }

    [Theory]
    // inserter committed before the snapshot
    [InlineData(80u, 0u, 0u, 0u, InfoMask.None, true)]
    [InlineData(80u, 0u, 92u, 0u, InfoMask.None, false)]        // deleted, committed before the snapshot
    [InlineData(80u, 0u, 95u, 0u, InfoMask.None, true)]         // deleter still running at the snapshot
    [InlineData(80u, 0u, 105u, 0u, InfoMask.None, true)]        // deleter running then, committed since
    [InlineData(80u, 0u, 112u, 0u, InfoMask.None, true)]        // deleter started after the snapshot
    [InlineData(80u, 0u, 85u, 0u, InfoMask.None, true)]         // deleter aborted
    [InlineData(80u, 0u, 92u, 0u, InfoMask.XmaxLockOnly, true)] // only locked, not deleted
    // inserter not visible
    [InlineData(95u, 0u, 0u, 0u, InfoMask.None, false)]         // running at the snapshot
    [InlineData(105u, 0u, 0u, 0u, InfoMask.None, false)]        // running then, committed since
    [InlineData(112u, 0u, 0u, 0u, InfoMask.None, false)]        // started after the snapshot
    [InlineData(96u, 0u, 0u, 0u, InfoMask.None, false)]         // aborted
    [InlineData(105u, 0u, 0u, 0u, InfoMask.XminCommitted, false)] // hinted committed, but after the snapshot
    [InlineData(2u, 0u, 0u, 0u, InfoMask.XminFrozen, true)]     // frozen
    // the current transaction's own changes, by command id
    [InlineData(Me, 3u, 0u, 0u, InfoMask.None, true)]           // inserted by an earlier command
    [InlineData(Me, 5u, 0u, 0u, InfoMask.None, false)]          // inserted by this command
    [InlineData(Me, 3u, Me, 4u, InfoMask.None, false)]          // inserted and deleted by earlier commands
    [InlineData(Me, 3u, Me, 5u, InfoMask.None, true)]           // deleted by this command: still seen
    [InlineData(80u, 0u, Me, 4u, InfoMask.None, false)]         // we deleted it earlier
    [InlineData(80u, 0u, Me, 6u, InfoMask.None, true)]          // we delete it later
    [InlineData(Me, 3u, 96u, 0u, InfoMask.None, true)]          // deleted by an aborted other (impossible but safe)
    public void Truth_table(uint xmin, uint cmin, uint xmax, uint cmax, InfoMask extra, bool expected) =>
        Assert.Equal(expected, Visible(xmin, cmin, xmax, cmax, extra, out _));

    [Fact]
    public void The_commit_log_is_asked_once_then_hint_bits_answer()
    {
        var t = HeapTupleHeader.ForInsert(98, 0, 1, 32);
        t.Xmax = 92;
        t.Infomask &= ~InfoMask.XmaxInvalid;
        var log = new Log();
        Assert.False(Visibility.SatisfiesMvcc(ref t, Snap, new Current(), log, out bool changed));
        Assert.True(changed);
        Assert.True(t.Has(InfoMask.XminCommitted | InfoMask.XmaxCommitted));
        Assert.Equal(2, log.Lookups);
        Assert.False(Visibility.SatisfiesMvcc(ref t, Snap, new Current(), log, out changed));
        Assert.False(changed);
        Assert.Equal(2, log.Lookups);
    }

    [Fact]
    public void Aborted_inserter_and_deleter_are_remembered_as_invalid()
    {
        Assert.False(Visible(96, 0, 0, 0, InfoMask.None, out var ins));
        Assert.True(ins.Has(InfoMask.XminInvalid));
        Assert.True(Visible(80, 0, 85, 0, InfoMask.None, out var del));
        Assert.True(del.Has(InfoMask.XmaxInvalid));
    }

    [Fact]
    public void A_transaction_that_is_not_running_and_not_committed_counts_as_aborted()
    {
        // 99 is below xmax, not in the snapshot and absent from the log: it crashed. Its row is not visible.
        Assert.False(Visible(99, 0, 0, 0, InfoMask.None, out var t));
        Assert.True(t.Has(InfoMask.XminInvalid));
        Assert.False(TransactionId.Precedes(110, 99));
    }
}
