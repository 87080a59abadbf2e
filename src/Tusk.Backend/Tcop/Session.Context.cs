// What the executor sees of the session (ISessionContext): identity, timestamps, interrupt checks
// (CHECK_FOR_INTERRUPTS / ProcessInterrupts), interruptible sleep, signals to other backends, system views.
using Tusk.Access.Transam;
using Tusk.Backend.Catalog;
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Common.Utils;
using Tusk.Executor;
using Tusk.Sql.Nodes;
using Tusk.Storage.Activity;
using Tusk.Storage.Buffer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Port;

namespace Tusk.Backend.Tcop;

public sealed partial class Session : ISessionContext
{
    long _statementDeadline;

    public int BackendPid => Environment.ProcessId;
    public long TransactionStartMicros { get; private set; }
    public long StatementStartMicros { get; private set; }

    static PgException TerminationError() => new(SqlState.AdminShutdown,
        "terminating connection due to administrator command", Severity.Fatal);

    /// <summary>ProcessInterrupts: acts on flags set by signal handlers.</summary>
    public void CheckForInterrupts()
    {
        if (Interrupts.ProcDiePending)
            throw TerminationError();
        if (Interrupts.QueryCancelPending)
        {
            Interrupts.QueryCancelPending = false;
            Throw.Error(SqlState.QueryCanceled, "canceling statement due to user request");
        }
        if (_statementDeadline != 0 && Environment.TickCount64 >= _statementDeadline)
        {
            _statementDeadline = 0;
            Throw.Error(SqlState.QueryCanceled, "canceling statement due to statement timeout");
        }
        if (Interrupts.ConfigReloadPending)
            ProcessConfigReload();
    }

    /// <summary>While waiting for the next command: terminate at once; a cancel has nothing to cancel.</summary>
    void OnInterruptWhileIdle()
    {
        if (Interrupts.ProcDiePending)
            throw TerminationError();
        Interrupts.QueryCancelPending = false;
        if (Interrupts.ConfigReloadPending)
            ProcessConfigReload();
    }

    /// <summary>pg_sleep: sleeps on the latch so cancel, terminate and timeouts end it promptly.</summary>
    public void Sleep(double seconds)
    {
        if (double.IsNaN(seconds) || seconds <= 0)
        {
            CheckForInterrupts();
            return;
        }
        long end = Environment.TickCount64 + (long)Math.Min(seconds * 1000, long.MaxValue / 4);
        while (true)
        {
            Latch.Reset();
            CheckForInterrupts();
            long now = Environment.TickCount64;
            if (now >= end)
                return;
            long wait = end - now;
            if (_statementDeadline != 0)
                wait = Math.Min(wait, Math.Max(0, _statementDeadline - now));
            Latch.Wait((int)Math.Min(wait, 60_000), WaitEvents.PgSleep);
        }
    }

    /// <summary>pg_cancel_backend / pg_terminate_backend (pg_signal_backend's permission rules).</summary>
    public bool SignalBackend(int pid, bool terminate)
    {
        int slot = ProcGlobal.FindByPid(pid);
        if (slot < 0 || ProcGlobal.Proc(slot).BackendType != (int)BackendType.ClientBackend)
        {
            SendNotice(Severity.Warning, SqlState.Warning, $"PID {pid} is not a PostgreSQL backend process");
            return false;
        }
        ref var proc = ref ProcGlobal.Proc(slot);
        if (proc.IsSuperuser != 0 && !IsSuperuser)
            Throw.Error(SqlState.InsufficientPrivilege, terminate
                ? "must be a superuser to terminate superuser process"
                : "must be a superuser to cancel superuser query");
        if (!IsSuperuser && proc.RoleOid != UserOid)
            Throw.Error(SqlState.InsufficientPrivilege, terminate
                ? "must be a member of the role whose process is being terminated or member of pg_signal_backend"
                : "must be a member of the role whose query is being canceled or member of pg_signal_backend");
        if (Libc.Kill(pid, terminate ? Libc.SigTerm : Libc.SigInt) != 0)
        {
            SendNotice(Severity.Warning, SqlState.Warning, $"could not send signal to process {pid}");
            return false;
        }
        return true;
    }

    public string TempFileDirectory => Path.Combine(_ctx.Args.DataDir, "base", "pgsql_tmp");

    public ISystemView? FindSystemView(string? schema, string name)
    {
        if (schema != null && schema != "pg_catalog")
            return null;
        return name switch
        {
            "pg_stat_activity" => new PgStatActivityView(this),
            "pg_stat_bgwriter" => new PgStatBgWriterView(),
            "pg_sequences" => new PgSequencesView(this),
            "pg_prepared_statements" => new PgPreparedStatementsView(PreparedStatementRows()),
            "pg_cursors" => new PgCursorsView(CursorRows()),
            "pg_settings" => new PgSettingsView(this),
            "pg_roles" => new PgRolesView(this, users: false),
            "pg_user" => new PgRolesView(this, users: true),
            _ => null,
        };
    }

    public void Notice(string sqlState, string message) => SendNotice(Severity.Notice, sqlState, message);

    public void Warning(string sqlState, string message) => SendNotice(Severity.Warning, sqlState, message);

    public void Notice(string sqlState, string message, string? detail) =>
        SendNotice(Severity.Notice, sqlState, message, detail);

