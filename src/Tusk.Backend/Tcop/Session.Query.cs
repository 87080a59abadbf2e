// Simple query protocol (postgres.c exec_simple_query) and the utility statements the backend runs itself
// (utility.c): transaction control, SET/SHOW/RESET, DISCARD, CHECKPOINT. A Query message may hold several statements;
// outside a transaction block they run in one implicit transaction, and the first error abandons the rest.
using Tusk.Backend.Libpq;
using Tusk.Common.Elog;
using Tusk.Common.Errors;
using Tusk.Common.Guc;
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Executor.Commands;
using Tusk.Sql.Nodes;
using Tusk.Storage.Sync;

namespace Tusk.Backend.Tcop;

public sealed partial class Session
{
    static readonly ResultColumn[] ShowAllColumns =
        [new("name", TypeOid.Text), new("setting", TypeOid.Text), new("description", TypeOid.Text)];

    string? _currentStatement;

    void ExecSimpleQuery(string sql)
    {
        _currentStatement = sql;
        if (Settings.GetString("log_statement") == "all")
            Log.Info("statement: " + sql);
        List<RawStmt> stmts;
        try
        {
            stmts = ParseQueryText(sql);
        }
        catch (PgException e) when (e.Severity < Severity.Fatal)
        {
            ReportError(e, sql);
            SendReadyForQuery();
            return;
        }
        if (stmts.Count == 0)
        {
            BackendMessages.EmptyQueryResponse(Comm);
            SendReadyForQuery();
            return;
        }
        _implicitBlock = stmts.Count > 1;
        foreach (var raw in stmts)
        {
            string text = stmts.Count == 1 ? sql : sql.Substring(raw.Location, raw.Length);
            try
            {
                CheckNotInFailedBlock(raw.Stmt);
                BeginStatement(sql, raw.Stmt);
                try
                {
                    if (PlanStatement(raw.Stmt, out var parameters) is { } planned)
                    {
                        if (planned.ReturnsRows)
                            BackendMessages.RowDescription(Comm, planned.Columns, []);
                        long n = SendRows(planned.Execute(parameters, this).GetEnumerator(), 0, [], out _);
                        FinishLastStatement(raw, stmts);
                        BackendMessages.CommandComplete(Comm, planned.CommandTag(n));
                    }
                    else
                    {
                        short[] formats = FetchFormats(raw.Stmt);
                        var (tag, cols, rows) = ExecUtility(raw.Stmt);
                        if (cols != null)
                        {
                            BackendMessages.RowDescription(Comm, cols, formats);
                            foreach (var row in rows!)
                                BackendMessages.DataRow(Comm, row, formats, Output);
                        }
                        FinishLastStatement(raw, stmts);
                        BackendMessages.CommandComplete(Comm, tag);
                    }
                }
                finally
                {
                    EndStatement();
                }
            }
            catch (PgException e) when (e.Severity < Severity.Fatal)
            {
                ReportError(e, text);
                break;
            }
        }
        _implicitBlock = false;
        FinishImplicitTransaction();
        SendReadyForQuery();
    }

    /// <summary>
    /// The statements of a multi-statement Query form an implicit transaction block: SET LOCAL and SET TRANSACTION
    /// do not warn there (WarnNoTransactionBlock).
    /// </summary>
    bool _implicitBlock;

    /// <summary>IsTransactionBlock: an explicit block, or the implicit one of a multi-statement Query.</summary>
    bool InTransactionBlock => Block != BlockState.Idle || _implicitBlock;

    /// <summary>
    /// COMMIT or ROLLBACK outside an explicit block: PostgreSQL's WARNING; inside a multi-statement Query it still
    /// ends the implicit transaction (commit or abort), and the statements after it run in a new one.
    /// </summary>
    void EndWithoutBlock(bool commit)
    {
        SendNotice(Severity.Warning, SqlState.NoActiveSqlTransaction, "there is no transaction in progress");
        if (_implicitBlock && TransactionStartMicros != 0)
            EndTransaction(commit);
    }

    /// <summary>
    /// After the last statement of a query outside a transaction block, the implicit transaction commits before
    /// CommandComplete goes out (finish_xact_command before EndCommand), so a failing commit (a WITH HOLD cursor
    /// whose remaining rows raise an error) reports only the error.
    /// </summary>
    void FinishLastStatement(RawStmt raw, List<RawStmt> stmts)
    {
        if (ReferenceEquals(raw, stmts[^1]))
            FinishImplicitTransaction();
    }

