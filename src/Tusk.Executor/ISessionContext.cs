// What the executor needs from the session (the backend implements it): settings, identity, clocks,
// interrupts, signalling other backends and the system views. Implemented outside this project.
using Tusk.Common.Types;

namespace Tusk.Executor;

/// <summary>The session an expression or query runs in.</summary>
public interface ISessionContext
{
    Tusk.Common.Guc.Settings Settings { get; }
    OutputContext Output { get; }
    string UserName { get; }
    uint UserOid { get; }
    bool IsSuperuser { get; }
    string DatabaseName { get; }
    uint DatabaseOid { get; }
    int BackendPid { get; }

    /// <summary>PG micros since 2000-01-01 UTC at transaction start: now(), CURRENT_TIMESTAMP.</summary>
    long TransactionStartMicros { get; }

    /// <summary>PG micros at statement start: statement_timestamp().</summary>
    long StatementStartMicros { get; }

    /// <summary>Throws PgException for a pending cancel or terminate request.</summary>
    void CheckForInterrupts();

    /// <summary>pg_sleep: sleeps interruptibly (calls CheckForInterrupts).</summary>
    void Sleep(double seconds);

    /// <summary>pg_cancel_backend / pg_terminate_backend; false plus a WARNING is the context's job.</summary>
    bool SignalBackend(int pid, bool terminate);

    /// <summary>A system view by name ("pg_stat_activity"), or null (the caller raises 42P01).</summary>
    ISystemView? FindSystemView(string? schema, string name);

    /// <summary>Sends a NOTICE to the client (e.g. "relation ... already exists, skipping").</summary>
    void Notice(string sqlState, string message);

    /// <summary>Sends a WARNING to the client (e.g. "aggregate attribute ... not recognized").</summary>
    void Warning(string sqlState, string message) => Notice(sqlState, message);

    /// <summary>A NOTICE with a DETAIL ("drop cascades to 2 other objects" and the list).</summary>
    void Notice(string sqlState, string message, string? detail) => Notice(sqlState, message);

    /// <summary>A table (or catalog) visible under this name, or null.</summary>
    Tusk.Catalog.Relation? FindTable(string? schema, string name);

    /// <summary>The backend's catalog access for its database (lookups, DDL).</summary>
    Tusk.Catalog.CatalogSession Catalog { get; }

    /// <summary>The running transaction (ids, command counter; visibility of its own changes).</summary>
    Tusk.Access.Transam.TransactionState Xact { get; }

    /// <summary>Where operators beyond work_mem put their temporary files (base/pgsql_tmp of the data directory).</summary>
    string TempFileDirectory { get; }

    /// <summary>The snapshot the running statement reads with.</summary>
    Tusk.Storage.Ipc.Snapshot StatementSnapshot();

    /// <summary>
    /// CheckTableNotInUse: 55006 when an open cursor of this session still reads <paramref name="rel"/>, which
    /// <paramref name="command"/> ("DROP TABLE", "TRUNCATE", "ALTER TABLE") is about to change.
    /// </summary>
    void CheckTableNotInUse(Tusk.Catalog.Relation rel, string command)
    {
    }

    /// <summary>The session's sequence state: currval, lastval, values fetched ahead (DISCARD SEQUENCES clears it).</summary>
    Commands.SequenceCache Sequences { get; }
}
