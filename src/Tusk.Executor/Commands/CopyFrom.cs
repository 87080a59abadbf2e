// COPY table FROM (copyfrom.c + copyfromparse.c): data arrives in chunks of any size (CopyData messages or a
// file), is cut into records — text format: one line per record, a raw newline always ends it; CSV: newlines
// inside quotes belong to the field — and each record into fields: text format with backslash escapes (\N is
// NULL unless NULL says otherwise, \t \n \\ \ooo \xhh ...), CSV with quotes, the escape character and unquoted
// NULL strings; FORCE_NOT_NULL / FORCE_NULL adjust that per column. A line "\." ends the data. Fields go
// through the column types' input (with typmod), columns not listed take their DEFAULT, every row passes NOT
// NULL and CHECK, and rows are written in batches with one WAL record per page (heap_multi_insert).
// Errors carry PostgreSQL's CONTEXT ("COPY t, line 3, column b: "x""). Entry points: new CopyFrom, Feed, Finish.
using System.Text;
using Tusk.Access.Common;
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Analysis;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Tusk.Executor.Nodes;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public sealed class CopyFrom
{
    const int BatchRows = 1000;
    const int BatchBytes = 1 << 20;

    readonly ISessionContext _ctx;
    readonly Relation _rel;
    readonly CopyOptions _opts;
    readonly int[] _columns;
    readonly bool[] _forceNotNull;
    readonly bool[] _forceNull;
    readonly BoundExpr?[] _defaults;
    readonly TargetRow _target;
    readonly EvalContext _ec;
    readonly List<byte[]> _batch = [];
    byte[] _buf = new byte[64 * 1024];
    int _start;
    int _end;
    int _batchBytes;
    long _line;
    long _rows;
    bool _ended;
    bool _headerPending;
    uint _xid;

    public CopyFrom(CopyStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        _ctx = ctx;
        _opts = CopyOptions.Parse(s.Options, isFrom: true);
        _rel = InsertAnalysis.OpenTarget(s.Relation!, ctx);
        if (_rel.Persistence != 't')
            ctx.Xact.PreventCommandIfReadOnly("COPY FROM");
        _columns = CopyTo.ColumnList(_rel, s.Attlist);
        _forceNotNull = Flags(_opts.ForceNotNull, "FORCE_NOT_NULL");
        _forceNull = Flags(_opts.ForceNull, "FORCE_NULL");
        _defaults = new BoundExpr?[_rel.Columns.Length];
        for (int i = 0; i < _defaults.Length; i++)
        {
            if (Array.IndexOf(_columns, i) < 0)
                _defaults[i] = InsertAnalysis.BindDefault(_rel, _rel.Columns[i], ctx);
        }
        _target = TargetRow.For(_rel, ctx);
        _ec = new EvalContext([], ctx);
        _headerPending = _opts.Header;
    }

    /// <summary>Number of columns the data has (CopyInResponse).</summary>
    public int ColumnCount => _columns.Length;

    public long Rows => _rows;

    bool[] Flags(List<string> names, string option)
    {
        var flags = new bool[_columns.Length];
        foreach (var n in names)
        {
            int i = Array.FindIndex(_columns, c => _rel.Columns[c].Name == n);
            if (i < 0)
                Throw.Error(SqlState.InvalidColumnReference, $"{option} column \"{n}\" not referenced by COPY");
            flags[i] = true;
        }
        return flags;
    }

    /// <summary>Takes the next chunk of data; complete records in it are loaded.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        if (_ended)
            return;
        if (_end + data.Length > _buf.Length)
        {
            int live = _end - _start;
            var nb = _buf.Length >= live + data.Length ? _buf : new byte[Math.Max(_buf.Length * 2, live + data.Length)];
            Buffer.BlockCopy(_buf, _start, nb, 0, live);
            _buf = nb;
            _start = 0;
            _end = live;
        }
        data.CopyTo(_buf.AsSpan(_end));
        _end += data.Length;
        Process(final: false);
    }

    /// <summary>End of data: the last record (without a newline) is loaded and the batch written. Returns the row count.</summary>
    public long Finish()
    {
        Process(final: true);
        Flush();
        return _rows;
    }

    void Process(bool final)
    {
        while (!_ended && _start < _end)
        {
            int len = FindRecordEnd(out int next, final);
            if (len < 0)
                return;
            string record = Encoding.UTF8.GetString(_buf, _start, len);
            _start = next;
            if (record.EndsWith('\r'))
                record = record[..^1];
            _line++;
            if (record == "\\.")
            {
                _ended = true;
                return;
            }
            if (_headerPending)
            {
                _headerPending = false;
                if (_opts.HeaderMatch)
                    MatchHeader(record);
                continue;
            }
            LoadRecord(record);
        }
    }

    /// <summary>Length of the next complete record from _start (and where the one after starts), or -1.</summary>
    int FindRecordEnd(out int next, bool final)
    {
        bool inQuote = false;
        byte quote = (byte)_opts.Quote, escape = (byte)_opts.Escape;
        for (int i = _start; i < _end; i++)
        {
            byte b = _buf[i];
            if (_opts.Csv)
            {
                if (inQuote && b == escape && escape != quote)
                {
                    i++;
                    continue;
                }
                if (b == quote)
                {
                    if (inQuote && escape == quote && i + 1 < _end && _buf[i + 1] == quote)
                    {
                        i++;
                        continue;
                    }
                    if (inQuote && escape == quote && i + 1 >= _end && !final)
                        break; // a doubled quote may be split across chunks
                    inQuote = !inQuote;
                    continue;
                }
                if (inQuote)
                    continue;
            }
            if (b == (byte)'\n')
            {
                next = i + 1;
                return i - _start;
            }
        }
        next = _end;
        if (!final)
            return -1;
        if (inQuote)
        {
            _line++;
            Throw.Error(SqlState.BadCopyFileFormat, "unterminated CSV quoted field", context: LineContext(
                Encoding.UTF8.GetString(_buf, _start, _end - _start)));
        }
        return _end - _start;
    }

    string LineContext(string record) => $"COPY {_rel.Name}, line {_line}: \"{Truncate(record)}\"";

    static string Truncate(string s) => s.Length > 100 ? s[..100] + "..." : s;

    void MatchHeader(string record)
    {
        var names = _opts.Csv ? SplitCsv(record) : SplitText(record);
        if (names.Count != _columns.Length)
            Throw.Error(SqlState.BadCopyFileFormat, "wrong number of fields in header line: field count is "
                + $"{names.Count}, expected {_columns.Length}", context: LineContext(record));
        for (int i = 0; i < names.Count; i++)
        {
            string expected = _rel.Columns[_columns[i]].Name;
            if (names[i].Value != expected)
                Throw.Error(SqlState.BadCopyFileFormat,
                    $"column name mismatch in header line field {i + 1}: got \"{names[i].Value}\", expected \"{expected}\"",
                    context: LineContext(record));
        }
    }

    void LoadRecord(string record)
    {
        var fields = _opts.Csv ? SplitCsv(record) : SplitText(record);
        if (fields.Count > _columns.Length)
            Throw.Error(SqlState.BadCopyFileFormat, "extra data after last expected column", context: LineContext(record));
        if (fields.Count < _columns.Length && !(fields.Count == 0 && _columns.Length == 0))
            Throw.Error(SqlState.BadCopyFileFormat,
                $"missing data for column \"{_rel.Columns[_columns[fields.Count]].Name}\"",
                context: LineContext(record));
        var full = new Datum[_rel.Columns.Length];
        for (int i = 0; i < full.Length; i++)
            full[i] = _defaults[i]?.Eval(_ec) ?? Datum.Null(_rel.Columns[i].Type);
        for (int k = 0; k < _columns.Length; k++)
        {
            var col = _rel.Columns[_columns[k]];
            var (value, isNull) = fields[k];
            if (isNull && _forceNotNull[k])
                (value, isNull) = (_opts.Null, false);
            else if (!isNull && _forceNull[k] && value == _opts.Null)
                isNull = true;
            if (isNull)
            {
                full[_columns[k]] = Datum.Null(col.Type);
                continue;
            }
            try
            {
                full[_columns[k]] = Casts.Cast(Datum.FromText(value!, TypeOid.Unknown), col.Type, col.TypMod,
                    _ctx.Output, explicitCast: false);
            }
            catch (PgException e)
            {
                throw e.WithContext($"COPY {_rel.Name}, line {_line}, column {col.Name}: \"{Truncate(value!)}\"");
            }
        }
        try
        {
            _target.Check(full, _ec);
        }
        catch (PgException e)
        {
            throw e.WithContext(LineContext(record));
        }
        var tuple = HeapTuple.Form(_rel.Desc, StorageForm.Convert(_rel, full));
        _batch.Add(tuple);
        _batchBytes += tuple.Length;
        _rows++;
        if (_batch.Count >= BatchRows || _batchBytes >= BatchBytes)
            Flush();
        _ctx.CheckForInterrupts();
    }

    void Flush()
    {
        if (_batch.Count == 0)
            return;
        if (_xid == 0)
        {
            _xid = _ctx.Xact.GetCurrentTransactionId();
            _ctx.Xact.MarkCommandUsed();
        }
        _rel.Heap.MultiInsertTuples(_batch, _xid, _ctx.Xact.CommandId);
        _batch.Clear();
        _batchBytes = 0;
    }

    /// <summary>Text format fields: split at unescaped delimiters; the raw field equal to NULL is NULL.</summary>
    List<(string? Value, bool IsNull)> SplitText(string line)
    {
        var fields = new List<(string?, bool)>();
        if (line.Length == 0 && _columns.Length == 0)
            return fields;
        int start = 0;
        for (int i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] == '\\')
            {
                i++;
                continue;
            }
            if (i == line.Length || line[i] == _opts.Delimiter)
            {
                string raw = line[start..Math.Min(i, line.Length)];
                fields.Add(raw == _opts.Null ? (null, true) : (Unescape(raw), false));
                start = i + 1;
            }
        }
        return fields;
    }

    static string Unescape(string raw)
    {
        if (!raw.Contains('\\'))
            return raw;
        var sb = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c != '\\' || i + 1 >= raw.Length)
            {
                sb.Append(c);
                continue;
            }
            char n = raw[++i];
            switch (n)
            {
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case >= '0' and <= '7':
                {
                    int v = n - '0';
                    for (int k = 0; k < 2 && i + 1 < raw.Length && raw[i + 1] is >= '0' and <= '7'; k++)
                        v = v * 8 + (raw[++i] - '0');
                    sb.Append((char)v);
                    break;
                }
                case 'x' when i + 1 < raw.Length && Uri.IsHexDigit(raw[i + 1]):
                {
                    int v = Convert.ToInt32(raw[++i].ToString(), 16);
                    if (i + 1 < raw.Length && Uri.IsHexDigit(raw[i + 1]))
                        v = v * 16 + Convert.ToInt32(raw[++i].ToString(), 16);
                    sb.Append((char)v);
                    break;
                }
                default: sb.Append(n); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>CSV fields: quotes group, the escape character escapes a quote inside them; unquoted NULL is NULL.</summary>
    List<(string? Value, bool IsNull)> SplitCsv(string line)
    {
        var fields = new List<(string?, bool)>();
        if (line.Length == 0 && _columns.Length <= 1)
        {
            if (_columns.Length == 1)
                fields.Add(_opts.Null.Length == 0 ? (null, true) : ("", false));
            return fields;
        }
        var sb = new StringBuilder();
        bool quoted = false;
        int i = 0;
        while (true)
        {
            sb.Clear();
            quoted = false;
            bool inQuote = false;
            for (; i < line.Length; i++)
            {
                char c = line[i];
                if (inQuote)
                {
                    if (c == _opts.Escape && i + 1 < line.Length && (line[i + 1] == _opts.Quote || line[i + 1] == _opts.Escape)
                        && (_opts.Escape != _opts.Quote || line[i + 1] == _opts.Quote))
                    {
                        sb.Append(line[++i]);
                        continue;
                    }
                    if (c == _opts.Quote)
                    {
                        inQuote = false;
                        continue;
                    }
                    sb.Append(c);
                    continue;
                }
                if (c == _opts.Delimiter)
                    break;
                if (c == _opts.Quote)
                {
                    inQuote = true;
                    quoted = true;
                    continue;
                }
                sb.Append(c);
            }
            string value = sb.ToString();
            fields.Add(!quoted && value == _opts.Null ? (null, true) : (value, false));
            if (i >= line.Length)
                break;
            i++; // past the delimiter
        }
        return fields;
    }
}
