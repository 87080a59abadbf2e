// The options of COPY (copy.c ProcessCopyOptions): FORMAT text|csv (binary is refused for now), DELIMITER, NULL,
// HEADER (true/false/match), QUOTE, ESCAPE, FREEZE, ENCODING, FORCE_QUOTE, FORCE_NOT_NULL, FORCE_NULL — with
// PostgreSQL's defaults per format and its errors for conflicting or invalid values (42601, 22023, 0A000).
// Entry point: CopyOptions.Parse.
using Tusk.Common.Errors;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

/// <summary>Parsed COPY options.</summary>
public sealed class CopyOptions
{
    public bool Csv { get; private set; }
    public char Delimiter { get; private set; } = '\t';
    public string Null { get; private set; } = "\\N";
    public bool Header { get; private set; }
    public bool HeaderMatch { get; private set; }
    public char Quote { get; private set; } = '"';
    public char Escape { get; private set; } = '"';
    public bool Freeze { get; private set; }
    public bool ForceQuoteAll { get; private set; }
    public List<string> ForceQuote { get; } = [];
    public List<string> ForceNotNull { get; } = [];
    public List<string> ForceNull { get; } = [];

    public static CopyOptions Parse(List<DefElem> options, bool isFrom)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = new CopyOptions();
        var seen = new HashSet<string>();
        string? delimiter = null, nul = null, quote = null, escape = null;
        foreach (var d in options)
        {
            if (!seen.Add(d.Defname))
                Throw.Error(SqlState.SyntaxError, "conflicting or redundant options", position: d.Location + 1);
            switch (d.Defname)
            {
                case "format":
                    string f = Text(d);
                    if (f == "csv")
                        o.Csv = true;
                    else if (f == "binary")
                        Throw.Error(SqlState.FeatureNotSupported, "COPY format \"binary\" is not supported yet",
                            position: d.Location + 1);
                    else if (f != "text")
                        Throw.Error(SqlState.InvalidParameterValue, $"COPY format \"{f}\" not recognized",
                            position: d.Location + 1);
                    break;
                case "delimiter": delimiter = Text(d); break;
                case "null": nul = Text(d); break;
                case "quote": quote = Text(d); break;
                case "escape": escape = Text(d); break;
                case "header":
                    if (d.Arg is A_Const { Kind: ConstKind.String or ConstKind.Bool } hc && hc.Text is "match")
                    {
                        if (!isFrom)
                            Throw.Error(SqlState.FeatureNotSupported, "cannot use \"match\" with HEADER in COPY TO",
                                position: d.Location + 1);
                        o.Header = o.HeaderMatch = true;
                    }
                    else
                    {
                        o.Header = Bool(d);
                    }
                    break;
                case "freeze": o.Freeze = Bool(d); break;
                case "encoding":
                    if (!string.Equals(Text(d).Replace("-", "", StringComparison.Ordinal), "utf8",
                            StringComparison.OrdinalIgnoreCase))
                        Throw.Error(SqlState.FeatureNotSupported, "COPY ENCODING other than UTF8 is not supported yet",
                            position: d.Location + 1);
                    break;
                case "force_quote":
                    if (d.Arg is A_Const { Text: "*" })
                        o.ForceQuoteAll = true;
                    else
                        o.ForceQuote.AddRange(Names(d));
                    break;
                case "force_not_null": o.ForceNotNull.AddRange(Names(d)); break;
                case "force_null": o.ForceNull.AddRange(Names(d)); break;
                default:
                    Throw.Error(SqlState.SyntaxError, $"option \"{d.Defname}\" not recognized", position: d.Location + 1);
                    break;
            }
        }
        if (o.Csv)
        {
            o.Delimiter = ',';
            o.Null = "";
        }
        if (delimiter != null)
        {
            if (delimiter.Length != 1)
                Throw.Error(SqlState.FeatureNotSupported, "COPY delimiter must be a single one-byte character");
            o.Delimiter = delimiter[0];
        }
        if (nul != null)
            o.Null = nul;
        if (!o.Csv && (quote != null || escape != null))
            Throw.Error(SqlState.FeatureNotSupported, quote != null ? "COPY quote available only in CSV mode"
                : "COPY escape available only in CSV mode");
        if (quote != null)
        {
            if (quote.Length != 1)
                Throw.Error(SqlState.FeatureNotSupported, "COPY quote must be a single one-byte character");
            o.Quote = quote[0];
        }
        o.Escape = escape != null
            ? escape.Length == 1 ? escape[0]
                : Throw.Error<char>(SqlState.FeatureNotSupported, "COPY escape must be a single one-byte character")
            : o.Quote;
        if (o.Delimiter is '\r' or '\n')
            Throw.Error(SqlState.InvalidParameterValue, "COPY delimiter cannot be newline or carriage return");
        if (o.Null.Contains('\r') || o.Null.Contains('\n'))
            Throw.Error(SqlState.InvalidParameterValue, "COPY null representation cannot use newline or carriage return");
        if (!o.Csv && o.Delimiter == '\\')
            Throw.Error(SqlState.FeatureNotSupported, "COPY delimiter cannot be \"\\\"");
        if (o.Csv && o.Null.Contains(o.Delimiter))
            Throw.Error(SqlState.FeatureNotSupported, "COPY delimiter must not appear in the NULL specification");
        if (o.Csv && o.Delimiter == o.Quote)
            Throw.Error(SqlState.FeatureNotSupported, "COPY delimiter and quote must be different");
        if (!o.Csv && (o.ForceQuoteAll || o.ForceQuote.Count > 0))
            Throw.Error(SqlState.FeatureNotSupported, "COPY force quote available only in CSV mode");
        if ((o.ForceQuoteAll || o.ForceQuote.Count > 0) && isFrom)
            Throw.Error(SqlState.FeatureNotSupported, "COPY force quote only available using COPY TO");
        if (!o.Csv && (o.ForceNotNull.Count > 0 || o.ForceNull.Count > 0))
            Throw.Error(SqlState.FeatureNotSupported, "COPY force not null available only in CSV mode");
        if ((o.ForceNotNull.Count > 0 || o.ForceNull.Count > 0) && !isFrom)
            Throw.Error(SqlState.FeatureNotSupported, "COPY force not null only available using COPY FROM");
        return o;
    }

    static string Text(DefElem d) => d.Arg switch
    {
        A_Const c when c.Text != null => c.Text,
        NameList n when n.Names.Count == 1 => n.Names[0],
        _ => Throw.Error<string>(SqlState.SyntaxError, $"{d.Defname} requires a string value", position: d.Location + 1),
    };

    /// <summary>define.c's defGetBoolean (also for EXPLAIN's options): no argument, true/false/on/off or 1/0.</summary>
    internal static bool Bool(DefElem d)
    {
        if (d.Arg == null)
            return true;
        string v = Text(d).ToLowerInvariant();
        return v switch
        {
            "true" or "on" or "1" => true,
            "false" or "off" or "0" => false,
            _ => Throw.Error<bool>(SqlState.SyntaxError, $"{d.Defname} requires a Boolean value",
                position: d.Location + 1),
        };
    }

    static List<string> Names(DefElem d) => d.Arg is NameList n ? n.Names : [];
}
