// Warm-up of a pre-started backend (Tusk's addition to PostgreSQL's model): while it waits in the pool,
// run the code every session runs, once, on throwaway inputs: parse, plan and execute "SELECT 1", write
// the usual protocol messages through a socket pair, parse the hba file and read the bootstrap catalog.
// This faults in code pages, runs static constructors and commits the GC's first region before a client
// is waiting, so the first statement of a session does not pay for them. Nothing here touches shared
// memory or is visible to other processes.
using Tusk.Backend.Catalog;
using Tusk.Backend.Libpq;
using Tusk.Backend.Libpq.Auth;
using Tusk.Common.Guc;
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Sql.Nodes;
using Tusk.Sql.Parser;
using Tusk.Storage.Port;

namespace Tusk.Backend.Tcop;

/// <summary>Exercises the session code paths once. Entry point: <see cref="Run"/>.</summary>
static class WarmUp
{
    sealed class Context(Settings settings) : ISessionContext
    {
        public Settings Settings { get; } = settings;
        public OutputContext Output { get; } = new();
        public string UserName => "warmup";
        public uint UserOid => 0;
        public bool IsSuperuser => false;
        public string DatabaseName => "warmup";
        public uint DatabaseOid => 0;
        public int BackendPid => Environment.ProcessId;
        public long TransactionStartMicros => 0;
        public long StatementStartMicros => 0;

        public void CheckForInterrupts()
        {
        }

        public void Sleep(double seconds)
        {
        }

        public bool SignalBackend(int pid, bool terminate) => false;

        public ISystemView? FindSystemView(string? schema, string name) => null;
    }

    public static void Run(string dataDir, Settings settings)
    {
        try
        {
            var ctx = new Context(settings);
            var stmt = (SelectStmt)RawParser.Parse("SELECT 1, $1::int + 1, 'x' || 'y'", true)[0].Stmt;
            var plan = Planner.PlanSelect(stmt, [TypeOid.Int4], ctx);
            var (a, b) = Libc.SocketPair(Libc.SockStream);
            try
            {
                var comm = new PqComm(a);
                foreach (var def in GucTable.All)
                    if (def.Reported)
                        BackendMessages.ParameterStatus(comm, def.Name, settings.Show(def.Name));
                BackendMessages.RowDescription(comm, plan.Columns, []);
                foreach (var row in plan.Execute([Datum.FromInt4(41)], ctx))
                {
                    BackendMessages.DataRow(comm, row, [], ctx.Output);
                    BackendMessages.DataRow(comm, row, [1], ctx.Output);
                }
                BackendMessages.CommandComplete(comm, "SELECT 1");
                BackendMessages.ReadyForQuery(comm, (byte)'I');
                comm.Flush();
                Span<byte> drain = stackalloc byte[4096];
                while (Libc.ReceiveNonBlocking(b, drain) > 0)
                {
                }
            }
            finally
            {
                Libc.Close(a);
                Libc.Close(b);
            }
            HbaFile.Parse(File.ReadAllText(Path.Combine(dataDir, HbaFile.DefaultFileName)), HbaFile.DefaultFileName,
                new List<string>());
            BootstrapCatalog.FindRole(dataDir, "");
            BootstrapCatalog.FindDatabase(dataDir, "");
        }
        catch (Exception e) when (e is IOException or Common.Errors.PgException or InvalidCastException)
        {
            // A warm-up problem only costs the first statement some time; the session reports real errors.
        }
    }
}
