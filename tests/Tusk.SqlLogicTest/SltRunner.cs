using System.Globalization;
using System.Text;
using Npgsql;

namespace Tusk.SqlLogicTest;

/// <summary>Options of a run.</summary>
public sealed record RunnerOptions
{
    /// <summary>Engine name: "postgresql" or "tusk". Tusk also counts as "postgresql" for skipif/onlyif.</summary>
    public string Engine { get; init; } = "postgresql";

    /// <summary>Stop a file at its first failing record.</summary>
    public bool StopOnFail { get; init; }

    /// <summary>Where per-record progress goes (null: nowhere).</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Log every record, not just failures.</summary>
    public bool Verbose { get; init; }

    /// <summary>Run each file in a fresh schema where the server supports CREATE SCHEMA.</summary>
    public bool FreshSchema { get; init; } = true;
}

/// <summary>Runs sqllogictest files against a server through Npgsql, one file at a time.</summary>
public sealed class SltRunner
{
    readonly string _connectionString;
    readonly RunnerOptions _options;

    /// <param name="connectionString">Host, port, user and database; Pooling and the compatibility mode are added.</param>
    public SltRunner(string connectionString, RunnerOptions? options = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        if (builder.CommandTimeout == 30)
        {
            builder.CommandTimeout = 60;
        }
        // Tusk has no catalog yet, so Npgsql must not query pg_type.
        _connectionString = builder.ConnectionString + ";Server Compatibility Mode=NoTypeLoading";
        _options = options ?? new RunnerOptions();
    }

    /// <summary>The engine names a condition matches: the engine itself, plus "postgresql" for Tusk.</summary>
    public IReadOnlySet<string> EngineNames => _options.Engine.ToLowerInvariant() switch
    {
        "tusk" => new HashSet<string> { "tusk", "postgresql", "postgres" },
        "postgresql" or "postgres" => new HashSet<string> { "postgresql", "postgres" },
        var other => new HashSet<string> { other },
    };

    public async Task<RunSummary> RunFilesAsync(IEnumerable<string> paths, CancellationToken ct = default)
    {
        var results = new List<FileResult>();
        foreach (string path in paths)
        {
            var r = await RunFileAsync(path, ct).ConfigureAwait(false);
            results.Add(r);
        }
        return new RunSummary(results);
    }

    public async Task<FileResult> RunFileAsync(string path, CancellationToken ct = default)
    {
        IReadOnlyList<SltRecord> records;
        try
        {
            records = SltParser.ParseFile(path);
        }
        catch (FormatException e)
        {
            _options.Log?.WriteLine($"{path}: parse error: {e.Message}");
            return new FileResult(path, [], "parse error: " + e.Message);
        }
        return await RunRecordsAsync(path, records, ct).ConfigureAwait(false);
    }

    public async Task<FileResult> RunRecordsAsync(string path, IReadOnlyList<SltRecord> records, CancellationToken ct = default)
    {
        await using var session = new FileSession(_connectionString, _options.FreshSchema);
        var results = new List<RecordResult>();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var engines = EngineNames;
        bool stop = false;
        try
        {
            foreach (var record in records)
            {
                if (stop)
                {
                    break;
                }
                if (!Applies(record, engines))
                {
                    results.Add(new RecordResult(record.Line, KindOf(record), Outcome.Skipped));
                    continue;
                }
                RecordResult result;
                switch (record)
                {
                    case HaltRecord:
                        stop = true;
                        continue;
                    case HashThresholdRecord:
                        // Only matters when writing expected results; expected values are compared as given.
                        continue;
                    case UnsupportedRecord u:
                        result = new RecordResult(u.Line, "unsupported", Outcome.Failed, $"unsupported directive: {u.Text}");
                        break;
                    case StatementRecord s:
                        result = await RunStatementAsync(session, s, ct).ConfigureAwait(false);
                        break;
                    case QueryRecord q:
                        result = await RunQueryAsync(session, q, labels, ct).ConfigureAwait(false);
                        break;
                    default:
                        continue;
                }
                results.Add(result);
                if (result.Outcome == Outcome.Failed)
                {
                    _options.Log?.WriteLine($"{path}:{result.Line}: FAILED {result.Kind}\n{Indent(result.Message)}");
                    stop = _options.StopOnFail;
                }
                else if (_options.Verbose)
                {
                    _options.Log?.WriteLine($"{path}:{result.Line}: ok {result.Kind}");
                }
            }
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            // Connecting failed, or a connection broke: the rest of the file cannot run.
            _options.Log?.WriteLine($"{path}: connection error: {e.Message}");
            return new FileResult(path, results, "connection error: " + e.Message);
        }
        return new FileResult(path, results);
    }