    /// <summary>Sends up to <paramref name="maxRows"/> rows (0: all). Returns the number sent.</summary>
    long SendRows(IEnumerator<Datum[]> rows, long maxRows, short[] formats, out bool more)
    {
        long n = 0;
        more = false;
        while (maxRows == 0 || n < maxRows)
        {
            if (!rows.MoveNext())
                return n;
            BackendMessages.DataRow(Comm, rows.Current, formats, Output);
            n++;
        }
        more = true;
        return n;
    }

    /// <summary>In a failed transaction block only ending it (or rolling back to a savepoint) is allowed.</summary>
    void CheckNotInFailedBlock(Node stmt)
    {
        if (Block != BlockState.Failed)
            return;
        if (stmt is TransactionStmt { Kind: TransactionStmtKind.Commit or TransactionStmtKind.Rollback
                or TransactionStmtKind.RollbackTo })
            return;
        Throw.Error(SqlState.InFailedSqlTransaction,
            "current transaction is aborted, commands ignored until end of transaction block");
    }

    /// <summary>Result columns of a utility statement that returns rows (SHOW, FETCH), else null.</summary>
    ResultColumn[]? UtilityColumns(Node stmt) => stmt switch
    {
        FetchStmt { IsMove: false } f => _portals.TryGetValue(f.Portalname, out var p) && p.IsCursor
            ? p.Query!.Columns
            : null,
        VariableShowStmt { Name: "all" } => ShowAllColumns,
        VariableShowStmt s => [new(ShowColumnName(s.Name), TypeOid.Text)],
        _ => null,
    };

    static string ShowColumnName(string name) => GucTable.Find(name)?.Name ?? name;

    (string Tag, ResultColumn[]? Columns, List<Datum[]>? Rows) ExecUtility(Node stmt)
    {
        if (Xact.ReadOnly && CommandTag.IsNotReadOnly(stmt))
            Xact.PreventCommandIfReadOnly(CommandTag.For(stmt));
        switch (stmt)
        {
            case TransactionStmt t:
                return (ExecTransaction(t), null, null);
            case VariableSetStmt s:
                return (ExecSet(s), null, null);
            case VariableShowStmt s:
                return ("SHOW", UtilityColumns(s), ExecShow(s));
            case DiscardStmt d:
                return (ExecDiscard(d), null, null);
            case CheckPointStmt:
                return (ExecCheckpoint(), null, null);
            case CreateStmt c:
                return (TableCommands.Create(c, this), null, null);
            case VacuumStmt v:
                return (VacuumCommand.Execute(v, InTransactionBlock, this), null, null);
            case CopyStmt c:
                return (ExecCopy(c), null, null);
            case CreateRoleStmt r:
                return (ExecCreateRole(r), null, null);
            case CreatedbStmt c:
                return (DatabaseCommands.Create(c, InTransactionBlock, this), null, null);
            case DropdbStmt d:
                return (DatabaseCommands.Drop(d, InTransactionBlock, this), null, null);
            case AlterDatabaseSetStmt a:
                return (DatabaseCommands.AlterSet(a, this), null, null);
            case CreateSchemaStmt c:
                return (SchemaCommands.Create(c, this), null, null);
            case DropStmt { RemoveType: ObjectType.Schema } d:
                return (SchemaCommands.Drop(d, this), null, null);
            case TruncateStmt t:
                return (TableCommands.Truncate(t, this), null, null);
            case DropStmt { RemoveType: ObjectType.Table or ObjectType.Sequence or ObjectType.View or ObjectType.Index } d:
                return (TableCommands.Drop(d, this), null, null);
            case AlterTableStmt a:
                return (AlterTableCommands.Alter(a, this), null, null);
            case RenameStmt r:
                return (AlterTableCommands.Rename(r, this), null, null);
            case AlterObjectSchemaStmt a:
                return (AlterTableCommands.SetSchema(a, this), null, null);
            case CommentStmt c:
                return (CommentCommands.Comment(c, this,
                    msg => SendNotice(Severity.Warning, SqlState.InvalidCatalogName, msg)), null, null);
            case CreateSeqStmt c:
                return (SequenceCommands.Create(c, this), null, null);
            case AlterSeqStmt a:
                return (SequenceCommands.Alter(a, this), null, null);
            case PrepareStmt p:
                return (ExecPrepare(p), null, null);
            case ExecuteStmt e:
                return ExecExecute(e);
            case DeallocateStmt d:
                return (ExecDeallocate(d), null, null);
            case CreateTableAsStmt c:
                return (ExecCreateTableAs(c), null, null);
            case ViewStmt v:
                return (ViewCommands.Create(v, this), null, null);
            case DeclareCursorStmt d:
                return (ExecDeclareCursor(d), null, null);
            case FetchStmt f:
                return ExecFetch(f);
            case ClosePortalStmt c:
                return (ExecClosePortal(c), null, null);
            default:
                if (DefineCommands.TryExecute(stmt, this) is { } defined)
                    return (defined, null, null);
                // Parsed but not executed yet (CREATE TABLE, INSERT, COPY, ...): 0A000 named by the command tag.
                return Throw.Error<(string, ResultColumn[]?, List<Datum[]>?)>(SqlState.FeatureNotSupported,
                    $"{CommandTag.For(stmt)} is not supported yet");
        }
    }

