// A backend's transaction over the heap and WAL: lazy id assignment, read-only commits that log nothing,
// savepoints (RELEASE keeps their work, ROLLBACK TO discards it, also across a crash), READ COMMITTED versus
// REPEATABLE READ snapshots, and the command counter.
using System.Text;
using Tusk.Access.Heap;
using Tusk.Access.Transam;
using Tusk.Common.Errors;
using Tusk.LockHammer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;

namespace Tusk.Access.Tests;

[Collection(SharedStatics.Name)]
public sealed class TransactionStateTests : IDisposable
{
    static readonly RelFileLocator T = new(RelFileLocator.DefaultTablespace, 5, 21001);
    readonly WalCluster _cluster = WalCluster.Create("xact", nbuffers: 32);
    readonly HeapRelation _rel;

    public TransactionStateTests() => _rel = HeapRelation.Create(T);

    public void Dispose() => _cluster.Dispose();

    static byte[] Row(string s) => Encoding.UTF8.GetBytes(s);

    void Insert(TransactionState x, string value)
    {
        _rel.Insert(Row(value), x.GetCurrentTransactionId(), x.CommandId);
        x.MarkCommandUsed();
        x.CommandCounterIncrement();
    }

    static List<string> Scan(RelFileLocator rel, Snapshot snapshot, ICurrentTransaction me)
    {
        var rows = new List<string>();
        using var scan = HeapRelation.Open(rel).BeginScan(snapshot, me);
        while (scan.Next(out _, out var data))
        {
            rows.Add(Encoding.UTF8.GetString(data));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    static List<string> Committed() => Scan(T, ProcArray.GetSnapshot(), Nobody.Instance);

    [Fact]
    public void A_transaction_that_writes_nothing_takes_no_id_and_logs_nothing()
    {
        var x = new TransactionState();
        x.Begin(IsolationLevel.ReadCommitted);
        Assert.Empty(Scan(T, x.StatementSnapshot(), x));
        x.DefineSavepoint("s");
        x.ReleaseSavepoint("s");
        Lsn before = XLog.InsertRecPtr;
        Assert.False(x.Commit(synchronous: true).IsValid);
        Assert.Equal(before, XLog.InsertRecPtr);
        Assert.Equal(TransactionId.Invalid, x.TopXid);
    }

    [Fact]
    public void Ids_are_assigned_at_the_first_write_parents_first()
    {
        var x = new TransactionState();
        x.Begin(IsolationLevel.ReadCommitted);
        x.DefineSavepoint("a");
        x.DefineSavepoint("b");
        uint sub = x.GetCurrentTransactionId();
        uint top = x.TopXid;
        Assert.True(TransactionId.IsNormal(top));
        Assert.True(TransactionId.Precedes(top, sub));
        Assert.Equal(top, SubTrans.GetTopmostTransaction(sub, top));
        Assert.Equal(sub, x.GetCurrentTransactionId());
        Assert.True(x.IsCurrent(top) && x.IsCurrent(sub));
        x.Abort();
        Assert.True(Clog.DidAbort(top) && Clog.DidAbort(sub));
    }

    [Fact]
    public void Release_keeps_a_savepoints_work_and_rollback_to_discards_it_also_after_a_crash()
    {
        var x = new TransactionState();
        x.Begin(IsolationLevel.ReadCommitted);
        Insert(x, "before");
        x.DefineSavepoint("kept");
        Insert(x, "released");
        x.ReleaseSavepoint("kept");
        x.DefineSavepoint("undone");
        Insert(x, "rolled back");
        x.DefineSavepoint("inner");
        Insert(x, "rolled back too");
        x.RollbackToSavepoint("undone");
        // The transaction no longer sees what the savepoint wrote, and the savepoint is there again.
        Assert.Equal(["before", "released"], Scan(T, x.StatementSnapshot(), x));
        Insert(x, "after rollback to");
        x.ReleaseSavepoint("undone");
        Assert.Empty(Committed());
        x.Commit(synchronous: true);
        Assert.Equal(["after rollback to", "before", "released"], Committed());

        _cluster.Crash();
        _cluster.Start();
        Assert.Equal(["after rollback to", "before", "released"], Committed());
    }

    [Fact]
    public void Abort_discards_the_transaction_and_its_savepoints()
    {
        var x = new TransactionState();
        x.Begin(IsolationLevel.ReadCommitted);
        Insert(x, "top");
        x.DefineSavepoint("s");
        Insert(x, "sub");
        x.Abort();
        Assert.Empty(Committed());
        Assert.False(x.InProgress);
    }

    [Fact]
    public void Read_committed_sees_other_commits_between_statements_repeatable_read_does_not()
    {
        var rc = new TransactionState();
        var rr = new TransactionState();
        rc.Begin(IsolationLevel.ReadCommitted);
        rr.Begin(IsolationLevel.RepeatableRead);
        Assert.Empty(Scan(T, rc.StatementSnapshot(), rc));
        Assert.Empty(Scan(T, rr.StatementSnapshot(), rr));

        var other = new TransactionState();
        other.Begin(IsolationLevel.ReadCommitted);
        Insert(other, "committed meanwhile");
        other.Commit(synchronous: true);

        Assert.Equal(["committed meanwhile"], Scan(T, rc.StatementSnapshot(), rc));
        Assert.Empty(Scan(T, rr.StatementSnapshot(), rr));
        rc.Commit(synchronous: true);
        rr.Commit(synchronous: true);
    }

    [Fact]
    public void A_command_sees_the_changes_of_earlier_commands_only()
    {
        var x = new TransactionState();
        x.Begin(IsolationLevel.ReadCommitted);
        _rel.Insert(Row("in this command"), x.GetCurrentTransactionId(), x.CommandId);
        x.MarkCommandUsed();
        Assert.Empty(Scan(T, x.StatementSnapshot(), x));
        x.CommandCounterIncrement();
        Assert.Equal(["in this command"], Scan(T, x.StatementSnapshot(), x));
        x.Commit(synchronous: false);
    }

    [Fact]
    public void An_unknown_savepoint_is_3B001()
    {
        var x = new TransactionState();
        x.Begin(IsolationLevel.ReadCommitted);
        var e = Assert.Throws<PgException>(() => x.ReleaseSavepoint("nope"));
        Assert.Equal("3B001", e.SqlState);
        Assert.Equal("savepoint \"nope\" does not exist", e.Message);
        x.Abort();
    }
}
