// COPY table|(query) TO (copyto.c): rows of a table (the listed columns, or all) or of a query, formatted one
// line each — text format with backslash escapes and NULL as \N (or the NULL option), CSV with quoting where a
// value contains the delimiter, the quote, a newline or a carriage return, or equals the NULL string, or its
// column is in FORCE_QUOTE — with an optional header line of column names. Entry points: new CopyTo, Lines.
using System.Text;
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Nodes;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public sealed class CopyTo
{
    readonly ISessionContext _ctx;
    readonly CopyOptions _opts;
    readonly ResultColumn[] _columns;
    readonly Func<IEnumerable<Datum[]>> _rows;
    readonly bool[] _forceQuote;

    public CopyTo(CopyStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        _ctx = ctx;
        _opts = CopyOptions.Parse(s.Options, isFrom: false);
        if (s.Query != null)
        {
            if (s.Query is not SelectStmt select)
                throw Throw.Error<Exception>(SqlState.FeatureNotSupported,
                    "COPY (INSERT/UPDATE/DELETE ... RETURNING) TO is not supported yet");
            var plan = Planner.PlanSelect(select, [], ctx);
            _columns = plan.Columns;
            _rows = () => plan.Execute([], ctx);
        }
        else
        {
            var rel = ctx.FindTable(s.Relation!.Schema, s.Relation.Name) ?? Throw.Error<Relation>(SqlState.UndefinedTable,
                $"relation \"{s.Relation.Name}\" does not exist");
            if (rel.Kind != RelKind.Table)
                Throw.Error(SqlState.WrongObjectType, $"cannot copy from {KindNoun(rel.Kind)} \"{rel.Name}\"",
                    hint: rel.Kind == RelKind.View ? "Try the COPY (SELECT ...) TO variant." : null);
            var view = new TableView(rel, ctx);
            var cols = ColumnList(rel, s.Attlist);
            // TableView's columns are the live ones in order; map the chosen attributes onto them.
            var live = rel.Columns.Select((c, i) => (c, i)).Where(x => !x.c.IsDropped).Select(x => x.i).ToList();
            var pick = cols.Select(c => live.IndexOf(c)).ToArray();
            _columns = pick.Select(p => view.Columns[p]).ToArray();
            _rows = () => view.Scan().Select(r => pick.Select(p => r[p]).ToArray());
        }
        _forceQuote = _columns.Select(c => _opts.ForceQuoteAll || _opts.ForceQuote.Contains(c.Name)).ToArray();
        foreach (var n in _opts.ForceQuote)
            if (!_columns.Any(c => c.Name == n))
                Throw.Error(SqlState.InvalidColumnReference, $"FORCE_QUOTE column \"{n}\" not referenced by COPY");
    }

    static string KindNoun(char kind) => kind switch
    {
        RelKind.View => "view",
        RelKind.Sequence => "sequence",
        RelKind.MatView => "materialized view",
        _ => "relation",
    };

    public int ColumnCount => _columns.Length;

    /// <summary>Rows written so far (the header line not counted).</summary>
    public long Rows { get; private set; }

    /// <summary>The attribute indexes of a COPY column list (all live columns when empty): 42703, 42701.</summary>
    public static int[] ColumnList(Relation rel, List<string> names)
    {
        ArgumentNullException.ThrowIfNull(rel);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
            return rel.Columns.Select((c, i) => (c, i)).Where(x => !x.c.IsDropped).Select(x => x.i).ToArray();
        var list = new List<int>();
        foreach (var n in names)
        {
            int i = rel.ColumnIndex(n);
            if (i < 0)
                Throw.Error(SqlState.UndefinedColumn, $"column \"{n}\" of relation \"{rel.Name}\" does not exist");
            if (list.Contains(i))
                Throw.Error(SqlState.DuplicateColumn, $"column \"{n}\" specified more than once");
            list.Add(i);
        }
        return [.. list];
    }

    /// <summary>The output, one line (with its newline) per row, the header first if asked for.</summary>
    public IEnumerable<string> Lines()
    {
        var sb = new StringBuilder();
        if (_opts.Header)
        {
            for (int i = 0; i < _columns.Length; i++)
            {
                if (i > 0)
                    sb.Append(_opts.Delimiter);
                Append(sb, _columns[i].Name, false);
            }
            sb.Append('\n');
            yield return sb.ToString();
        }
        foreach (var row in _rows())
        {
            _ctx.CheckForInterrupts();
            sb.Clear();
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0)
                    sb.Append(_opts.Delimiter);
                if (row[i].IsNull)
                    sb.Append(_opts.Null);
                else
                    Append(sb, TypeIO.ToText(row[i], _ctx.Output), _forceQuote[i]);
            }
            sb.Append('\n');
            Rows++;
            yield return sb.ToString();
        }
    }

    void Append(StringBuilder sb, string v, bool forceQuote)
    {
        if (_opts.Csv)
        {
            bool quote = forceQuote || v == _opts.Null || v.Contains(_opts.Delimiter) || v.Contains(_opts.Quote)
                || v.Contains('\n') || v.Contains('\r') || (v.Length > 0 && v == "\\.");
            if (!quote)
            {
                sb.Append(v);
                return;
            }
            sb.Append(_opts.Quote);
            foreach (char c in v)
            {
                if (c == _opts.Quote || c == _opts.Escape)
                    sb.Append(_opts.Escape);
                sb.Append(c);
            }
            sb.Append(_opts.Quote);
            return;
        }
        foreach (char c in v)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (c == _opts.Delimiter)
                        sb.Append('\\');
                    sb.Append(c);
                    break;
            }
        }
    }
}