    public Relation? FindTable(string? schema, string name)
    {
        uint oid = Catalog.RelnameGetRelid(schema, name);
        var rel = oid == 0 ? null : Catalog.GetRelation(oid);
        if (rel != null && Catalog.IsOtherSessionsTemp(rel))
            Throw.Error(SqlState.FeatureNotSupported, "cannot access temporary tables of other sessions");
        return rel;
    }

    /// <summary>
    /// Marks the start of a statement: timestamps, pg_stat_activity, statement_timeout. Every statement but
    /// transaction control, SET, SHOW and CHECKPOINT takes a snapshot in PostgreSQL (PortalRunUtility); from the
    /// first such statement on the transaction's isolation level and read-write mode are fixed.
    /// </summary>
    void BeginStatement(string text, Node stmt)
    {
        StatementStartMicros = TypeIO.ToPgMicros(DateTime.UtcNow);
        if (Block == BlockState.Idle || TransactionStartMicros == 0)
            StartTransaction();
        if (!Xact.FirstSnapshotSet && stmt is not (TransactionStmt or VariableSetStmt or VariableShowStmt or CheckPointStmt))
        {
            SetIsolationFromSetting();
            Xact.MarkFirstSnapshot();
        }
        BackendStatus.ReportActivity(BackendState.Running, text, StatementStartMicros);
        SetTitleState("active");
        int timeout = Settings.GetInt("statement_timeout");
        _statementDeadline = timeout > 0 ? Environment.TickCount64 + timeout : 0;
        _pinsAtStatementStart = _portals.Values.Any(p => p.IsSuspended) ? BufMgr.HeldPins() : null;
        CheckForInterrupts();
    }

    void EndStatement()
    {
        _statementDeadline = 0;
        _pinsAtStatementStart = null;
        if (Xact.InProgress)
            Xact.CommandCounterIncrement();
    }

    /// <summary>At disconnect: a transaction still open is rolled back; the invalidation reader slot is freed.</summary>
    void AtProcExit()
    {
        _portals.Clear(); // their pins went with the process's (ReleaseAllPins before this)
        if (Xact.InProgress)
        {
            Xact.Abort();
            _catalog?.AtAbort();
        }
        DropTempRelationsAtExit();
        _catalog?.Unregister();
    }

    void StartTransaction()
    {
        TransactionStartMicros = StatementStartMicros;
        BackendStatus.ReportXactStart(TransactionStartMicros);
        if (!Xact.InProgress)
        {
            Xact.Begin(IsolationLevel.ReadCommitted);
            Settings.StartTransaction();
            Xact.ReadOnly = Settings.GetBool("transaction_read_only");
        }
        Catalog.AcceptInvalidations();
    }

    /// <summary>
    /// Ends the transaction (implicit or block): its writes commit (the commit record is flushed, or left to the
    /// walwriter when synchronous_commit is off) or abort; catalog changes are announced or forgotten; settings
    /// made in it are kept or undone.
    /// </summary>
    void EndTransaction(bool commit)
    {
        if (commit)
        {
            try
            {
                PersistHoldCursors();
            }
            catch (PgException e) when (e.Severity < Severity.Fatal)
            {
                Block = BlockState.Idle; // the error report rolls the transaction back
                throw;
            }
        }
        // Before the relations they read may go away with the transaction (their pages are pinned).
        AtEndOfTransactionPortals();
        try
        {
            if (commit)
            {
                _catalog?.PreCommit(); // ON COMMIT actions of temporary tables
                Xact.Commit(Settings.GetString("synchronous_commit") != "off");
                Catalog.AtCommit();
            }
            else
            {
                Xact.Abort();
                Catalog.AtAbort();
            }
        }
        finally
        {
            Settings.AtTransactionEnd(commit);
            TransactionStartMicros = 0;
            BackendStatus.ReportXactStart(0);
        }
    }

    /// <summary>The backend's transaction (xact.c's CurrentTransactionState).</summary>
    public TransactionState Xact { get; } = new();

    /// <summary>currval/lastval state and values fetched ahead, kept across transactions.</summary>
    public Executor.Commands.SequenceCache Sequences { get; } = new();

    CatalogSession? _catalog;

    /// <summary>The backend's catalog caches for its database (made at the first transaction).</summary>
    public CatalogSession Catalog
    {
        get
        {
            if (_catalog == null)
            {
                _catalog = new CatalogSession(DatabaseOid, Xact, ProcGlobal.MyProcNumber, UserName);
            }
            _catalog.SearchPath = Settings.GetString("search_path");
            return _catalog;
        }
    }

    /// <summary>The snapshot of the running statement (READ COMMITTED: new per statement; REPEATABLE READ: the first).</summary>
    public Snapshot StatementSnapshot()
    {
        if (_activeCursor?.Snapshot is { } cursorSnapshot)
            return cursorSnapshot;
        SetIsolationFromSetting();
        return Xact.StatementSnapshot();
    }

    /// <summary>transaction_isolation to the transaction (it takes effect only until the first snapshot).</summary>
    void SetIsolationFromSetting() =>
        Xact.SetIsolation(Settings.GetString("transaction_isolation") is "repeatable read" or "serializable"
            ? IsolationLevel.RepeatableRead
            : IsolationLevel.ReadCommitted);

    /// <summary>At Sync or the end of a simple query outside a block: the implicit transaction commits.</summary>
    void FinishImplicitTransaction()
    {
        if (Block == BlockState.Idle && TransactionStartMicros != 0)
            EndTransaction(commit: true);
    }
}
