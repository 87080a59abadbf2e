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
        foreach (var raw in stmts)
        {
            string text = stmts.Count == 1 ? sql : sql.Substring(raw.Location, raw.Length);
            try
            {
                CheckNotInFailedBlock(raw.Stmt);
                BeginStatement(sql);
                try
                {
                    if (PlanStatement(raw.Stmt, out var parameters) is { } planned)
                    {
                        if (planned.ReturnsRows)
                            BackendMessages.RowDescription(Comm, planned.Columns, []);
                        long n = SendRows(planned.Execute(parameters, this).GetEnumerator(), 0, [], out _);
                        BackendMessages.CommandComplete(Comm, planned.CommandTag(n));
                    }
                    else
                    {
                        var (tag, cols, rows) = ExecUtility(raw.Stmt);
                        if (cols != null)
                        {
                            BackendMessages.RowDescription(Comm, cols, []);
                            foreach (var row in rows!)
                                BackendMessages.DataRow(Comm, row, [], Output);
                        }
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
        FinishImplicitTransaction();
        SendReadyForQuery();
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

    /// <summary>Result columns of a utility statement that returns rows (SHOW), else null.</summary>
    static ResultColumn[]? UtilityColumns(Node stmt) => stmt switch
    {
        VariableShowStmt { Name: "all" } => ShowAllColumns,
        VariableShowStmt s => [new(ShowColumnName(s.Name), TypeOid.Text)],
        _ => null,
    };

    static string ShowColumnName(string name) => GucTable.Find(name)?.Name ?? name;

    (string Tag, ResultColumn[]? Columns, List<Datum[]>? Rows) ExecUtility(Node stmt)
    {
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
                return (VacuumCommand.Execute(v, Block != BlockState.Idle, this), null, null);
            case CopyStmt c:
                return (ExecCopy(c), null, null);
            case CreateRoleStmt r:
                return (ExecCreateRole(r), null, null);
            case CreatedbStmt c:
                return (DatabaseCommands.Create(c, Block != BlockState.Idle, this), null, null);
            case DropdbStmt d:
                return (DatabaseCommands.Drop(d, Block != BlockState.Idle, this), null, null);
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
                    SendNotice(Severity.Warning, SqlState.NoActiveSqlTransaction, "there is no transaction in progress");
                    return "COMMIT";
                }
                bool failed = Block == BlockState.Failed;
                EndTransaction(commit: !failed);
                Block = BlockState.Idle;
                if (t.Chain)
                    ChainTransaction();
                return failed ? "ROLLBACK" : "COMMIT";
            }
            case TransactionStmtKind.Rollback:
                if (Block == BlockState.Idle)
                {
                    if (t.Chain)
                        Throw.Error(SqlState.NoActiveSqlTransaction, "ROLLBACK AND CHAIN can only be used in transaction blocks");
                    SendNotice(Severity.Warning, SqlState.NoActiveSqlTransaction, "there is no transaction in progress");
                    return "ROLLBACK";
                }
                EndTransaction(commit: false);
                Block = BlockState.Idle;
                if (t.Chain)
                    ChainTransaction();
                return "ROLLBACK";
            case TransactionStmtKind.Savepoint:
                if (Block == BlockState.Idle)
                    Throw.Error(SqlState.NoActiveSqlTransaction, "SAVEPOINT can only be used in transaction blocks");
                Xact.DefineSavepoint(t.SavepointName!);
                return "SAVEPOINT";
            case TransactionStmtKind.Release:
            {
                if (Block == BlockState.Idle)
                    Throw.Error(SqlState.NoActiveSqlTransaction, "RELEASE SAVEPOINT can only be used in transaction blocks");
                Xact.ReleaseSavepoint(t.SavepointName!);
                Catalog.AtSubCommit();
                return "RELEASE";
            }
            case TransactionStmtKind.RollbackTo:
            {
                if (Block == BlockState.Idle)
                    Throw.Error(SqlState.NoActiveSqlTransaction, "ROLLBACK TO SAVEPOINT can only be used in transaction blocks");
                Xact.RollbackToSavepoint(t.SavepointName!);
                Catalog.AtSubAbort();
                Block = BlockState.InBlock;
                return "ROLLBACK";
            }
            default:
                return Throw.Error<string>(SqlState.ObjectNotInPrerequisiteState, "prepared transactions are disabled",
                    hint: "Set max_prepared_transactions to a nonzero value.");
        }
    }

    void ChainTransaction()
    {
        Block = BlockState.InBlock;
        StartTransaction();
    }

    void ApplyTransactionOptions(TransactionOptions o)
    {
        if (o.IsolationLevel != null)
            Settings.Set("transaction_isolation", o.IsolationLevel, GucSource.Session, isLocal: true, inTransaction: true);
        if (o.ReadOnly != null)
            Settings.Set("transaction_read_only", o.ReadOnly.Value ? "on" : "off", GucSource.Session, isLocal: true,
                inTransaction: true);
    }

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
                if (s.IsLocal && !inBlock)
                {
                    SendNotice(Severity.Warning, SqlState.NoActiveSqlTransaction,
                        "SET LOCAL can only be used in transaction blocks");
                    GucValue.Canonicalize(def, string.Join(", ", s.Args));
                    return "SET";
                }
                if (def.Name is "transaction_isolation" or "transaction_read_only" && !inBlock)
                {
                    SendNotice(Severity.Warning, SqlState.NoActiveSqlTransaction,
                        "SET TRANSACTION can only be used in transaction blocks");
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
                return "SET";
            case VariableSetKind.Reset:
                Settings.Reset(s.Name!, inBlock);
                return "RESET";
            case VariableSetKind.ResetAll:
                Settings.ResetAll(inBlock);
                return "RESET";
            case VariableSetKind.SetMulti:
                if (!inBlock)
                    SendNotice(Severity.Warning, SqlState.NoActiveSqlTransaction,
                        "SET TRANSACTION can only be used in transaction blocks");
                else if (s.TransactionOptions != null)
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
                if (Block != BlockState.Idle)
                    Throw.Error(SqlState.ActiveSqlTransaction, "DISCARD ALL cannot run inside a transaction block");
                Settings.ResetAll();
                _statements.Clear();
                _portals.Clear();
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
