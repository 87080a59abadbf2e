// Test double of the backend's session: fixed identity and clocks, one fake pg_stat_activity view, and
// records of sleep/signal calls.
using Tusk.Common.Guc;
using Tusk.Common.Types;
using Tusk.Executor;

namespace Tusk.Sql.Tests;

public sealed class FakeSession : ISessionContext
{
    public Settings Settings { get; } = new() { IsSuperuser = true };
    public OutputContext Output { get; } = new();
    public string UserName => "alice";
    public uint UserOid => 10;
    public bool IsSuperuser => true;
    public string DatabaseName => "tuskdb";
    public uint DatabaseOid => 5;
    public int BackendPid => 4242;
    public long TransactionStartMicros { get; set; } = TypeIO.ToPgMicros(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc));
    public long StatementStartMicros { get; set; } = TypeIO.ToPgMicros(new DateTime(2024, 1, 2, 3, 4, 6, DateTimeKind.Utc));
    public int InterruptChecks { get; private set; }
    public List<double> Sleeps { get; } = [];
    public List<(int Pid, bool Terminate)> Signals { get; } = [];

    public void CheckForInterrupts() => InterruptChecks++;

    public void Sleep(double seconds) => Sleeps.Add(seconds);

    public bool SignalBackend(int pid, bool terminate)
    {
        Signals.Add((pid, terminate));
        return pid == 4243;
    }

    public List<string> Notices { get; } = [];

    public void Notice(string sqlState, string message) => Notices.Add(message);

    public Tusk.Catalog.Relation? FindTable(string? schema, string name) => null;

    public Tusk.Catalog.CatalogSession Catalog => throw new InvalidOperationException("no catalogs in unit tests");

    public Tusk.Access.Transam.TransactionState Xact { get; } = new();

    public string TempFileDirectory => Path.Combine(Path.GetTempPath(), "tusk-sql-tests-tmp");

    public Tusk.Executor.Commands.SequenceCache Sequences { get; } = new();

    public Tusk.Storage.Ipc.Snapshot StatementSnapshot() =>
        throw new InvalidOperationException("no snapshots in unit tests");

    public ISystemView? FindSystemView(string? schema, string name) =>
        name == "pg_stat_activity" && (schema == null || schema == "pg_catalog") ? new FakeActivityView() : null;
}
