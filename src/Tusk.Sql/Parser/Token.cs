// One lexical token with its 0-based character offsets in the query text (Location inclusive, End exclusive).
// Text holds the token's value: folded identifier, decoded string, number as written, or operator text.
namespace Tusk.Sql.Parser;

/// <summary>A token of the SQL text.</summary>
public readonly record struct Token(TokenKind Kind, string Text, int Location, int End)
{
    /// <summary>True for an unquoted identifier spelling <paramref name="keyword"/> (lower case).</summary>
    public bool Is(string keyword) => Kind == TokenKind.Identifier && Text == keyword;

    /// <summary>True for an operator token with exactly this text.</summary>
    public bool IsOp(string op) => Kind == TokenKind.Operator && Text == op;

    /// <summary>The keyword category, or null for a plain identifier or any other token.</summary>
    public KeywordCategory? Keyword => Kind == TokenKind.Identifier ? Keywords.Category(Text) : null;
}
