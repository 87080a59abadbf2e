// Extended query protocol (postgres.c exec_parse_message, exec_bind_message, exec_describe_*_message,
// exec_execute_message): named and unnamed prepared statements and portals, parameters in text or binary,
// result formats per column, Execute with a row limit (PortalSuspended), Close, and Sync ending the
// implicit transaction. After an error, messages are skipped until Sync.
using Tusk.Backend.Libpq;
using Tusk.Common.Elog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Backend.Tcop;

public sealed partial class Session
{
    /// <summary>An entry of the backend's prepared-statement table (Parse and SQL PREPARE share it).</summary>
    sealed class PreparedStatement
    {
        /// <summary>The query string that created it (pg_prepared_statements.statement).</summary>
        public required string Sql { get; init; }
        public RawStmt? Raw { get; init; }

        /// <summary>The plan (null for a utility statement); replaced when search_path changes (see UsePlan).</summary>
        public PreparedQuery? Query { get; set; }

        public required uint[] ParamTypes { get; init; }

        /// <summary>search_path when <see cref="Query"/> was planned.</summary>
        public string? SearchPath { get; set; }

        /// <summary>Made by SQL PREPARE (true) or by a Parse message.</summary>
        public bool FromSql { get; init; }

        /// <summary>PG micros at creation (pg_prepared_statements.prepare_time).</summary>
        public long PrepareTime { get; init; }

        /// <summary>Executions of the stored plan (each one reuses it: a generic plan in PostgreSQL's terms).</summary>
        public long GenericPlans { get; set; }
    }

    readonly Dictionary<string, PreparedStatement> _statements = new(StringComparer.Ordinal);

    void HandleParse(ReadOnlySpan<byte> body)
    {
        var r = new MessageReader(body);
        string name = r.ReadCString();
        string sql = r.ReadCString();
        int n = r.ReadInt16();
        if (n < 0)
            throw new PgException(SqlState.ProtocolViolation, "invalid number of parameter types");
        var types = new uint[n];
        for (int i = 0; i < n; i++)
            types[i] = (uint)r.ReadInt32();
        r.End();
        _currentStatement = sql;
        if (Settings.GetString("log_statement") == "all")
            Log.Info((name.Length > 0 ? $"execute {name}: " : "statement: ") + sql);
        if (name.Length > 0 && _statements.ContainsKey(name))
            Throw.Error(SqlState.DuplicatePreparedStatement, $"prepared statement \"{name}\" already exists");
        var stmts = ParseQueryText(sql);
        if (stmts.Count > 1)
            Throw.Error(SqlState.SyntaxError, "cannot insert multiple commands into a prepared statement");
        RawStmt? raw = stmts.Count == 1 ? stmts[0] : null;
        if (raw != null)
            CheckNotInFailedBlock(raw.Stmt);
        PreparedQuery? query = null;
        uint[] paramTypes = types;
        long now = TypeIO.ToPgMicros(DateTime.UtcNow);
        if (raw != null && Planner.IsOptimizable(raw.Stmt))
        {
            StatementStartMicros = now;
            // Parse analysis reads the catalogs: it runs in the transaction that Sync (or the block) ends.
            if (!Xact.InProgress)
                StartTransaction();
            query = Planner.Plan(raw.Stmt, types, this)!;
            paramTypes = query.ParamTypes;
            CheckParametersDetermined(sql, types, paramTypes);
        }
        _statements[name] = new PreparedStatement { Sql = sql, Raw = raw, Query = query, ParamTypes = paramTypes,
            PrepareTime = now, SearchPath = Settings.GetString("search_path") };
        BackendMessages.ParseComplete(Comm);
    }

