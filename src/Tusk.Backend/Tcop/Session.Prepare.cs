// SQL-level prepared statements (PostgreSQL's commands/prepare.c): PREPARE, EXECUTE and DEALLOCATE over the same
// table as the protocol's named statements (Session.Extended.cs), as in PostgreSQL: a PREPAREd statement can be
// bound by a Bind message and a statement made by Parse can be run by EXECUTE; pg_prepared_statements lists both
// (from_sql true / false; the unnamed statement is not listed).
// A statement is analysed and planned once, at PREPARE (or Parse); EXECUTE only evaluates its arguments and runs
// the stored plan, and counts that reuse in generic_plans. Statements are not transactional: a rollback keeps
// them; DEALLOCATE [ALL], Close and DISCARD ALL remove them.
// Entry points: PlanStatement (simple query: plan a statement, or find EXECUTE's stored plan), UsePlan (the plan a
// Bind or EXECUTE runs), ExecPrepare, ExecExecute (EXECUTE of a statement that is not planned, or nested), ExecDeallocate, ExecCreateTableAs (also
// CREATE TABLE AS EXECUTE), PreparedStatementRows.
using Tusk.Backend.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Executor.Commands;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Backend.Tcop;

public sealed partial class Session
{
    /// <summary>How deep EXECUTE of a statement that is itself an EXECUTE may nest.</summary>
    const int MaxExecuteDepth = 100;

    int _executeDepth;

    /// <summary>
    /// The plan a statement of a simple query runs: a fresh plan for SELECT/INSERT/UPDATE/DELETE, the stored one
    /// for EXECUTE (with its evaluated arguments in <paramref name="parameters"/>); null for a utility statement.
    /// </summary>
    PreparedQuery? PlanStatement(Node stmt, out Datum[] parameters)
    {
        if (stmt is ExecuteStmt e)
            return PlanExecute(e, out parameters, out _);
        parameters = [];
        return Planner.Plan(stmt, [], this);
    }

    /// <summary>PREPARE name [(types)] AS statement: analysed and planned now, stored under its name.</summary>
    string ExecPrepare(PrepareStmt p)
    {
        var declared = new uint[p.Argtypes.Count];
        for (int i = 0; i < declared.Length; i++)
        {
            uint t = TypeNames.Resolve(p.Argtypes[i]);
            declared[i] = t == TypeOid.Unknown ? 0 : t;
        }
        var query = Planner.Plan(p.Query, declared, this)
            ?? Throw.Error<PreparedQuery>(SqlState.SyntaxError, "utility statements cannot be prepared");
        string sql = _currentStatement ?? "";
        CheckParametersDetermined(sql, declared, query.ParamTypes);
        if (_statements.ContainsKey(p.Name))
            Throw.Error(SqlState.DuplicatePreparedStatement, $"prepared statement \"{p.Name}\" already exists");
        _statements[p.Name] = new PreparedStatement
        {
            Sql = sql, Raw = new RawStmt { Stmt = p.Query, Location = p.Query.Location }, Query = query,
            ParamTypes = query.ParamTypes, FromSql = true, PrepareTime = StatementStartMicros,
            SearchPath = Settings.GetString("search_path"),
        };
        return "PREPARE";
    }

    /// <summary>
    /// 42P18 for a parameter whose type was neither declared nor inferred because the statement never mentions it
    /// (PREPARE p AS SELECT $2: "could not determine data type of parameter $1"). A $n anywhere in the text (even
    /// in a literal) counts as a mention, so this errs only when the parameter is certainly unused. Allocates
    /// nothing: Parse of the unnamed statement runs it for every query of an extended-protocol client.
    /// </summary>
    static void CheckParametersDetermined(string sql, uint[] declared, uint[] resolved)
    {
        for (int i = 0; i < resolved.Length; i++)
        {
            bool isDeclared = i < declared.Length && declared[i] is not (0 or TypeOid.Unknown);
            if (!isDeclared && !MentionsParameter(sql, i + 1))
                Throw.Error(SqlState.IndeterminateDatatype, $"could not determine data type of parameter ${i + 1}");
        }
    }

