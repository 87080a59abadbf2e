// One backend's transaction (xact.c's TransactionState stack, for the SQL layer): the top-level transaction and a
// stack of savepoints, each a subtransaction. Ids are assigned lazily, at the first write of a level
// (GetCurrentTransactionId); a subtransaction that writes first makes its ancestors take ids, parents before
// children, so pg_subtrans and the commit log always name an assigned parent. Snapshots: READ COMMITTED takes one
// per statement, REPEATABLE READ keeps the first for the whole transaction. The command counter separates the
// statements of one transaction (a version made by this transaction is visible only to later commands).
// RELEASE merges a savepoint's ids into its parent (they commit or abort with it); ROLLBACK TO aborts the
// savepoint's ids (an abort record, the commit log, out of the proc array) and starts a fresh level of the same
// name. COMMIT of a transaction that never took an id writes nothing (read-only); one that did writes its commit
// record with every committed subtransaction id (Xact.Commit).
// Entry points: Begin, GetCurrentTransactionId, StatementSnapshot, CommandCounterIncrement, DefineSavepoint,
// ReleaseSavepoint, RollbackToSavepoint, Commit, Abort; as ICurrentTransaction for visibility checks.
// ReadOnly is xact.c's XactReadOnly: the Tcop sets it, writers call PreventCommandIfReadOnly (25006); a savepoint
// remembers the mode it began with and restores it when released or rolled back to, as PostgreSQL does.
using Tusk.Access.Heap;
using Tusk.Common.Errors;
using Tusk.Storage.Ipc;
using Tusk.Storage.Transam;

namespace Tusk.Access.Transam;

public enum IsolationLevel
{
    ReadCommitted,
    RepeatableRead,
}

public sealed class TransactionState : ICurrentTransaction
{
    sealed class Level(string? name)
    {
        public string? Name { get; } = name;
        public uint Xid { get; set; }
        /// <summary>The read-only mode of the level below when this savepoint began (restored when it ends).</summary>
        public bool PrevReadOnly { get; init; }
        /// <summary>The caller's mark when the savepoint began (the settings undo log's length), for ROLLBACK TO.</summary>
        public int SettingsMark { get; init; }
        /// <summary>Ids of released (sub-committed) savepoints below this level, with their own children.</summary>
        public List<uint> Children { get; } = [];
    }

    readonly List<Level> _levels = [];
    readonly HashSet<uint> _mine = [];
    Snapshot? _transactionSnapshot;
    bool _commandUsed;

    public bool InProgress => _levels.Count > 0;

    public IsolationLevel Isolation { get; private set; }

    /// <summary>
    /// XactReadOnly: the transaction (or the current savepoint) may not write. Set from default_transaction_read_only
    /// at the start and by SET TRANSACTION; a savepoint's end (RELEASE or ROLLBACK TO) restores the mode it began with.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>FirstSnapshotSet: a query has run, so the isolation level and read-write mode are fixed.</summary>
    public bool FirstSnapshotSet => _snapshotTaken;

    /// <summary>The top-level id, or 0 while the transaction has written nothing.</summary>
    public uint TopXid => _levels.Count > 0 ? _levels[0].Xid : TransactionId.Invalid;

    /// <summary>
    /// The command id visibility uses: the current one, or while a cursor's query runs the id of the statement that
    /// declared it (see <see cref="PinCommandId"/>).
    /// </summary>
    public uint CommandId => _pinnedCommandId ?? _commandId;

    uint _commandId;
    uint? _pinnedCommandId;

    /// <summary>
    /// Makes <see cref="CommandId"/> report <paramref name="cid"/> until <see cref="UnpinCommandId"/>: a cursor fetched
    /// by a later statement sees what its DECLARE saw (the command id of its snapshot).
    /// </summary>
    public void PinCommandId(uint cid) => _pinnedCommandId = cid;

    public void UnpinCommandId() => _pinnedCommandId = null;

    /// <summary>Savepoint depth (0: only the top level).</summary>
    public int Depth => Math.Max(0, _levels.Count - 1);

    public void Begin(IsolationLevel isolation)
    {
        if (InProgress)
        {
            throw new InvalidOperationException("a transaction is already in progress");
        }
        Isolation = isolation;
        _levels.Add(new Level(null));
        _commandId = 0;
        _pinnedCommandId = null;
        _commandUsed = false;
        _transactionSnapshot = null;
    }

    /// <summary>Sets the isolation level; it holds from the transaction's first snapshot on, so later calls are ignored.</summary>
    public void SetIsolation(IsolationLevel isolation)
    {
        if (_transactionSnapshot == null && !_snapshotTaken)
        {
            Isolation = isolation;
        }
    }

    bool _snapshotTaken;

    /// <summary>The id of the current level, assigned now if it has none (the first write).</summary>
    public uint GetCurrentTransactionId()
    {
        RequireInProgress();
        return Assign(_levels.Count - 1);
    }

    uint Assign(int level)
    {
        var l = _levels[level];
        if (l.Xid == TransactionId.Invalid)
        {
            l.Xid = level == 0 ? VarSup.GetNewTransactionId() : VarSup.GetNewTransactionId(Assign(level - 1));
            _mine.Add(l.Xid);
        }
        return l.Xid;
    }

    /// <summary>GetTransactionSnapshot: a new one per statement (READ COMMITTED), the first one kept (REPEATABLE READ).</summary>
    public Snapshot StatementSnapshot()
    {
        RequireInProgress();
        _snapshotTaken = true;
        if (Isolation == IsolationLevel.RepeatableRead)
        {
            return _transactionSnapshot ??= ProcArray.GetSnapshot();
        }
        return ProcArray.GetSnapshot();
    }