    string ExecTransaction(TransactionStmt t)
    {
        switch (t.Kind)
        {
            case TransactionStmtKind.Begin:
            case TransactionStmtKind.Start:
                if (Block != BlockState.Idle)
                    SendNotice(Severity.Warning, SqlState.ActiveSqlTransaction, "there is already a transaction in progress");
                else
                    Block = BlockState.InBlock;
                ApplyTransactionOptions(t.Options);
                return t.Kind == TransactionStmtKind.Begin ? "BEGIN" : "START TRANSACTION";
            case TransactionStmtKind.Commit:
            {
                if (Block == BlockState.Idle)
                {
                    if (t.Chain)
                        Throw.Error(SqlState.NoActiveSqlTransaction, "COMMIT AND CHAIN can only be used in transaction blocks");
                    EndWithoutBlock(commit: true);
                    return "COMMIT";
                }
                bool failed = Block == BlockState.Failed;
                var modes = TransactionModes();
                EndTransaction(commit: !failed);
                Block = BlockState.Idle;
                if (t.Chain)
                    ChainTransaction(modes);
                return failed ? "ROLLBACK" : "COMMIT";
            }
            case TransactionStmtKind.Rollback:
            {
                if (Block == BlockState.Idle)
                {
                    if (t.Chain)
                        Throw.Error(SqlState.NoActiveSqlTransaction, "ROLLBACK AND CHAIN can only be used in transaction blocks");
                    EndWithoutBlock(commit: false);
                    return "ROLLBACK";
                }
                var modes = TransactionModes();
                EndTransaction(commit: false);
                Block = BlockState.Idle;
                if (t.Chain)
                    ChainTransaction(modes);
                return "ROLLBACK";
            }
            case TransactionStmtKind.Savepoint:
                if (Block == BlockState.Idle)
                    Throw.Error(SqlState.NoActiveSqlTransaction, "SAVEPOINT can only be used in transaction blocks");
                Xact.DefineSavepoint(t.SavepointName!, Settings.UndoMark);
                return "SAVEPOINT";
            case TransactionStmtKind.Release:
            {
                if (Block == BlockState.Idle)
                    Throw.Error(SqlState.NoActiveSqlTransaction, "RELEASE SAVEPOINT can only be used in transaction blocks");
                Xact.ReleaseSavepoint(t.SavepointName!);
                ShowRestoredReadOnly();
                Catalog.AtSubCommit();
                AtSubCommitPortals();
                return "RELEASE";
            }
            case TransactionStmtKind.RollbackTo:
            {
                if (Block == BlockState.Idle)
                    Throw.Error(SqlState.NoActiveSqlTransaction, "ROLLBACK TO SAVEPOINT can only be used in transaction blocks");
                Settings.RollbackTo(Xact.RollbackToSavepoint(t.SavepointName!));
                ShowRestoredReadOnly();
                AtSubAbortPortals(); // before the catalog forgets relations their scans may still pin
                Catalog.AtSubAbort();
                Block = BlockState.InBlock;
                return "ROLLBACK";
            }
            default:
                return Throw.Error<string>(SqlState.ObjectNotInPrerequisiteState, "prepared transactions are disabled",
                    hint: "Set max_prepared_transactions to a nonzero value.");
        }
    }

