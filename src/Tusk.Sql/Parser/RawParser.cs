// Public entry point of the SQL parser (parser.c's raw_parser): text in, one RawStmt per statement out.
// The whole string is lexed and parsed before anything runs, so a syntax error anywhere fails all of it, as
// in PostgreSQL. Errors are PgException 42601 (syntax) or 0A000 (valid SQL Tusk does not handle yet).
using Tusk.Sql.Nodes;

namespace Tusk.Sql.Parser;

/// <summary>Parses SQL text into raw statements.</summary>
public static class RawParser
{
    /// <summary>
    /// Parses every statement of <paramref name="sql"/> (split on top-level semicolons; empty statements are
    /// dropped, so blank text gives an empty list). <paramref name="escapeStringWarning"/> receives the lexer's
    /// escape_string_warning WARNINGs (see <see cref="Lexer"/>); null when that setting is off.
    /// </summary>
    public static List<RawStmt> Parse(string sql, bool standardConformingStrings = true,
        Action<Tusk.Common.Errors.PgException>? escapeStringWarning = null)
    {
        var tokens = Lexer.Tokenize(sql, standardConformingStrings, escapeStringWarning);
        return new SqlParser(sql, tokens).ParseStatements();
    }

    /// <summary>Parses a standalone expression (for tests and defaults); the whole text must be one expression.</summary>
    public static Node ParseExpression(string sql)
    {
        var tokens = Lexer.Tokenize(sql);
        return new SqlParser(sql, tokens).ParseStandaloneExpression();
    }
}
