// Lexer: every literal form, identifiers, operators, comments, offsets and lexical errors.
using Tusk.Common.Errors;
using Tusk.Sql.Parser;
using Xunit;

namespace Tusk.Sql.Tests;

public class LexerTests
{
    static List<Token> Lex(string s) => Lexer.Tokenize(s);

    static Token One(string s)
    {
        var t = Lex(s);
        Assert.Equal(2, t.Count);
        return t[0];
    }

    static PgException Fails(string s) => Assert.Throws<PgException>(() => Lexer.Tokenize(s));

    [Theory]
    [InlineData("FooBar", "foobar")]
    [InlineData("_x$1", "_x$1")]
    [InlineData("Été", "Été")]
    public void Identifiers_fold_ascii_only(string src, string text)
    {
        var t = One(src);
        Assert.Equal(TokenKind.Identifier, t.Kind);
        Assert.Equal(text, t.Text);
    }

    [Fact]
    public void Quoted_identifier_keeps_case_and_unescapes()
    {
        var t = One("\"Fo\"\"o\"");
        Assert.Equal(TokenKind.QuotedIdentifier, t.Kind);
        Assert.Equal("Fo\"o", t.Text);
    }

    [Fact]
    public void Long_identifier_truncated_to_63_bytes()
    {
        Assert.Equal(new string('a', 63), One(new string('A', 70)).Text);
        Assert.Equal(31, One(new string((char)0xE9, 40)).Text.Length); // 2 bytes each
    }

    [Theory]
    [InlineData("'it''s'", "it's")]
    [InlineData("'a\\nb'", "a\\nb")]
    [InlineData("E'a\\nb\\x41\\101\\t'", "a\nbAA\t")]
    [InlineData("e'\\''", "'")]
    [InlineData("E'\\u00e9\\U0001F600'", "é\U0001F600")]
    [InlineData("$$a'b$$", "a'b")]
    [InlineData("$x$q$$x$", "q$")]
    [InlineData("U&'\\0041b'", "Ab")]
    [InlineData("U&'d!0061t!+000061' UESCAPE '!'", "data")]
    [InlineData("u&'\\\\'", "\\")]
    [InlineData("N'nat'", "nat")]
    public void String_forms(string src, string value)
    {
        var t = One(src);
        Assert.Equal(TokenKind.String, t.Kind);
        Assert.Equal(value, t.Text);
    }

    [Fact]
    public void Adjacent_strings_with_newline_concatenate()
    {
        var t = One("'a'\n  'b'");
        Assert.Equal("ab", t.Text);
        var two = Lex("'a' 'b'");
        Assert.Equal(3, two.Count); // without a newline they are two tokens (a syntax error later)
    }

    [Fact]
    public void Bit_strings()
    {
        Assert.Equal((TokenKind.BitString, "0101"), (One("B'0101'").Kind, One("B'0101'").Text));
        Assert.Equal((TokenKind.HexString, "1F"), (One("x'1F'").Kind, One("x'1F'").Text));
        Assert.Equal("42601", Fails("b'012'").SqlState);
    }

    [Theory]
    [InlineData("42", TokenKind.Integer)]
    [InlineData("2147483648", TokenKind.Decimal)]
    [InlineData("1.5", TokenKind.Decimal)]
    [InlineData(".5", TokenKind.Decimal)]
    [InlineData("5.", TokenKind.Decimal)]
    [InlineData("1e3", TokenKind.Decimal)]
    [InlineData("1.5E-3", TokenKind.Decimal)]
    public void Numbers(string src, TokenKind kind)
    {
        var t = One(src);
        Assert.Equal(kind, t.Kind);
        Assert.Equal(src, t.Text);
    }

    [Fact]
    public void Number_then_dot_number()
    {
        var t = Lex("1.2.3");
        Assert.Equal("1.2", t[0].Text);
        Assert.Equal(".3", t[1].Text);
        Assert.Equal(3, t[1].Location);
    }

    [Fact]
    public void Trailing_junk_errors()
    {
        var e = Fails("select 123abc;");
        Assert.Equal("42601", e.SqlState);
        Assert.Equal("trailing junk after numeric literal at or near \"123abc\"", e.Message);
        Assert.Equal(8, e.Position);
        Assert.Equal("trailing junk after parameter at or near \"$1abc\"", Fails("select $1abc").Message);
    }

    [Fact]
    public void Parameters()
    {
        var t = One("$12");
        Assert.Equal(TokenKind.Param, t.Kind);
        Assert.Equal("12", t.Text);
    }

    [Theory]
    [InlineData("a+-b", new[] { "a", "+", "-", "b" })]
    [InlineData("a@-b", new[] { "a", "@-", "b" })]
    [InlineData("a<>b", new[] { "a", "<>", "b" })]
    [InlineData("a!=b", new[] { "a", "<>", "b" })]
    [InlineData("a>=b", new[] { "a", ">=", "b" })]
    [InlineData("a::int", new[] { "a", "::", "int" })]
    [InlineData("a:=b", new[] { "a", ":=", "b" })]
    [InlineData("x=>y", new[] { "x", "=>", "y" })]
    [InlineData("a*-1", new[] { "a", "*", "-", "1" })]
    [InlineData("1 +/* c */2", new[] { "1", "+", "2" })]
    [InlineData("1 --c\n+ 1", new[] { "1", "+", "1" })]
    [InlineData("a ~~* b", new[] { "a", "~~*", "b" })]
    public void Operators(string src, string[] texts)
    {
        var toks = Lex(src);
        Assert.Equal(texts, toks.Take(toks.Count - 1).Select(t => t.Text).ToArray());
    }

    [Fact]
    public void Nested_comments_and_locations()
    {
        var t = Lex("/* a /* b */ c */ select  x -- tail");
        Assert.Equal("select", t[0].Text);
        Assert.Equal(18, t[0].Location);
        Assert.Equal(26, t[1].Location);
        Assert.Equal(TokenKind.EndOfInput, t[2].Kind);
    }

    [Theory]
    [InlineData("select /* abc", "unterminated /* comment at or near \"/* abc\"", 8)]
    [InlineData("select 'abc", "unterminated quoted string at or near \"'abc\"", 8)]
    [InlineData("SELECT $$abc", "unterminated dollar-quoted string at or near \"$$abc\"", 8)]
    [InlineData("select \"\"", "zero-length delimited identifier at or near \"\"\"\"", 8)]
    [InlineData("select \"ab", "unterminated quoted identifier at or near \"\"ab\"", 8)]
    public void Lexical_errors(string src, string message, int position)
    {
        var e = Fails(src);
        Assert.Equal("42601", e.SqlState);
        Assert.Equal(message, e.Message);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void Invalid_unicode_escape()
    {
        var e = Fails("select U&'\\00zz'");
        Assert.Equal("invalid Unicode escape", e.Message);
        Assert.Equal(11, e.Position);
        Assert.Equal("22021", Fails("select e'\\xff'").SqlState);
    }

    [Fact]
    public void Backslash_is_escape_without_standard_conforming_strings()
    {
        var t = Lexer.Tokenize("'a\\nb'", standardConformingStrings: false);
        Assert.Equal("a\nb", t[0].Text);
    }
}
