// Tuple visibility (heapam_visibility.c, HeapTupleSatisfiesMVCC): whether a row version is visible to a snapshot
// taken by a transaction. READ COMMITTED and REPEATABLE READ use the same rule with different snapshots (a new
// one per statement, or one for the whole transaction).
//
// A version is visible when its inserter is the current transaction (and inserted it in an earlier command), or
// had committed when the snapshot was taken; and it is not deleted by the current transaction in an earlier
// command, nor by a transaction that had committed when the snapshot was taken. Once the commit log has been
// consulted for a transaction that ended, the answer is remembered in the header's hint bits; the caller marks
// the buffer dirty (as a hint) when SetHints reports a change.
using Tusk.Storage.Ipc;
using Tusk.Storage.Transam;

namespace Tusk.Access.Heap;

/// <summary>What visibility needs to know about the transaction looking (xact.c's current-transaction tests).</summary>
public interface ICurrentTransaction
{
    /// <summary>Whether <paramref name="xid"/> is this transaction or one of its live subtransactions.</summary>
    bool IsCurrent(uint xid);

    /// <summary>The command id of the statement looking: it sees changes of earlier commands only.</summary>
    uint CommandId { get; }
}

/// <summary>The commit log as visibility reads it (a seam for tests; the real one is <see cref="Clog"/>).</summary>
public interface ICommitLog
{
    bool DidCommit(uint xid);

    /// <summary>
    /// Whether a committed hint may be stored for <paramref name="xid"/> now: not while an asynchronous commit
    /// record may still be unflushed (the page could reach disk before the commit does).
    /// </summary>
    bool CanSetCommittedHint(uint xid) => true;
}

public sealed class ClogCommitLog : ICommitLog
{
    public static readonly ClogCommitLog Instance = new();

    public bool DidCommit(uint xid) => Clog.DidCommit(xid);

    public bool CanSetCommittedHint(uint xid) => !XLog.InsertAllowed || !XLog.NeedsFlush(XLog.AsyncXactLsn);
}

public static class Visibility
{
    /// <summary>
    /// HeapTupleSatisfiesMVCC. <paramref name="hintsChanged"/> says whether hint bits were set in
    /// <paramref name="tuple"/> (the caller then marks the buffer dirty as a hint).
    /// </summary>
    public static bool SatisfiesMvcc(
        ref HeapTupleHeader tuple, Snapshot snapshot, ICurrentTransaction me, ICommitLog clog, out bool hintsChanged)
    {
        hintsChanged = false;
        if (!tuple.Has(InfoMask.XminCommitted))
        {
            if (tuple.Has(InfoMask.XminInvalid))
            {
                return false; // inserter aborted
            }
            if (me.IsCurrent(tuple.Xmin))
            {
                if (tuple.Cmin >= me.CommandId)
                {
                    return false; // inserted by this or a later command
                }
                if (tuple.XmaxIsLockOnlyOrInvalid)
                {
                    return true;
                }
                if (me.IsCurrent(tuple.Xmax))
                {
                    return tuple.Cmax >= me.CommandId; // deleted by this or a later command: still visible
                }
                return true; // deleted by one of our subtransactions that aborted
            }
            if (snapshot.IsRunning(tuple.Xmin))
            {
                return false;
            }
            if (clog.DidCommit(tuple.Xmin))
            {
                if (clog.CanSetCommittedHint(tuple.Xmin))
                {
                    tuple.Infomask |= InfoMask.XminCommitted;
                    hintsChanged = true;
                }
            }
            else
            {
                tuple.Infomask |= InfoMask.XminInvalid; // aborted, or crashed while running
                hintsChanged = true;
                return false;
            }
        }
        else if (!tuple.XminFrozen && snapshot.IsRunning(tuple.Xmin))
        {
            return false; // committed, but after the snapshot was taken
        }

        // The inserter is visible; now the deleter.
        if (tuple.XmaxIsLockOnlyOrInvalid)
        {
            return true;
        }
        if (me.IsCurrent(tuple.Xmax))
        {
            return tuple.Cmax >= me.CommandId;
        }
        if (snapshot.IsRunning(tuple.Xmax))
        {
            return true;
        }
        if (!tuple.Has(InfoMask.XmaxCommitted))
        {
            if (!clog.DidCommit(tuple.Xmax))
            {
                tuple.Infomask |= InfoMask.XmaxInvalid; // deleter aborted
                hintsChanged = true;
                return true;
            }
            if (clog.CanSetCommittedHint(tuple.Xmax))
            {
                tuple.Infomask |= InfoMask.XmaxCommitted;
                hintsChanged = true;
            }
        }
        return false;
    }
}
