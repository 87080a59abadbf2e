// Column names inside stored expression text (CHECK constraints and defaults are kept as SQL source, not as node
// trees with attnums as in PostgreSQL). A column reference is an identifier token spelling the column that is not
// a function or table name (followed by "(" or ".") and not a type name (after "::"); a qualified t.col counts too. Used to name
// CHECK constraints (table_column_check), to drop the ones that use a dropped column, and to rename a column
// inside them. Entry points: ExprText.References, ExprText.RenameColumn.
using System.Text;
using Tusk.Executor.Functions;
using Tusk.Sql.Parser;

namespace Tusk.Executor.Commands;

internal static class ExprText
{
    /// <summary>True if <paramref name="expr"/> refers to column <paramref name="column"/>.</summary>
    public static bool References(string expr, string column) => ColumnTokens(expr, column).Any();

    /// <summary>The expression with every reference to <paramref name="old"/> spelled as <paramref name="newName"/>.</summary>
    public static string RenameColumn(string expr, string old, string newName)
    {
        var sb = new StringBuilder();
        int at = 0;
        foreach (var t in ColumnTokens(expr, old))
        {
            sb.Append(expr, at, t.Location - at).Append(FunctionCatalog.QuoteIdent(newName));
            at = t.End;
        }
        return sb.Append(expr, at, expr.Length - at).ToString();
    }

    static IEnumerable<Token> ColumnTokens(string expr, string column)
    {
        var tokens = Lexer.Tokenize(expr);
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier) || t.Text != column)
                continue;
            if (i + 1 < tokens.Count && tokens[i + 1].Kind is TokenKind.LeftParen or TokenKind.Dot)
                continue;
            if (i > 0 && tokens[i - 1].Kind == TokenKind.Typecast)
                continue;
            yield return t;
        }
    }
}