    void HandleBind(ReadOnlySpan<byte> body)
    {
        var r = new MessageReader(body);
        string portalName = r.ReadCString();
        string stmtName = r.ReadCString();
        int nFormats = r.ReadInt16();
        var formats = new short[Math.Max(0, nFormats)];
        for (int i = 0; i < formats.Length; i++)
            formats[i] = r.ReadInt16();
        int nParams = r.ReadInt16();
        if (!_statements.TryGetValue(stmtName, out var stmt))
            Throw.Error(SqlState.InvalidSqlStatementName, $"prepared statement \"{stmtName}\" does not exist");
        if (stmt.Raw != null)
            CheckNotInFailedBlock(stmt.Raw.Stmt);
        UsePlan(stmt);
        if (nParams != stmt.ParamTypes.Length)
            throw new PgException(SqlState.ProtocolViolation,
                $"bind message supplies {nParams} parameters, but prepared statement \"{stmtName}\" requires {stmt.ParamTypes.Length}");
        if (nFormats > 1 && nFormats != nParams)
            throw new PgException(SqlState.ProtocolViolation,
                $"bind message has {nFormats} parameter formats but {nParams} parameters");
        var values = new Datum[nParams];
        for (int i = 0; i < nParams; i++)
        {
            int len = r.ReadInt32();
            uint type = stmt.ParamTypes[i] == 0 ? TypeOid.Text : stmt.ParamTypes[i];
            if (len == -1)
            {
                values[i] = Datum.Null(type);
                continue;
            }
            var data = r.ReadBytes(len);
            short fmt = BackendMessages.FormatOf(formats, i);
            if (fmt == 1)
                values[i] = TypeIO.FromBinary(data, type);
            else if (fmt == 0)
                values[i] = TypeIO.FromText(MessageReader.Decode(data), type, Output);
            else
                throw new PgException(SqlState.ProtocolViolation, $"unsupported format code: {fmt}");
        }
        int nResult = r.ReadInt16();
        var resultFormats = new short[Math.Max(0, nResult)];
        for (int i = 0; i < resultFormats.Length; i++)
        {
            resultFormats[i] = r.ReadInt16();
            if (resultFormats[i] is not (0 or 1))
                throw new PgException(SqlState.ProtocolViolation, $"unsupported format code: {resultFormats[i]}");
        }
        r.End();
        var cols = ColumnsOf(stmt);
        if (resultFormats.Length > 1 && resultFormats.Length != (cols?.Length ?? 0))
            throw new PgException(SqlState.ProtocolViolation,
                $"bind message has {resultFormats.Length} result formats but query has {cols?.Length ?? 0} columns");
        for (int i = 0; cols != null && i < cols.Length; i++)
            if (BackendMessages.FormatOf(resultFormats, i) == 1 && !TypeIO.HasBinary(cols[i].TypeOid))
                Throw.Error(SqlState.UndefinedFunction,
                    $"no binary output function available for type {TypeNames.Display(cols[i].TypeOid)}");
        if (portalName.Length > 0 && _portals.ContainsKey(portalName))
            Throw.Error(SqlState.DuplicateCursor, $"portal \"{portalName}\" already exists");
        _portals[portalName] = new Portal { Statement = stmt, Parameters = values, ResultFormats = resultFormats,
            Query = stmt.Query, CreateLevel = Xact.Depth };
        BackendMessages.BindComplete(Comm);
    }

    void HandleDescribe(ReadOnlySpan<byte> body)
    {
        var r = new MessageReader(body);
        byte kind = r.ReadByte();
        string name = r.ReadCString();
        r.End();
        if (kind == (byte)'S')
        {
            if (!_statements.TryGetValue(name, out var stmt))
                Throw.Error(SqlState.InvalidSqlStatementName, $"prepared statement \"{name}\" does not exist");
            BackendMessages.ParameterDescription(Comm, stmt.ParamTypes);
            if (ColumnsOf(stmt) is { } cols)
                BackendMessages.RowDescription(Comm, cols, []);
            else
                BackendMessages.NoData(Comm);
        }
        else if (kind == (byte)'P')
        {
            if (!_portals.TryGetValue(name, out var portal))
                Throw.Error(SqlState.InvalidCursorName, $"portal \"{name}\" does not exist");
            if (ColumnsOf(portal.Statement) is { } cols)
                BackendMessages.RowDescription(Comm, cols, portal.ResultFormats);
            else
                BackendMessages.NoData(Comm);
        }
        else
        {
            throw new PgException(SqlState.ProtocolViolation, $"invalid DESCRIBE message subtype {kind}");
        }
    }