    static bool Applies(SltRecord record, IReadOnlySet<string> engines)
    {
        foreach (var c in record.Conditions)
        {
            bool match = engines.Contains(c.Engine);
            if (c.OnlyIf ? !match : match)
            {
                return false;
            }
        }
        return true;
    }

    static string KindOf(SltRecord record) => record switch
    {
        StatementRecord { ExpectError: true } => "statement error",
        StatementRecord => "statement ok",
        QueryRecord => "query",
        HaltRecord => "halt",
        HashThresholdRecord => "hash-threshold",
        _ => "unsupported",
    };

    static string Indent(string? text) =>
        string.Join('\n', (text ?? "").Split('\n').Select(l => "    " + l));

    static async Task<RecordResult> RunStatementAsync(FileSession session, StatementRecord s, CancellationToken ct)
    {
        string kind = KindOf(s);
        var conn = await session.GetAsync(s.Connection, ct).ConfigureAwait(false);
        try
        {
            await using var cmd = new NpgsqlCommand(s.Sql, conn);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            if (!s.ExpectError)
            {
                return new RecordResult(s.Line, kind, Outcome.Failed, $"{s.Sql}\nunexpected error {e.SqlState}: {e.MessageText}");
            }
            return ErrorMatches(e, s.ExpectedError)
                ? new RecordResult(s.Line, kind, Outcome.Passed)
                : new RecordResult(s.Line, kind, Outcome.Failed,
                    $"{s.Sql}\nexpected error: {s.ExpectedError}\nactual error {e.SqlState}: {e.MessageText}");
        }
        return s.ExpectError
            ? new RecordResult(s.Line, kind, Outcome.Failed, $"{s.Sql}\nexpected an error ({s.ExpectedError ?? "any"}), but it succeeded")
            : new RecordResult(s.Line, kind, Outcome.Passed);
    }

    /// <summary>An error matches when its SQLSTATE equals the expected text or its message contains it.</summary>
    public static bool ErrorMatches(PostgresException e, string? expected) =>
        string.IsNullOrWhiteSpace(expected)
        || string.Equals(e.SqlState, expected.Trim(), StringComparison.OrdinalIgnoreCase)
        || e.MessageText.Contains(expected.Trim(), StringComparison.Ordinal);