    /// <summary>Marks the current command as having changed something (its changes need the next command to be seen).</summary>
    public void MarkCommandUsed() => _commandUsed = true;

    /// <summary>CommandCounterIncrement: the next statement sees this one's changes.</summary>
    public void CommandCounterIncrement()
    {
        if (!_commandUsed)
        {
            return;
        }
        if (_commandId == uint.MaxValue - 1)
        {
            Throw.Error(SqlState.ProgramLimitExceeded, "cannot have more than 2^32-2 commands in a transaction");
        }
        _commandId++;
        _commandUsed = false;
    }

    /// <summary>
    /// SAVEPOINT: a new subtransaction level. <paramref name="settingsMark"/> is handed back by
    /// <see cref="RollbackToSavepoint"/> so the caller can undo the settings changed after it.
    /// </summary>
    public void DefineSavepoint(string name, int settingsMark = 0)
    {
        RequireInProgress();
        _levels.Add(new Level(name) { PrevReadOnly = ReadOnly, SettingsMark = settingsMark });
    }

    /// <summary>Marks the transaction's first query (a statement that reads with a snapshot) as started.</summary>
    public void MarkFirstSnapshot() => _snapshotTaken = true;

    /// <summary>PreventCommandIfReadOnly: 25006 "cannot execute <paramref name="command"/> in a read-only transaction".</summary>
    public void PreventCommandIfReadOnly(string command)
    {
        if (ReadOnly)
        {
            Throw.Error(SqlState.ReadOnlySqlTransaction, $"cannot execute {command} in a read-only transaction");
        }
    }

    /// <summary>RELEASE SAVEPOINT: the savepoint and everything after it merge into the level below.</summary>
    public void ReleaseSavepoint(string name)
    {
        int target = Find(name);
        var parent = _levels[target - 1];
        for (int i = target; i < _levels.Count; i++)
        {
            if (_levels[i].Xid != TransactionId.Invalid)
            {
                parent.Children.Add(_levels[i].Xid);
            }
            parent.Children.AddRange(_levels[i].Children);
        }
        ReadOnly = _levels[target].PrevReadOnly;
        _levels.RemoveRange(target, _levels.Count - target);
    }

    /// <summary>
    /// ROLLBACK TO SAVEPOINT: what the savepoint and the levels after it wrote is aborted; the savepoint stays,
    /// as a fresh subtransaction (PostgreSQL's behaviour). Returns the settings mark given at SAVEPOINT.
    /// </summary>
    public int RollbackToSavepoint(string name)
    {
        int target = Find(name);
        int mark = _levels[target].SettingsMark;
        for (int i = _levels.Count - 1; i >= target; i--)
        {
            AbortLevel(_levels[i]);
        }
        _levels.RemoveRange(target + 1, _levels.Count - target - 1);
        ReadOnly = _levels[target].PrevReadOnly;
        _levels[target] = new Level(name) { PrevReadOnly = ReadOnly, SettingsMark = mark };
        // Changes of the rolled-back commands are gone; later commands start a new command id.
        _commandUsed = true;
        CommandCounterIncrement();
        return mark;
    }

    void AbortLevel(Level l)
    {
        // A level without an id has no released children with ids: a child takes its parent's id first.
        if (l.Xid == TransactionId.Invalid)
        {
            return;
        }
        Xact.AbortSubtransactions(l.Xid, l.Children.ToArray());
        _mine.Remove(l.Xid);
        foreach (uint c in l.Children)
        {
            _mine.Remove(c);
        }
    }

    /// <summary>COMMIT: returns the commit record's end, or invalid for a transaction that wrote nothing.</summary>
    public Lsn Commit(bool synchronous)
    {
        RequireInProgress();
        try
        {
            if (TopXid == TransactionId.Invalid)
            {
                ProcArray.EndTransaction(TransactionId.Invalid);
                return Lsn.Invalid;
            }
            return Xact.Commit(TopXid, Subxids(), synchronous);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>ROLLBACK (or an error): every id of the transaction is aborted.</summary>
    public void Abort()
    {
        if (!InProgress)
        {
            return;
        }
        try
        {
            if (TopXid == TransactionId.Invalid)
            {
                ProcArray.EndTransaction(TransactionId.Invalid);
                return;
            }
            Xact.Abort(TopXid, Subxids());
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Every subtransaction id of the transaction: live savepoints' and released ones'.</summary>
    uint[] Subxids()
    {
        var subxids = new List<uint>();
        for (int i = 0; i < _levels.Count; i++)
        {
            if (i > 0 && _levels[i].Xid != TransactionId.Invalid)
            {
                subxids.Add(_levels[i].Xid);
            }
            subxids.AddRange(_levels[i].Children);
        }
        return [.. subxids];
    }

    void Reset()
    {
        _levels.Clear();
        _mine.Clear();
        _transactionSnapshot = null;
        _snapshotTaken = false;
        ReadOnly = false;
        _commandId = 0;
        _pinnedCommandId = null;
        _commandUsed = false;
    }

    /// <summary>TransactionIdIsCurrentTransactionId: this transaction or one of its live subtransactions.</summary>
    public bool IsCurrent(uint xid) => TransactionId.IsNormal(xid) && _mine.Contains(xid);

    int Find(string name)
    {
        RequireInProgress();
        for (int i = _levels.Count - 1; i >= 1; i--)
        {
            if (string.Equals(_levels[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return Throw.Error<int>(SqlState.InvalidSavepointSpecification, $"savepoint \"{name}\" does not exist");
    }

    void RequireInProgress()
    {
        if (!InProgress)
        {
            throw new InvalidOperationException("no transaction in progress");
        }
    }
}