    /// <summary>The transaction's isolation level, read-only and deferrable modes (AND CHAIN carries them over).</summary>
    (string Isolation, bool ReadOnly, string Deferrable) TransactionModes() =>
        (Settings.GetString("transaction_isolation"), Xact.ReadOnly, Settings.GetString("transaction_deferrable"));

    void ChainTransaction((string Isolation, bool ReadOnly, string Deferrable) modes)
    {
        Block = BlockState.InBlock;
        StartTransaction();
        Settings.SetTransactionMode("transaction_isolation", modes.Isolation);
        Settings.SetTransactionMode("transaction_deferrable", modes.Deferrable);
        Xact.ReadOnly = modes.ReadOnly;
        ShowRestoredReadOnly();
    }

    void ApplyTransactionOptions(TransactionOptions o)
    {
        if (o.IsolationLevel != null)
            SetTransactionMode("transaction_isolation", o.IsolationLevel);
        if (o.ReadOnly != null)
            SetTransactionMode("transaction_read_only", o.ReadOnly.Value ? "on" : "off");
        if (o.Deferrable != null)
            SetTransactionMode("transaction_deferrable", o.Deferrable.Value ? "on" : "off");
    }

    /// <summary>
    /// SET TRANSACTION, BEGIN's modes and SET transaction_*: PostgreSQL's check hooks (variable.c), then the value
    /// for the rest of the transaction (25001 when it may no longer change).
    /// </summary>
    void SetTransactionMode(string name, string canonical)
    {
        switch (name)
        {
            case "transaction_read_only":
            {
                bool readOnly = canonical == "on";
                if (!readOnly && Xact.ReadOnly)
                {
                    if (Xact.Depth > 0)
                        Throw.Error(SqlState.ActiveSqlTransaction,
                            "cannot set transaction read-write mode inside a read-only transaction");
                    if (Xact.FirstSnapshotSet)
                        Throw.Error(SqlState.ActiveSqlTransaction, "transaction read-write mode must be set before any query");
                }
                Xact.ReadOnly = readOnly;
                break;
            }
            case "transaction_isolation":
                if (canonical != Settings.GetString("transaction_isolation"))
                {
                    if (Xact.FirstSnapshotSet)
                        Throw.Error(SqlState.ActiveSqlTransaction,
                            "SET TRANSACTION ISOLATION LEVEL must be called before any query");
                    if (Xact.Depth > 0)
                        Throw.Error(SqlState.ActiveSqlTransaction,
                            "SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction");
                }
                break;
            default:
                if (Xact.Depth > 0)
                    Throw.Error(SqlState.ActiveSqlTransaction,
                        "SET TRANSACTION [NOT] DEFERRABLE cannot be called within a subtransaction");
                if (Xact.FirstSnapshotSet)
                    Throw.Error(SqlState.ActiveSqlTransaction, "SET TRANSACTION [NOT] DEFERRABLE must be called before any query");
                break;
        }
        Settings.SetTransactionMode(name, canonical);
    }

    /// <summary>After RESET transaction_read_only (which skips the checks, as PostgreSQL's does) the mode follows it.</summary>
    void SyncReadOnly(string name)
    {
        if (string.Equals(name, "transaction_read_only", StringComparison.OrdinalIgnoreCase) && Xact.InProgress)
            Xact.ReadOnly = Settings.GetBool("transaction_read_only");
    }

    /// <summary>A savepoint's end restored the read-only mode it began with; transaction_read_only shows it.</summary>
    void ShowRestoredReadOnly() => Settings.SetTransactionMode("transaction_read_only", Xact.ReadOnly ? "on" : "off");