    static async Task<RecordResult> RunQueryAsync(
        FileSession session, QueryRecord q, Dictionary<string, string> labels, CancellationToken ct)
    {
        var conn = await session.GetAsync(q.Connection, ct).ConfigureAwait(false);
        var rows = new List<string[]>();
        try
        {
            await using var cmd = new NpgsqlCommand(q.Sql, conn) { AllResultTypesAreUnknown = true };
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (reader.FieldCount != q.Types.Length)
            {
                return new RecordResult(q.Line, "query", Outcome.Failed,
                    $"{q.Sql}\nexpected {q.Types.Length} column(s), got {reader.FieldCount}");
            }
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var row = new string[reader.FieldCount];
                for (int c = 0; c < row.Length; c++)
                {
                    string? text = reader.IsDBNull(c) ? null : reader.GetFieldValue<string>(c);
                    row[c] = ValueFormatter.Format(text, q.Types[c]);
                }
                rows.Add(row);
            }
        }
        catch (PostgresException e)
        {
            return new RecordResult(q.Line, "query", Outcome.Failed, $"{q.Sql}\nunexpected error {e.SqlState}: {e.MessageText}");
        }
        string? problem = Compare(q, rows, labels);
        return problem is null
            ? new RecordResult(q.Line, "query", Outcome.Passed)
            : new RecordResult(q.Line, "query", Outcome.Failed, $"{q.Sql}\n{problem}");
    }

    /// <summary>Null when the rows match the record's expectation, else a readable difference.</summary>
    public static string? Compare(QueryRecord q, List<string[]> rows, Dictionary<string, string>? labels = null)
    {
        int columns = q.Types.Length;
        var actual = Sorted(rows, q.Sort);
        var actualValues = actual.SelectMany(r => r).ToList();
        string actualHash = ValueFormatter.Hash(actualValues);
        if (q.Label is not null && labels is not null)
        {
            if (labels.TryGetValue(q.Label, out string? previous) && previous != actualHash)
            {
                return $"result differs from earlier queries labelled {q.Label}";
            }
            labels[q.Label] = actualHash;
        }
        if (q.Hash is not null)
        {
            if (q.HashValueCount == actualValues.Count && q.Hash == actualHash)
            {
                return null;
            }
            return $"expected {q.HashValueCount} values hashing to {q.Hash}\n" +
                $"actual   {actualValues.Count} values hashing to {actualHash}\n" + Show(actual);
        }
        // One value per line (the SQLite corpus), or one row per line with values separated by tabs or spaces.
        var perValue = q.ExpectedLines.Count % columns == 0
            ? q.ExpectedLines.Chunk(columns).Select(c => c.ToArray()).ToList()
            : null;
        if (perValue is not null && Same(Sorted(perValue, q.Sort), actual))
        {
            return null;
        }
        var perRow = q.ExpectedLines.Select(l => l.Contains('\t', StringComparison.Ordinal)
            ? l.Split('\t')
            : l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (perRow.All(r => r.Length == columns) && Same(Sorted(perRow, q.Sort), actual))
        {
            return null;
        }
        var expectedShown = perRow.All(r => r.Length == columns) && columns > 1 ? Sorted(perRow, q.Sort)
            : perValue is not null ? Sorted(perValue, q.Sort)
            : q.ExpectedLines.Select(l => new[] { l }).ToList();
        return "expected:\n" + Show(expectedShown) + "actual:\n" + Show(actual);
    }

    static List<string[]> Sorted(List<string[]> rows, SortMode sort) => sort switch
    {
        SortMode.RowSort => [.. rows.OrderBy(r => r, Comparer<string[]>.Create(ValueFormatter.CompareRows))],
        SortMode.ValueSort => [.. rows.SelectMany(r => r).Order(StringComparer.Ordinal).Select(v => new[] { v })],
        _ => rows,
    };

    static bool Same(List<string[]> a, List<string[]> b) =>
        a.SelectMany(r => r).SequenceEqual(b.SelectMany(r => r), StringComparer.Ordinal);

    static string Show(List<string[]> rows)
    {
        var sb = new StringBuilder();
        foreach (var r in rows.Take(50))
        {
            sb.Append("    ").AppendJoin('\t', r).Append('\n');
        }
        if (rows.Count > 50)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    ... {rows.Count - 50} more rows\n");
        }
        if (rows.Count == 0)
        {
            sb.Append("    (no rows)\n");
        }
        return sb.ToString();
    }

    /// <summary>The connections of one file: opened lazily by name, all in the file's schema.</summary>
    sealed class FileSession(string connectionString, bool freshSchema) : IAsyncDisposable
    {
        readonly Dictionary<string, NpgsqlConnection> _connections = new(StringComparer.Ordinal);
        string? _schema;
        bool _schemaTried;

        public async Task<NpgsqlConnection> GetAsync(string? name, CancellationToken ct)
        {
            name ??= "";
            if (_connections.TryGetValue(name, out var existing))
            {
                return existing;
            }
            var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync(ct).ConfigureAwait(false);
            _connections[name] = conn;
            if (freshSchema && !_schemaTried)
            {
                _schemaTried = true;
                string schema = "slt_" + Guid.NewGuid().ToString("N")[..12];
                try
                {
                    await Execute(conn, $"CREATE SCHEMA {schema}", ct).ConfigureAwait(false);
                    _schema = schema;
                }
                catch (PostgresException)
                {
                    // No CREATE SCHEMA (Tusk today): run in the default schema.
                }
            }
            if (_schema is not null)
            {
                await Execute(conn, $"SET search_path TO {_schema}", ct).ConfigureAwait(false);
            }
            return conn;
        }

        static async Task Execute(NpgsqlConnection conn, string sql, CancellationToken ct)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var c in _connections.Values)
            {
                await c.DisposeAsync().ConfigureAwait(false);
            }
            _connections.Clear();
            if (_schema is not null)
            {
                try
                {
                    await using var conn = new NpgsqlConnection(connectionString);
                    await conn.OpenAsync().ConfigureAwait(false);
                    await Execute(conn, $"DROP SCHEMA {_schema} CASCADE", CancellationToken.None).ConfigureAwait(false);
                }
                catch (NpgsqlException)
                {
                    // The server is gone or the schema could not be dropped; the throwaway cluster goes anyway.
                }
            }
        }
    }
}