    void HandleExecute(ReadOnlySpan<byte> body)
    {
        var r = new MessageReader(body);
        string name = r.ReadCString();
        int maxRows = r.ReadInt32();
        r.End();
        if (!_portals.TryGetValue(name, out var portal))
            Throw.Error(SqlState.InvalidCursorName, $"portal \"{name}\" does not exist");
        var stmt = portal.Statement;
        _currentStatement = stmt.Sql;
        if (portal.IsCursor)
        {
            ExecuteCursor(name, portal, maxRows);
            return;
        }
        if (stmt.Raw == null)
        {
            BackendMessages.EmptyQueryResponse(Comm);
            return;
        }
        CheckNotInFailedBlock(stmt.Raw.Stmt);
        if (portal.Done)
        {
            // Re-executing a completed portal returns nothing more.
            BackendMessages.CommandComplete(Comm, "SELECT 0");
            return;
        }
        if (portal.Rows == null)
            BeginStatement(stmt.Sql, stmt.Raw.Stmt);
        try
        {
            if (portal.Rows == null && stmt.Raw.Stmt is ExecuteStmt ex)
            {
                portal.Query = PlanExecute(ex, out var parameters, out _);
                portal.Parameters = parameters;
            }
            var query = portal.Query;
            if (query != null)
            {
                portal.Rows ??= query.Execute(portal.Parameters, this).GetEnumerator();
                long n = SendRows(portal.Rows, maxRows <= 0 ? 0 : maxRows, portal.ResultFormats, out bool more);
                portal.RowsSent += n;
                if (more)
                {
                    BackendMessages.PortalSuspended(Comm);
                    return;
                }
                portal.Done = true;
                BackendMessages.CommandComplete(Comm, query.CommandTag(portal.RowsSent));
            }
            else
            {
                var (tag, _, rows) = ExecUtility(stmt.Raw.Stmt);
                if (rows != null)
                    foreach (var row in rows)
                        BackendMessages.DataRow(Comm, row, portal.ResultFormats, Output);
                portal.Done = true;
                BackendMessages.CommandComplete(Comm, tag);
            }
        }
        finally
        {
            EndStatement();
        }
    }

    /// <summary>Execute of a cursor's portal: its next rows, as FETCH FORWARD would return them.</summary>
    void ExecuteCursor(string name, Portal portal, int maxRows)
    {
        BeginStatement(portal.Statement.Sql, new FetchStmt { Portalname = name });
        try
        {
            var rows = new List<Datum[]>();
            long n = RunCursor(name, portal,
                () => portal.RunFetch(FetchDirection.Forward, maxRows <= 0 ? FetchStmt.FetchAll : maxRows, rows));
            foreach (var row in rows)
                BackendMessages.DataRow(Comm, row, portal.ResultFormats, Output);
            if (portal.AtEnd)
                BackendMessages.CommandComplete(Comm, "SELECT " + n);
            else
                BackendMessages.PortalSuspended(Comm);
        }
        finally
        {
            EndStatement();
        }
    }

    void HandleClose(ReadOnlySpan<byte> body)
    {
        var r = new MessageReader(body);
        byte kind = r.ReadByte();
        string name = r.ReadCString();
        r.End();
        if (kind == (byte)'S')
            _statements.Remove(name);
        else if (kind == (byte)'P')
            DropPortal(name);
        else
            throw new PgException(SqlState.ProtocolViolation, $"invalid CLOSE message subtype {kind}");
        BackendMessages.CloseComplete(Comm);
    }
}
