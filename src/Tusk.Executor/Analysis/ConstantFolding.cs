// Plan-time folding of immutable built-in calls over constants (clauses.c eval_const_expressions, for function and
// operator calls): f(const, ...) becomes the constant it evaluates to, so EXPLAIN shows what PostgreSQL shows
// (x SIMILAR TO 'p' filters on x ~ '^(?:p)$'::text) and the value is computed once per plan. A call folds when every
// argument is a constant, it is not set-returning, and its provolatile is 'i' (BuiltinCatalogRows.VolatilityOf).
// Calls whose implementation reads the session (settings, time zone, clocks, catalogs, sequences) are not folded
// either: the evaluation runs against a session that refuses every access, which abandons the fold, so a cached
// plan never keeps a value that depends on session state. A call whose evaluation raises an error stays a call, so
// the error comes when it runs (PostgreSQL raises it while planning; Tusk plans at PREPARE and before CREATE TABLE
// AS checks its target, and does not prune constant CASE arms first). Entry point: Analyzer.Fold.
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Analysis;

internal sealed partial class Analyzer
{
    /// <summary><paramref name="call"/> (a call of <paramref name="fn"/>) as a constant when it can be folded.</summary>
    static BoundExpr Fold(BoundExpr call, Builtin fn)
    {
        if (fn.Set != null || !call.Args.All(a => a.IsConst) || BuiltinCatalogRows.VolatilityOf(fn.Name) != 'i')
            return call;
        Datum value;
        try
        {
            value = call.Eval(new EvalContext([], SessionlessContext.Instance));
        }
        catch (SessionlessContext.SessionNeeded)
        {
            return call;
        }
        catch (Tusk.Common.Errors.PgException)
        {
            // Raised when (and if) the call runs: planning here also happens for PREPARE and before CREATE TABLE AS
            // checks its target, and CASE arms PostgreSQL prunes before folding are not pruned here.
            return call;
        }
        return BoundExpr.Const(Nodes.PlanNode.Relabel(value, call.Type), call.Location, call.TypeMod);
    }

    /// <summary>The session a folded call sees: any use of it means the call depends on session state.</summary>
    sealed class SessionlessContext : ISessionContext
    {
        public static readonly SessionlessContext Instance = new();

        public sealed class SessionNeeded : Exception;

        static T No<T>() => throw new SessionNeeded();

        public Tusk.Common.Guc.Settings Settings => No<Tusk.Common.Guc.Settings>();
        public OutputContext Output => No<OutputContext>();
        public string UserName => No<string>();
        public uint UserOid => No<uint>();
        public bool IsSuperuser => No<bool>();
        public string DatabaseName => No<string>();
        public uint DatabaseOid => No<uint>();
        public int BackendPid => No<int>();
        public long TransactionStartMicros => No<long>();
        public long StatementStartMicros => No<long>();
        public Tusk.Catalog.CatalogSession Catalog => No<Tusk.Catalog.CatalogSession>();
        public Tusk.Access.Transam.TransactionState Xact => No<Tusk.Access.Transam.TransactionState>();
        public string TempFileDirectory => No<string>();
        public Commands.SequenceCache Sequences => No<Commands.SequenceCache>();
        public void CheckForInterrupts() => No<bool>();
        public void Sleep(double seconds) => No<bool>();
        public bool SignalBackend(int pid, bool terminate) => No<bool>();
        public ISystemView? FindSystemView(string? schema, string name) => No<ISystemView>();
        public void Notice(string sqlState, string message) => No<bool>();
        public Tusk.Catalog.Relation? FindTable(string? schema, string name) => No<Tusk.Catalog.Relation>();
        public Tusk.Storage.Ipc.Snapshot StatementSnapshot() => No<Tusk.Storage.Ipc.Snapshot>();
    }
}
