// regclass (regproc.c regclassin / regclassout): a relation's OID that reads and prints as its name. Input takes a
// possibly qualified name, double-quoted parts kept as written and the others folded to lower case, looked up
// through search_path (42P01 when nothing is visible), or a plain number (taken as the OID). A value made here
// carries its display name for output: the bare name when search_path finds that relation under it, else
// schema.name; an OID naming no relation prints as the number.
// Entry points: RegClass.In, RegClass.FromOid, RegClass.ParseName.
using System.Text;
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static class RegClass
{
    /// <summary>regclassin.</summary>
    public static Datum In(string text, ISessionContext ctx)
    {
        string t = text.Trim();
        if (t.Length > 0 && t.All(char.IsAsciiDigit))
            return FromOid((uint)NumberIO.ParseInteger(t, 0, uint.MaxValue, "oid"), ctx);
        var names = ParseName(t);
        if (names.Count > 3)
            Throw.Error(SqlState.SyntaxError, $"improper relation name (too many dotted names): {text}");
        if (names.Count == 3 && names[0] != ctx.DatabaseName)
            Throw.Error(SqlState.FeatureNotSupported,
                $"cross-database references are not implemented: {string.Join('.', names)}");
        string name = names[^1];
        string? schema = names.Count > 1 ? names[^2] : null;
        uint oid = ctx.Catalog.RelnameGetRelid(schema, name);
        if (oid == 0)
            Throw.Error(SqlState.UndefinedTable,
                $"relation \"{Commands.TableCommands.QualifiedName(schema, name)}\" does not exist");
        return FromOid(oid, ctx);
    }

    /// <summary>A regclass value for <paramref name="oid"/>, carrying regclassout's text when the relation exists.</summary>
    public static Datum FromOid(uint oid, ISessionContext ctx)
    {
        var rel = oid == 0 ? null : ctx.Catalog.GetRelation(oid);
        if (rel == null)
            return Datum.FromRegclass(oid, null);
        string name = FunctionCatalog.QuoteIdent(rel.Name);
        if (ctx.Catalog.RelnameGetRelid(null, rel.Name) != oid)
            name = FunctionCatalog.QuoteIdent(ctx.Catalog.NamespaceName(rel.NamespaceOid) ?? "") + "." + name;
        return Datum.FromRegclass(oid, name);
    }

    /// <summary>
    /// stringToQualifiedNameList: dot-separated names, each either double-quoted ("" for a quote inside, case
    /// kept) or bare (folded to lower case); 42602 "invalid name syntax" otherwise.
    /// </summary>
    public static List<string> ParseName(string s)
    {
        var names = new List<string>();
        int i = 0;
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i]))
                i++;
            var sb = new StringBuilder();
            if (i < s.Length && s[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= s.Length)
                        InvalidName();
                    if (s[i] == '"')
                    {
                        if (i + 1 < s.Length && s[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.Append(s[i++]);
                }
                if (sb.Length == 0)
                    InvalidName();
            }
            else
            {
                while (i < s.Length && s[i] != '.' && !char.IsWhiteSpace(s[i]) && s[i] != '"')
                    sb.Append(char.ToLowerInvariant(s[i++]));
                if (sb.Length == 0)
                    InvalidName();
            }
            names.Add(Sql.Parser.Lexer.Truncate(sb.ToString()));
            while (i < s.Length && char.IsWhiteSpace(s[i]))
                i++;
            if (i == s.Length)
                return names;
            if (s[i] != '.')
                InvalidName();
            i++;
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void InvalidName() => Throw.Error("42602", "invalid name syntax");
}
