// Transaction end (xact.c RecordTransactionCommit / RecordTransactionAbort and xact_redo): the commit record is
// the commit. Commit inserts it, then waits for it to be on disk (synchronous_commit on: XLog.Flush, which
// shares one fsync among concurrent committers) or only tells the walwriter (off), then marks the commit log,
// then leaves the proc array. Abort inserts its record without waiting (an abort lost in a crash is an abort
// anyway). Redo of either sets the commit log as the original did and moves the next transaction id past it.
// Rules: a transaction without an id wrote nothing and logs nothing. The commit log is set after the record is
// inserted, so a reader that sees "committed" in the log and sets a hint bit on a page also dirties that page
// after the commit record exists (WAL before data keeps the page behind the record); with asynchronous commit,
// Visibility withholds the hint until the commit record is flushed (ClogCommitLog.CanSetCommittedHint).
// Entry points: Xact.Commit, Xact.Abort, Xact.AbortSubtransactions, Xact.Register (the redo routine).
using System.Buffers.Binary;
using Tusk.Storage.Ipc;
using Tusk.Storage.Transam;

namespace Tusk.Access.Transam;

public static class Xact
{
    /// <summary>Info bytes of RmgrId.Transaction records (PostgreSQL's values).</summary>
    public const byte CommitInfo = 0x00;
    public const byte AbortInfo = 0x20;

    public static void Register() => RmgrTable.Register(RmgrId.Transaction, "Transaction", Redo, Describe);

    /// <summary>
    /// Commits <paramref name="xid"/> and its committed subtransactions; returns the commit record's end. With
    /// <paramref name="synchronous"/> the record is on disk when this returns.
    /// </summary>
    public static Lsn Commit(uint xid, ReadOnlySpan<uint> subxids, bool synchronous)
    {
        Lsn end = Log(CommitInfo, xid, subxids);
        if (synchronous)
        {
            XLog.Flush(end);
        }
        else
        {
            XLog.SetAsyncXactLsn(end);
        }
        Clog.SetTreeStatus(xid, subxids, XidStatus.Committed);
        ProcArray.EndTransaction(Latest(xid, subxids));
        return end;
    }

    /// <summary>Aborts <paramref name="xid"/> and the given subtransactions.</summary>
    public static void Abort(uint xid, ReadOnlySpan<uint> subxids)
    {
        Log(AbortInfo, xid, subxids);
        Clog.SetTreeStatus(xid, subxids, XidStatus.Aborted);
        ProcArray.EndTransaction(Latest(xid, subxids));
    }

    /// <summary>
    /// Aborts subtransactions while their parent goes on (ROLLBACK TO SAVEPOINT; RecordTransactionAbort for a
    /// subtransaction): an abort record naming them, the commit log, then they leave the proc array's cache.
    /// <paramref name="subxid"/> is the subtransaction rolled back, <paramref name="children"/> its own subtransactions.
    /// </summary>
    public static void AbortSubtransactions(uint subxid, ReadOnlySpan<uint> children)
    {
        Log(AbortInfo, subxid, children);
        Clog.SetTreeStatus(subxid, children, XidStatus.Aborted);
        Span<uint> all = children.Length < 64 ? stackalloc uint[children.Length + 1] : new uint[children.Length + 1];
        all[0] = subxid;
        children.CopyTo(all[1..]);
        ProcArray.RemoveSubxids(all, Latest(subxid, children));
    }

    static uint Latest(uint xid, ReadOnlySpan<uint> subxids)
    {
        uint latest = xid;
        foreach (uint s in subxids)
        {
            if (TransactionId.Follows(s, latest))
            {
                latest = s;
            }
        }
        return latest;
    }

    static Lsn Log(byte info, uint xid, ReadOnlySpan<uint> subxids)
    {
        int size = 12 + (4 * subxids.Length);
        Span<byte> data = size <= 512 ? stackalloc byte[size] : new byte[size];
        BinaryPrimitives.WriteInt64LittleEndian(data, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32LittleEndian(data[8..], subxids.Length);
        for (int i = 0; i < subxids.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(data[(12 + (4 * i))..], subxids[i]);
        }
        var b = XLogRecordBuilder.Begin();
        b.SetMainData(data);
        return XLog.Insert(b.Finish(RmgrId.Transaction, info, xid));
    }

    static void Redo(in DecodedRecord record)
    {
        var data = record.MainData;
        int n = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
        Span<uint> subxids = n <= 128 ? stackalloc uint[n] : new uint[n];
        for (int i = 0; i < n; i++)
        {
            subxids[i] = BinaryPrimitives.ReadUInt32LittleEndian(data[(12 + (4 * i))..]);
        }
        var status = record.Info switch
        {
            CommitInfo => XidStatus.Committed,
            AbortInfo => XidStatus.Aborted,
            _ => throw new InvalidDataException($"unknown transaction record info 0x{record.Info:X2} at {record.ReadRecPtr}"),
        };
        VarSup.AdvancePast(Latest(record.Xid, subxids));
        Clog.SetTreeStatus(record.Xid, subxids, status);
    }

    static string Describe(in DecodedRecord record)
    {
        var data = record.MainData;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(data));
        int n = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
        string what = record.Info == CommitInfo ? "COMMIT" : "ABORT";
        return $"{what} {at:yyyy-MM-dd HH:mm:ss.ffffff}+00; xid {record.Xid}; {n} subxacts";
    }
}