    string ExecSet(VariableSetStmt s)
    {
        bool inBlock = Block != BlockState.Idle;
        switch (s.Kind)
        {
            case VariableSetKind.Set:
            {
                var def = Settings.Resolve(s.Name!, create: true);
                if (def.Name is "session_authorization")
                    Throw.Error(SqlState.FeatureNotSupported, "SET SESSION AUTHORIZATION is not supported yet");
                if (s.Args.Count > 1 && (def.Flags & GucFlags.ListInput) == 0)
                    Throw.Error(SqlState.InvalidParameterValue, $"SET {def.Name} takes only one argument");
                if (s.IsLocal && !inBlock && !_implicitBlock)
                {
                    SendNotice(Severity.Warning, SqlState.NoActiveSqlTransaction,
                        "SET LOCAL can only be used in transaction blocks");
                    GucValue.Canonicalize(def, string.Join(", ", s.Args));
                    return "SET";
                }
                if (Settings.IsTransactionMode(def.Name))
                {
                    SetTransactionMode(def.Name, GucValue.Canonicalize(def, string.Join(", ", s.Args)));
                    return "SET";
                }
                Settings.Set(def.Name, string.Join(", ", s.Args), GucSource.Session, s.IsLocal, inBlock);
                return "SET";
            }
            case VariableSetKind.SetDefault:
                if (s.IsLocal && !inBlock)
                {
                    SendNotice(Severity.Warning, SqlState.NoActiveSqlTransaction,
                        "SET LOCAL can only be used in transaction blocks");
                    return "SET";
                }
                Settings.Reset(s.Name!, inBlock);
                SyncReadOnly(s.Name!);
                return "SET";
            case VariableSetKind.Reset:
                Settings.Reset(s.Name!, inBlock);
                SyncReadOnly(s.Name!);
                return "RESET";
            case VariableSetKind.ResetAll:
                Settings.ResetAll(inBlock);
                return "RESET";
            case VariableSetKind.SetMulti when s.Name == "SESSION CHARACTERISTICS":
                if (s.TransactionOptions is { } o)
                {
                    if (o.IsolationLevel != null)
                        Settings.Set("default_transaction_isolation", o.IsolationLevel, GucSource.Session, false, inBlock);
                    if (o.ReadOnly != null)
                        Settings.Set("default_transaction_read_only", o.ReadOnly.Value ? "on" : "off", GucSource.Session,
                            false, inBlock);
                    if (o.Deferrable != null)
                        Settings.Set("default_transaction_deferrable", o.Deferrable.Value ? "on" : "off",
                            GucSource.Session, false, inBlock);
                }
                return "SET";
            case VariableSetKind.SetMulti:
                // Outside a block it still applies, to the implicit transaction the statement runs in.
                if (!inBlock && !_implicitBlock)
                    SendNotice(Severity.Warning, SqlState.NoActiveSqlTransaction,
                        "SET TRANSACTION can only be used in transaction blocks");
                if (s.TransactionOptions != null)
                    ApplyTransactionOptions(s.TransactionOptions);
                return "SET";
            default:
                return Throw.Error<string>(SqlState.FeatureNotSupported, "SET ... FROM CURRENT is not supported yet");
        }
    }

    List<Datum[]> ExecShow(VariableShowStmt s)
    {
        if (s.Name == "all")
        {
            var rows = new List<Datum[]>();
            foreach (var (def, value, _, _) in Settings.Enumerate())
                rows.Add([Datum.FromText(def.Name), Datum.FromText(GucValue.Display(def, value)),
                    Datum.FromText(def.Description)]);
            return rows;
        }
        return [[Datum.FromText(Settings.Show(s.Name))]];
    }

    /// <summary>
    /// CHECKPOINT (RequestCheckpoint with CHECKPOINT_IMMEDIATE | FORCE | WAIT): asks the checkpointer for an
    /// immediate checkpoint and waits until one that started after the request has completed. Allowed inside a
    /// transaction block, as in PostgreSQL 15; a cancel ends the wait (the checkpoint still happens).
    /// </summary>
    string ExecCheckpoint()
    {
        if (!IsSuperuser)
            Throw.Error(SqlState.InsufficientPrivilege,
                "must be superuser or have privileges of pg_checkpoint to do CHECKPOINT");
        int target = SyncQueue.RequestCheckpoint(CheckpointFlags.Immediate | CheckpointFlags.Requested
            | CheckpointFlags.Wait);
        SyncQueue.WaitForCheckpoint(target, CheckForInterrupts);
        return "CHECKPOINT";
    }

    string ExecDiscard(DiscardStmt d)
    {
        switch (d.Target)
        {
            case DiscardTarget.All:
                if (InTransactionBlock)
                    Throw.Error(SqlState.ActiveSqlTransaction, "DISCARD ALL cannot run inside a transaction block");
                Settings.ResetAll();
                _statements.Clear();
                DropPortals(_ => true);
                Catalog.DropTempRelations();
                Sequences.Discard();
                return "DISCARD ALL";
            case DiscardTarget.Plans:
                return "DISCARD PLANS";
            case DiscardTarget.Sequences:
                Sequences.Discard();
                return "DISCARD SEQUENCES";
            default:
                Catalog.DropTempRelations();
                return "DISCARD TEMP";
        }
    }
}