    /// <summary>Whether <paramref name="sql"/> holds $<paramref name="number"/> not followed by a digit ($1 is not in $10).</summary>
    static bool MentionsParameter(string sql, int number)
    {
        Span<char> token = stackalloc char[12];
        token[0] = '$';
        number.TryFormat(token[1..], out int digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        ReadOnlySpan<char> needle = token[..(digits + 1)];
        var rest = sql.AsSpan();
        int at;
        while ((at = rest.IndexOf(needle)) >= 0)
        {
            rest = rest[(at + needle.Length)..];
            if (rest.IsEmpty || !char.IsAsciiDigit(rest[0]))
                return true;
        }
        return false;
    }

    PreparedStatement LookupStatement(string name) =>
        _statements.TryGetValue(name, out var stmt)
            ? stmt
            : Throw.Error<PreparedStatement>(SqlState.InvalidSqlStatementName,
                $"prepared statement \"{name}\" does not exist");

    /// <summary>
    /// EXECUTE's statement and argument values (<see cref="ExecuteArguments"/>). Returns its stored plan, or null
    /// when it is a utility statement (run by <see cref="ExecExecute"/>).
    /// </summary>
    PreparedQuery? PlanExecute(ExecuteStmt e, out Datum[] parameters, out PreparedStatement stmt)
    {
        stmt = LookupStatement(e.Name);
        parameters = ExecuteArguments(e, stmt);
        return UsePlan(stmt);
    }

    /// <summary>
    /// EXECUTE's argument values, checked against the statement's parameter count (42601) and coerced to its
    /// parameter types. A statement without parameters ignores the arguments, as PostgreSQL's ExecuteQuery does.
    /// </summary>
    Datum[] ExecuteArguments(ExecuteStmt e, PreparedStatement stmt)
    {
        int n = stmt.ParamTypes.Length;
        if (n == 0)
            return [];
        if (e.Params.Count != n)
            Throw.Error(SqlState.SyntaxError, $"wrong number of parameters for prepared statement \"{e.Name}\"",
                detail: $"Expected {n} parameters but got {e.Params.Count}.");
        return ExecuteParameters.Evaluate(e.Params, stmt.ParamTypes, this);
    }

    /// <summary>
    /// The plan an execution (Bind or EXECUTE) of the statement runs, counted in generic_plans; null for a utility
    /// statement. Analysed again first if search_path has changed since it was made (PostgreSQL's
    /// RevalidateCachedQuery, for the one invalidation tracked here: names may now resolve to other objects).
    /// The parameter types stay; the result must keep its columns (0A000 otherwise). Other catalog changes do
    /// not invalidate a plan yet: it keeps the relation descriptors it was made with. Per execution this costs
    /// one settings lookup and a string comparison (the same string object while search_path is not SET).
    /// </summary>
    PreparedQuery? UsePlan(PreparedStatement s)
    {
        if (s.Query == null)
            return null;
        string path = Settings.GetString("search_path");
        if (path != s.SearchPath)
        {
            if (!Xact.InProgress)
                StartTransaction();
            var query = Planner.Plan(s.Raw!.Stmt, s.ParamTypes, this)!;
            if (query.ReturnsRows != s.Query.ReturnsRows
                    || (query.ReturnsRows && !SameColumns(query.Columns, s.Query.Columns)))
                Throw.Error(SqlState.FeatureNotSupported, "cached plan must not change result type");
            s.Query = query;
            s.SearchPath = path;
        }
        s.GenericPlans++;
        return s.Query;
    }

    /// <summary>EXECUTE run as a utility statement: its result is collected (a utility target, or a nested EXECUTE).</summary>
    (string Tag, ResultColumn[]? Columns, List<Datum[]>? Rows) ExecExecute(ExecuteStmt e)
    {
        var query = PlanExecute(e, out var parameters, out var stmt);
        if (query != null)
        {
            var rows = query.Execute(parameters, this).ToList();
            return (query.CommandTag(rows.Count), query.ReturnsRows ? query.Columns : null,
                query.ReturnsRows ? rows : null);
        }
        if (stmt.Raw == null)
            return ("EXECUTE", null, null);
        if (_executeDepth >= MaxExecuteDepth)
            Throw.Error(SqlState.StatementTooComplex, "stack depth limit exceeded",
                hint: "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.");
        _executeDepth++;
        try
        {
            return ExecUtility(stmt.Raw.Stmt);
        }
        finally
        {
            _executeDepth--;
        }
    }

    static bool SameColumns(ResultColumn[] a, ResultColumn[] b)
    {
        if (a.Length != b.Length)
            return false;
        for (int i = 0; i < a.Length; i++)
            if (a[i].Name != b[i].Name || a[i].TypeOid != b[i].TypeOid || a[i].TypeMod != b[i].TypeMod)
                return false;
        return true;
    }

    /// <summary>
    /// CREATE TABLE AS: a SELECT, or EXECUTE of a prepared SELECT (its arguments checked and evaluated as for
    /// EXECUTE; 42809 "prepared statement is not a SELECT" for anything else). The SELECT is analysed again here:
    /// the new table's columns come from that analysis.
    /// </summary>
    string ExecCreateTableAs(CreateTableAsStmt c)
    {
        switch (c.Query)
        {
            case SelectStmt select:
                return CreateTableAs.Execute(c, select, [], [], this);
            case ExecuteStmt e:
            {
                var stmt = LookupStatement(e.Name);
                if (stmt.Raw?.Stmt is not SelectStmt select)
                    return Throw.Error<string>(SqlState.WrongObjectType, "prepared statement is not a SELECT");
                return CreateTableAs.Execute(c, select, stmt.ParamTypes, ExecuteArguments(e, stmt), this);
            }
            default:
                return Throw.Error<string>(SqlState.FeatureNotSupported, "CREATE TABLE AS of this statement is not supported yet");
        }
    }

    /// <summary>DEALLOCATE [PREPARE] name | ALL (ALL leaves the protocol's unnamed statement alone, as PostgreSQL).</summary>
    string ExecDeallocate(DeallocateStmt d)
    {
        if (d.Name == null)
        {
            foreach (var name in _statements.Keys.Where(k => k.Length > 0).ToList())
                _statements.Remove(name);
            return "DEALLOCATE ALL";
        }
        if (!_statements.Remove(d.Name))
            Throw.Error(SqlState.InvalidSqlStatementName, $"prepared statement \"{d.Name}\" does not exist");
        return "DEALLOCATE";
    }

    /// <summary>The result columns of a statement (those of EXECUTE's target for EXECUTE), or null.</summary>
    ResultColumn[]? ColumnsOf(PreparedStatement s, int depth = 0)
    {
        if (s.Query != null)
            return s.Query.ReturnsRows ? s.Query.Columns : null;
        if (s.Raw?.Stmt is ExecuteStmt e)
            return depth < MaxExecuteDepth && _statements.TryGetValue(e.Name, out var target)
                ? ColumnsOf(target, depth + 1)
                : null;
        return s.Raw != null ? UtilityColumns(s.Raw.Stmt) : null;
    }

    /// <summary>The named statements as pg_prepared_statements shows them.</summary>
    IEnumerable<PreparedStatementEntry> PreparedStatementRows() =>
        _statements.Where(kv => kv.Key.Length > 0).Select(kv => new PreparedStatementEntry(kv.Key, kv.Value.Sql,
            kv.Value.PrepareTime, kv.Value.ParamTypes, kv.Value.FromSql, kv.Value.GenericPlans, 0));
}
