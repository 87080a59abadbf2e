// Token classes produced by the lexer, mirroring the terminal symbols of PostgreSQL's scan.l.
// Keywords are not a separate kind: an unquoted Identifier whose folded text is in Keywords is a keyword.
namespace Tusk.Sql.Parser;

/// <summary>Lexical class of a <see cref="Token"/>.</summary>
public enum TokenKind
{
    /// <summary>End of input; Location is the length of the text.</summary>
    EndOfInput,
    /// <summary>Unquoted identifier or keyword, folded to lower case (IDENT).</summary>
    Identifier,
    /// <summary>"Quoted" or U&amp;"quoted" identifier, case kept; never a keyword.</summary>
    QuotedIdentifier,
    /// <summary>String constant of any form; Text is the decoded value (SCONST).</summary>
    String,
    /// <summary>B'...' bit string; Text is the binary digits (BCONST).</summary>
    BitString,
    /// <summary>X'...' hex bit string; Text is the hex digits (XCONST).</summary>
    HexString,
    /// <summary>Integer literal that fits in int4 (ICONST); Text as written.</summary>
    Integer,
    /// <summary>Decimal, exponent or too-large integer literal (FCONST); Text as written.</summary>
    Decimal,
    /// <summary>$n parameter; Text is the number.</summary>
    Param,
    /// <summary>Any operator, including the single-character ones (+ - * / % ^ &lt; &gt; =) and &lt;= &gt;= &lt;&gt; =&gt;.</summary>
    Operator,
    Comma,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Dot,
    DotDot,
    Semicolon,
    Colon,
    /// <summary>:: (TYPECAST).</summary>
    Typecast,
    /// <summary>:= (COLON_EQUALS).</summary>
    ColonEquals,
}
