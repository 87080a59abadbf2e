// The built-in functions and operators of FunctionCatalog as pg_proc and pg_operator rows, written at bootstrap so
// clients can list them (SELECT proname FROM pg_proc, psql's \df and \do) and operator classes can name operators.
// The built-in aggregates get prokind 'a' rows with prosrc aggregate_dummy, as in PostgreSQL.
// OIDs are handed out by CatalogBootstrap.NextOid in registration order, not PostgreSQL's fixed numbers. Rows are
// for reading: the executor resolves built-ins through FunctionCatalog, not through these rows. provolatile is
// 'v' for the functions with side effects or a changing result, 's' for those reading the transaction's time or
// session state, else 'i'; prosrc is the function's name. oprcode is 0 (the implementing functions have no rows).
// Entry point: BuiltinCatalogRows.Bootstrap.
using Tusk.Catalog;

namespace Tusk.Executor.Functions;

public static class BuiltinCatalogRows
{
    static readonly HashSet<string> Volatile = new(StringComparer.Ordinal)
    {
        "random", "setseed", "clock_timestamp", "timeofday", "pg_sleep", "pg_cancel_backend", "pg_terminate_backend",
        "set_config", "gen_random_uuid", "nextval", "currval", "setval", "lastval",
    };

    static readonly HashSet<string> Stable = new(StringComparer.Ordinal)
    {
        "now", "transaction_timestamp", "statement_timestamp", "current_setting", "current_database",
        "current_schema", "current_user", "session_user", "pg_backend_pid", "version", "to_char", "to_timestamp",
        "to_date", "age", "date_part", "extract", "timezone", "date_trunc", "concat", "concat_ws", "format",
        "to_json", "array_to_json", "row_to_json", "json_build_object", "json_build_array", "jsonb_build_object",
        "jsonb_build_array", "to_jsonb", "array_to_string", "quote_nullable", "to_number",
    };

    /// <summary>provolatile of a built-in: 'v' volatile, 's' stable, else 'i' immutable.</summary>
    internal static char VolatilityOf(string name) =>
        Volatile.Contains(name) ? 'v' : Stable.Contains(name) ? 's' : 'i';

    /// <summary>Writes the rows into the catalogs of database <paramref name="dbOid"/> (bootstrap, frozen).</summary>
    public static void Bootstrap(uint dbOid)
    {
        const uint ns = CatalogOids.PgCatalogNamespace, owner = CatalogOids.BootstrapSuperuser;
        foreach (var b in FunctionCatalog.AllFunctions())
        {
            char vol = VolatilityOf(b.Name);
            var def = new ProcCatalog.Definition(b.Name, ns, owner, CatalogSession.LanguageInternal, b.ArgTypes, [],
                b.ReturnType, b.Strict, vol, vol == 'v' ? 'r' : 's', b.Name);
            CatalogIO.InsertFrozen(SystemCatalogs.PgProc, dbOid, ProcCatalog.Row(CatalogBootstrap.NextOid(), def));
        }
        foreach (var a in FunctionCatalog.AllAggregates())
        {
            var def = new ProcCatalog.Definition(a.Name, ns, owner, CatalogSession.LanguageInternal, a.ArgTypes, [],
                a.ReturnType, false, 'i', 's', "aggregate_dummy", Kind: 'a');
            CatalogIO.InsertFrozen(SystemCatalogs.PgProc, dbOid, ProcCatalog.Row(CatalogBootstrap.NextOid(), def));
        }
        foreach (var (b, prefix) in FunctionCatalog.AllOperators())
        {
            uint left = prefix ? 0 : b.ArgTypes[0];
            uint right = b.ArgTypes[prefix ? 0 : 1];
            bool hashable = b.Name == "=" && left == right;
            CatalogIO.InsertFrozen(SystemCatalogs.PgOperator, dbOid,
            [
                V.Oid(CatalogBootstrap.NextOid()), V.Name(b.Name), V.Oid(ns), V.Oid(owner), V.Char(prefix ? 'l' : 'b'),
                V.Bool(hashable), V.Bool(hashable), V.Oid(left), V.Oid(right), V.Oid(b.ReturnType), V.Oid(0), V.Oid(0),
                V.Regproc(0), V.Regproc(0), V.Regproc(0),
            ]);
        }
    }
}
