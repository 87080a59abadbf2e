// The SQL lexer (PostgreSQL 15's scan.l by hand): identifiers, keywords, every string constant form, numbers,
// operators, parameters and comments. Works on UTF-16 chars; every token carries its 0-based char offsets.
// Lexical errors are PgException 42601 "<message> at or near "<text>"" with a 1-based Position, as in PG.
// With standard_conforming_strings off, '...' takes backslash escapes and escape_string_warning's WARNINGs go to an
// optional callback (they never stop the scan).
// Entry points: Tokenize(sql) for the whole text, or new Lexer(sql) and Next() one token at a time.
using System.Globalization;
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Sql.Parser;

/// <summary>Splits SQL text into <see cref="Token"/>s.</summary>
public sealed class Lexer
{
    /// <summary>NAMEDATALEN - 1: identifiers are truncated to this many UTF-8 bytes.</summary>
    public const int MaxIdentifierBytes = 63;

    const string OpChars = "~!@#^&|`?+-*/%<>=";
    const string NonSplitOpChars = "~!@#^&|`?%";

    readonly string _s;
    readonly bool _standardStrings;
    readonly Action<PgException>? _warning;
    int _pos;

    /// <param name="sql">The text.</param>
    /// <param name="standardConformingStrings">False: backslashes in '...' are escapes, and U&amp;'...' is refused.</param>
    /// <param name="escapeStringWarning">
    /// Called with PostgreSQL's escape_string_warning WARNING (22P06, positioned) for the first escape of each
    /// '...' literal when standard_conforming_strings is off; null when escape_string_warning is off.
    /// </param>
    public Lexer(string sql, bool standardConformingStrings = true, Action<PgException>? escapeStringWarning = null)
    {
        _s = sql;
        _standardStrings = standardConformingStrings;
        _warning = escapeStringWarning;
    }

    /// <summary>All tokens of <paramref name="sql"/>, ending with one EndOfInput token.</summary>
    public static List<Token> Tokenize(string sql, bool standardConformingStrings = true,
        Action<PgException>? escapeStringWarning = null)
    {
        var lexer = new Lexer(sql, standardConformingStrings, escapeStringWarning);
        var list = new List<Token>();
        while (true)
        {
            var t = lexer.Next();
            list.Add(t);
            if (t.Kind == TokenKind.EndOfInput)
                return list;
        }
    }

    /// <summary>The next token (EndOfInput at the end, repeatedly).</summary>
    public Token Next()
    {
        SkipWhitespaceAndComments();
        if (_pos >= _s.Length)
            return new Token(TokenKind.EndOfInput, "", _s.Length, _s.Length);
        int start = _pos;
        char c = _s[_pos];
        char n1 = Peek(1);
        switch (c)
        {
            case '\'':
                return LexString(start, _pos, _standardStrings ? StringMode.Standard : StringMode.NonstandardEscape);
            case '"':
                return LexQuotedIdentifier(start, _pos, unicode: false);
            case '$':
                if (IsDigit(n1))
                    return LexParam(start);
                if (TryLexDollarString(start, out var dollar))
                    return dollar;
                break;
            case ',':
                return Single(TokenKind.Comma);
            case '(':
                return Single(TokenKind.LeftParen);
            case ')':
                return Single(TokenKind.RightParen);
            case '[':
                return Single(TokenKind.LeftBracket);
            case ']':
                return Single(TokenKind.RightBracket);
            case ';':
                return Single(TokenKind.Semicolon);
            case ':':
                if (n1 == ':')
                    return Fixed(TokenKind.Typecast, "::", 2);
                if (n1 == '=')
                    return Fixed(TokenKind.ColonEquals, ":=", 2);
                return Single(TokenKind.Colon);
            case '.':
                if (IsDigit(n1))
                    return LexNumber(start);
                if (n1 == '.')
                    return Fixed(TokenKind.DotDot, "..", 2);
                return Single(TokenKind.Dot);
        }
        if (IsDigit(c))
            return LexNumber(start);
        if ((c is 'e' or 'E') && n1 == '\'')
            return LexString(start, _pos + 1, StringMode.Escape);
        if ((c is 'b' or 'B') && n1 == '\'')
            return LexBitString(start, TokenKind.BitString);
        if ((c is 'x' or 'X') && n1 == '\'')
            return LexBitString(start, TokenKind.HexString);
        if ((c is 'n' or 'N') && n1 == '\'')
            return LexString(start, _pos + 1, StringMode.Standard);
        if ((c is 'u' or 'U') && n1 == '&' && Peek(2) == '\'')
        {
            if (!_standardStrings)
                Throw.Error(SqlState.FeatureNotSupported, "unsafe use of string constant with Unicode escapes",
                    detail: "String constants with Unicode escapes cannot be used when standard_conforming_strings is off.",
                    position: start + 1);
            return LexString(start, _pos + 2, StringMode.Unicode);
        }
        if ((c is 'u' or 'U') && n1 == '&' && Peek(2) == '"')
            return LexQuotedIdentifier(start, _pos + 2, unicode: true);
        if (IsIdentStart(c))
            return LexIdentifier(start);
        if (OpChars.Contains(c, StringComparison.Ordinal))
            return LexOperator(start);
        _pos++;
        return Throw.Error<Token>(SqlState.SyntaxError, $"syntax error at or near \"{c}\"", position: start + 1);
    }

    char Peek(int k) => _pos + k < _s.Length ? _s[_pos + k] : '\0';

    Token Single(TokenKind kind) => Fixed(kind, _s[_pos].ToString(), 1);

    Token Fixed(TokenKind kind, string text, int len)
    {
        var t = new Token(kind, text, _pos, _pos + len);
        _pos += len;
        return t;
    }

    static bool IsDigit(char c) => c is >= '0' and <= '9';

    static bool IsIdentStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || c >= '\u0080';

    static bool IsIdentCont(char c) => IsIdentStart(c) || IsDigit(c) || c == '$';

    static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    static bool IsHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    void LexError(string message, int start, int end)
    {
        end = Math.Min(end, _s.Length);
        string near = _s[start..end];
        Throw.Error(SqlState.SyntaxError, $"{message} at or near \"{near}\"", position: start + 1);
    }

    void SkipWhitespaceAndComments()
    {
        while (_pos < _s.Length)
        {
            char c = _s[_pos];
            if (IsSpace(c))
            {
                _pos++;
            }
            else if (c == '-' && Peek(1) == '-')
            {
                while (_pos < _s.Length && _s[_pos] != '\n' && _s[_pos] != '\r')
                    _pos++;
            }
            else if (c == '/' && Peek(1) == '*')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    void SkipBlockComment()
    {
        int start = _pos;
        int depth = 0;
        while (_pos < _s.Length)
        {
            if (_s[_pos] == '/' && Peek(1) == '*')
            {
                depth++;
                _pos += 2;
            }
            else if (_s[_pos] == '*' && Peek(1) == '/')
            {
                depth--;
                _pos += 2;
                if (depth == 0)
                    return;
            }
            else
            {
                _pos++;
            }
        }
        LexError("unterminated /* comment", start, _s.Length);
    }

    Token LexIdentifier(int start)
    {
        while (_pos < _s.Length && IsIdentCont(_s[_pos]))
            _pos++;
        string raw = _s[start.._pos];
        // Downcase ASCII letters only, like downcase_identifier with a multi-byte server encoding.
        var sb = new StringBuilder(raw.Length);
        foreach (char ch in raw)
            sb.Append(ch is >= 'A' and <= 'Z' ? (char)(ch + 32) : ch);
        return new Token(TokenKind.Identifier, Truncate(sb.ToString()), start, _pos);
    }

    /// <summary>Cuts an identifier to 63 UTF-8 bytes on a character boundary, like truncate_identifier.</summary>
    public static string Truncate(string ident)
    {
        if (ident.Length <= MaxIdentifierBytes / 4 || Encoding.UTF8.GetByteCount(ident) <= MaxIdentifierBytes)
            return ident;
        int bytes = 0;
        int i = 0;
        while (i < ident.Length)
        {
            int len = char.IsHighSurrogate(ident[i]) && i + 1 < ident.Length ? 2 : 1;
            int b = Encoding.UTF8.GetByteCount(ident.AsSpan(i, len));
            if (bytes + b > MaxIdentifierBytes)
                break;
            bytes += b;
            i += len;
        }
        return ident[..i];
    }

    Token LexParam(int start)
    {
        _pos++;
        while (_pos < _s.Length && IsDigit(_s[_pos]))
            _pos++;
        if (_pos < _s.Length && IsIdentStart(_s[_pos]))
            LexError("trailing junk after parameter", start, JunkEnd());
        string digits = _s[(start + 1).._pos];
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            Throw.Error(SqlState.SyntaxError, $"parameter number too large at or near \"{_s[start.._pos]}\"",
                position: start + 1);
        return new Token(TokenKind.Param, digits.TrimStart('0').Length == 0 ? "0" : digits.TrimStart('0'),
            start, _pos);
    }

    int JunkEnd()
    {
        int e = _pos;
        while (e < _s.Length && IsIdentCont(_s[e]))
            e++;
        return e;
    }

    Token LexNumber(int start)
    {
        bool isDecimal = false;
        while (_pos < _s.Length && IsDigit(_s[_pos]))
            _pos++;
        if (_pos < _s.Length && _s[_pos] == '.' && Peek(1) != '.')
        {
            isDecimal = true;
            _pos++;
            while (_pos < _s.Length && IsDigit(_s[_pos]))
                _pos++;
        }
        if (_pos < _s.Length && _s[_pos] is 'e' or 'E')
        {
            int save = _pos;
            _pos++;
            if (_pos < _s.Length && _s[_pos] is '+' or '-')
                _pos++;
            if (_pos < _s.Length && IsDigit(_s[_pos]))
            {
                isDecimal = true;
                while (_pos < _s.Length && IsDigit(_s[_pos]))
                    _pos++;
            }
            else if (_pos > save + 1)
            {
                LexError("trailing junk after numeric literal", start, _pos);
            }
            else
            {
                _pos = save; // "1e" followed by junk: reported below as trailing junk
            }
        }
        if (_pos < _s.Length && IsIdentStart(_s[_pos]))
            LexError("trailing junk after numeric literal", start, JunkEnd());
        string text = _s[start.._pos];
        if (!isDecimal && !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            isDecimal = true; // process_integer_literal: too large for int4 becomes FCONST
        return new Token(isDecimal ? TokenKind.Decimal : TokenKind.Integer, text, start, _pos);
    }

    Token LexOperator(int start)
    {
        int end = _pos;
        while (end < _s.Length && OpChars.Contains(_s[end], StringComparison.Ordinal))
        {
            // A comment start ends the operator.
            if (end > start && ((_s[end] == '-' && end + 1 < _s.Length && _s[end + 1] == '-')
                    || (_s[end] == '/' && end + 1 < _s.Length && _s[end + 1] == '*')))
                break;
            end++;
        }
        int len = end - start;
        if (len > 1 && (_s[end - 1] == '+' || _s[end - 1] == '-'))
        {
            bool keep = false;
            for (int i = start; i < end; i++)
                if (NonSplitOpChars.Contains(_s[i], StringComparison.Ordinal))
                    keep = true;
            if (!keep)
                while (len > 1 && (_s[start + len - 1] == '+' || _s[start + len - 1] == '-'))
                    len--;
        }
        _pos = start + len;
        string op = _s.Substring(start, len);
        if (op == "!=")
            op = "<>";
        return new Token(TokenKind.Operator, op, start, _pos);
    }

    Token LexBitString(int start, TokenKind kind)
    {
        _pos += 2;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _s.Length)
                LexError(kind == TokenKind.BitString ? "unterminated bit string literal"
                    : "unterminated hexadecimal string literal", start, _s.Length);
            char c = _s[_pos];
            if (c == '\'')
            {
                if (!TryContinue())
                    break;
                continue;
            }
            sb.Append(c);
            _pos++;
        }
        string digits = sb.ToString();
        foreach (char c in digits)
        {
            bool ok = kind == TokenKind.BitString ? c is '0' or '1' : IsHex(c);
            if (!ok)
                Throw.Error(SqlState.SyntaxError, kind == TokenKind.BitString
                    ? $"\"{c}\" is not a valid binary digit" : $"\"{c}\" is not a valid hexadecimal digit",
                    position: start + 1);
        }
        return new Token(kind, digits, start, _pos);
    }

    /// <summary>
    /// At a closing quote: consumes it. Returns true when the literal continues (a doubled quote, which the caller
    /// must then see as data, or whitespace with a newline followed by another quote); false at the real end.
    /// For a doubled quote the position is left on the second quote and '\0' semantics are handled by callers.
    /// </summary>
    bool TryContinue()
    {
        _pos++; // closing quote
        int p = _pos;
        bool newline = false;
        while (p < _s.Length)
        {
            char c = _s[p];
            if (c is '\n' or '\r')
            {
                newline = true;
                p++;
            }
            else if (IsSpace(c))
            {
                p++;
            }
            else if (c == '-' && p + 1 < _s.Length && _s[p + 1] == '-')
            {
                while (p < _s.Length && _s[p] != '\n' && _s[p] != '\r')
                    p++;
            }
            else
            {
                break;
            }
        }
        if (newline && p < _s.Length && _s[p] == '\'')
        {
            _pos = p + 1;
            return true;
        }
        return false;
    }

    enum StringMode
    {
        Standard,
        /// <summary>E'...'.</summary>
        Escape,
        /// <summary>'...' with standard_conforming_strings off: escapes as E'...', with escape_string_warning.</summary>
        NonstandardEscape,
        Unicode,
    }

    Token LexString(int start, int quotePos, StringMode mode)
    {
        _pos = quotePos + 1;
        var body = new StringBuilder();
        var srcPos = new List<int>();
        bool warn = mode == StringMode.NonstandardEscape && _warning != null;
        if (mode == StringMode.NonstandardEscape)
            mode = StringMode.Escape;
        while (true)
        {
            if (_pos >= _s.Length)
                LexError("unterminated quoted string", start, _s.Length);
            char c = _s[_pos];
            if (c == '\'')
            {
                if (Peek(1) == '\'')
                {
                    srcPos.Add(_pos);
                    body.Append('\'');
                    _pos += 2;
                    continue;
                }
                if (TryContinue())
                    continue;
                break;
            }
            if (c == '\\' && mode == StringMode.Escape && _pos + 1 < _s.Length)
            {
                if (warn)
                {
                    EscapeStringWarning(_s[_pos + 1], start);
                    warn = false;
                }
                // Keep the escape pair together so a \' does not end the string; decoded below.
                srcPos.Add(_pos);
                body.Append(c);
                srcPos.Add(_pos + 1);
                body.Append(_s[_pos + 1]);
                _pos += 2;
                continue;
            }
            srcPos.Add(_pos);
            body.Append(c);
            _pos++;
        }
        string value = mode switch
        {
            StringMode.Escape => DecodeEscapes(body.ToString(), srcPos, _pos - 1),
            StringMode.Unicode => DecodeUnicode(body.ToString(), start, ReadUescape()),
            _ => body.ToString(),
        };
        return new Token(TokenKind.String, value, start, _pos);
    }

    Token LexQuotedIdentifier(int start, int quotePos, bool unicode)
    {
        _pos = quotePos + 1;
        var body = new StringBuilder();
        while (true)
        {
            if (_pos >= _s.Length)
                LexError("unterminated quoted identifier", start, _s.Length);
            char c = _s[_pos];
            if (c == '"')
            {
                if (Peek(1) == '"')
                {
                    body.Append('"');
                    _pos += 2;
                    continue;
                }
                _pos++;
                break;
            }
            body.Append(c);
            _pos++;
        }
        if (body.Length == 0)
            LexError("zero-length delimited identifier", start, _pos);
        string value = body.ToString();
        if (unicode)
            value = DecodeUnicode(value, start, ReadUescape());
        return new Token(TokenKind.QuotedIdentifier, Truncate(value), start, _pos);
    }

    /// <summary>
    /// Reads an optional UESCAPE 'c' after a U&amp; literal (parser.c's lookahead); returns the escape character.
    /// The token after UESCAPE must be a plain string constant of one permitted character; errors point at it.
    /// </summary>
    char ReadUescape()
    {
        int save = _pos;
        SkipWhitespaceAndComments();
        if (_pos + 7 <= _s.Length && string.Compare(_s, _pos, "uescape", 0, 7, StringComparison.OrdinalIgnoreCase) == 0
            && (_pos + 7 == _s.Length || !IsIdentCont(_s[_pos + 7])))
        {
            _pos += 7;
            var t = Next();
            bool simple = t.Kind == TokenKind.String && _s[t.Location] is not ('u' or 'U' or 'n' or 'N');
            if (!simple)
                TokenError("UESCAPE must be followed by a simple string literal", t);
            char e = t.Text.Length == 1 ? t.Text[0] : '\0';
            if (t.Text.Length != 1 || IsHex(e) || e is '+' or '\'' or '"' || IsSpace(e))
                TokenError("invalid Unicode escape character", t);
            return e;
        }
        _pos = save;
        return '\\';
    }

    /// <summary>scanner_yyerror: "message at or near "token"" (or "at end of input") pointing at the token.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    void TokenError(string message, Token t)
    {
        if (t.Kind == TokenKind.EndOfInput)
            Throw.Error(SqlState.SyntaxError, message + " at end of input", position: t.Location + 1);
        // A national N'...' is the keyword NCHAR followed by a string in PostgreSQL: the error names the N.
        int end = _s[t.Location] is 'n' or 'N' && t.Kind == TokenKind.String ? t.Location + 1 : t.End;
        LexError(message, t.Location, end);
    }

    /// <summary>The escape_string_warning WARNING for the first escape (\ before <paramref name="next"/>) of a '...'
    /// literal read with standard_conforming_strings off; it points at the literal.</summary>
    void EscapeStringWarning(char next, int start)
    {
        var (message, hint) = next switch
        {
            '\'' => ("nonstandard use of \\' in a string literal",
                "Use '' to write quotes in strings, or use the escape string syntax (E'...')."),
            '\\' => ("nonstandard use of \\\\ in a string literal",
                "Use the escape string syntax for backslashes, e.g., E'\\\\'."),
            _ => ("nonstandard use of escape in a string literal",
                "Use the escape string syntax for escapes, e.g., E'\\r\\n'."),
        };
        _warning!(new PgException(NonstandardUseOfEscapeCharacter, message, Severity.Warning)
        {
            Hint = hint,
            Position = start + 1,
        });
    }

    const string NonstandardUseOfEscapeCharacter = "22P06";
    const string InvalidEscapeSequence = "22025";

    const int NoPendingSurrogate = -1;

    /// <summary>
    /// U&amp;'...' and U&amp;"..." bodies (parser.c str_udeescape): esc followed by 4 hex digits, or by + and 6, is a
    /// code point, esc esc is esc; UTF-16 surrogate pairs combine. Errors point where PostgreSQL computes: the
    /// token start + 3 + the offset in the (de-doubled) body.
    /// </summary>
    static string DecodeUnicode(string body, int start, char esc)
    {
        var sb = new StringBuilder(body.Length);
        int pendingHigh = NoPendingSurrogate;
        int i = 0;
        while (i < body.Length)
        {
            int at = start + 3 + i;
            if (body[i] != esc)
            {
                if (pendingHigh != NoPendingSurrogate)
                    InvalidSurrogatePair(at);
                sb.Append(body[i++]);
                continue;
            }
            if (i + 1 < body.Length && body[i + 1] == esc)
            {
                if (pendingHigh != NoPendingSurrogate)
                    InvalidSurrogatePair(at);
                sb.Append(esc);
                i += 2;
                continue;
            }
            bool plus = i + 1 < body.Length && body[i + 1] == '+';
            int first = plus ? i + 2 : i + 1;
            int digits = plus ? 6 : 4;
            if (first + digits > body.Length || body.AsSpan(first, digits).IndexOfAnyExcept(HexDigits) >= 0)
                Throw.Error(SqlState.SyntaxError, "invalid Unicode escape",
                    hint: "Unicode escapes must be \\XXXX or \\+XXXXXX.", position: at + 1);
            int cp = int.Parse(body.AsSpan(first, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (cp is <= 0 or > 0x10FFFF)
                Throw.Error(SqlState.SyntaxError, "invalid Unicode escape value", position: at + 1);
            if (!AddCodePoint(sb, cp, ref pendingHigh))
                InvalidSurrogatePair(at);
            i = first + digits;
        }
        if (pendingHigh != NoPendingSurrogate)
            InvalidSurrogatePair(start + 3 + body.Length);
        return sb.ToString();
    }

    static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void InvalidSurrogatePair(int pos) =>
        Throw.Error(SqlState.SyntaxError, "invalid Unicode surrogate pair", position: pos + 1);

    /// <summary>
    /// Appends a code point, holding a UTF-16 high surrogate until its low half comes; false when the pair is
    /// broken (a low half alone, or a high half followed by anything but a low half).
    /// </summary>
    static bool AddCodePoint(StringBuilder sb, int cp, ref int pendingHigh)
    {
        bool low = cp is >= 0xDC00 and <= 0xDFFF;
        if (pendingHigh != NoPendingSurrogate)
        {
            if (!low)
                return false;
            sb.Append((char)pendingHigh).Append((char)cp);
            pendingHigh = NoPendingSurrogate;
            return true;
        }
        if (low)
            return false;
        if (cp is >= 0xD800 and <= 0xDBFF)
            pendingHigh = cp;
        else
            sb.Append(char.ConvertFromUtf32(cp));
        return true;
    }

    /// <summary>
    /// Backslash escapes of E'...' strings; octal and hex escapes give bytes checked as UTF-8. \u and \U escapes
    /// (UTF-16 surrogate pairs combined) fail as scan.l's rules do: a broken pair or a bad value "at or near" the
    /// offending text, a short escape 22025. <paramref name="endQuote"/> is the closing quote's offset.
    /// </summary>
    string DecodeEscapes(string body, List<int> srcPos, int endQuote)
    {
        var bytes = new List<byte>(body.Length);
        Span<byte> buf = stackalloc byte[4];
        int pendingHigh = NoPendingSurrogate;
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (pendingHigh != NoPendingSurrogate && !(c == '\\' && i + 1 < body.Length && body[i + 1] is 'u' or 'U'))
                LexError("invalid Unicode surrogate pair", srcPos[i], srcPos[i] + 1);
            if (c != '\\' || i + 1 >= body.Length)
            {
                AppendUtf8(bytes, body, ref i, buf);
                continue;
            }
            char e = body[++i];
            switch (e)
            {
                case 'b':
                    bytes.Add(8);
                    break;
                case 'f':
                    bytes.Add(12);
                    break;
                case 'n':
                    bytes.Add(10);
                    break;
                case 'r':
                    bytes.Add(13);
                    break;
                case 't':
                    bytes.Add(9);
                    break;
                case 'v':
                    bytes.Add(11);
                    break;
                case >= '0' and <= '7':
                {
                    int v = e - '0';
                    int k = 1;
                    while (k < 3 && i + 1 < body.Length && body[i + 1] is >= '0' and <= '7')
                    {
                        v = v * 8 + (body[++i] - '0');
                        k++;
                    }
                    bytes.Add((byte)v);
                    break;
                }
                case 'x' when i + 1 < body.Length && IsHex(body[i + 1]):
                {
                    int v = Convert.ToInt32(body[++i].ToString(), 16);
                    if (i + 1 < body.Length && IsHex(body[i + 1]))
                        v = v * 16 + Convert.ToInt32(body[++i].ToString(), 16);
                    bytes.Add((byte)v);
                    break;
                }
                case 'u' or 'U':
                {
                    int digits = e == 'u' ? 4 : 8;
                    int escAt = srcPos[i - 1];
                    if (i + digits >= body.Length || body.AsSpan(i + 1, digits).IndexOfAnyExcept(HexDigits) >= 0)
                        Throw.Error(InvalidEscapeSequence, "invalid Unicode escape",
                            hint: "Unicode escapes must be \\uXXXX or \\UXXXXXXXX.", position: escAt + 1);
                    uint cp = uint.Parse(body.AsSpan(i + 1, digits), NumberStyles.AllowHexSpecifier,
                        CultureInfo.InvariantCulture);
                    i += digits;
                    if (pendingHigh == NoPendingSurrogate && cp is not (>= 0xD800 and <= 0xDFFF)
                        && cp is 0 or > 0x10FFFF)
                        LexError("invalid Unicode escape value", escAt, escAt + digits + 2);
                    var sb = new StringBuilder(2);
                    if (!AddCodePoint(sb, (int)Math.Min(cp, int.MaxValue), ref pendingHigh))
                        LexError("invalid Unicode surrogate pair", escAt, escAt + digits + 2);
                    if (sb.Length > 0)
                        bytes.AddRange(Encoding.UTF8.GetBytes(sb.ToString()));
                    continue;
                }
                default:
                {
                    // Any other character stands for itself.
                    AppendUtf8(bytes, body, ref i, buf);
                    break;
                }
            }
        }
        if (pendingHigh != NoPendingSurrogate)
            LexError("invalid Unicode surrogate pair", endQuote, endQuote + 1);
        var arr = bytes.ToArray();
        int zero = Array.IndexOf(arr, (byte)0);
        try
        {
            if (zero >= 0)
                throw new DecoderFallbackException();
            return new UTF8Encoding(false, true).GetString(arr);
        }
        catch (DecoderFallbackException)
        {
            int bad = zero >= 0 ? zero : FirstInvalidUtf8(arr);
            return Throw.Error<string>(SqlState.CharacterNotInRepertoire,
                $"invalid byte sequence for encoding \"UTF8\": 0x{arr[bad]:x2}");
        }
    }

    static void AppendUtf8(List<byte> bytes, string body, ref int i, Span<byte> buf)
    {
        int len = char.IsHighSurrogate(body[i]) && i + 1 < body.Length ? 2 : 1;
        int n = Encoding.UTF8.GetBytes(body.AsSpan(i, len), buf);
        for (int k = 0; k < n; k++)
            bytes.Add(buf[k]);
        i += len - 1;
    }

    static int FirstInvalidUtf8(byte[] arr)
    {
        var strict = new UTF8Encoding(false, true);
        for (int end = 1; end <= arr.Length; end++)
        {
            try
            {
                strict.GetCharCount(arr, 0, end);
            }
            catch (DecoderFallbackException)
            {
                return end - 1;
            }
        }
        return arr.Length - 1;
    }

    bool TryLexDollarString(int start, out Token token)
    {
        token = default;
        int p = _pos + 1;
        if (p < _s.Length && IsIdentStart(_s[p]))
        {
            p++;
            while (p < _s.Length && (IsIdentStart(_s[p]) || IsDigit(_s[p])))
                p++;
        }
        if (p >= _s.Length || _s[p] != '$')
            return false;
        string delim = _s[_pos..(p + 1)];
        int bodyStart = p + 1;
        int close = _s.IndexOf(delim, bodyStart, StringComparison.Ordinal);
        if (close < 0)
            LexError("unterminated dollar-quoted string", start, _s.Length);
        _pos = close + delim.Length;
        token = new Token(TokenKind.String, _s[bodyStart..close], start, _pos);
        return true;
    }
}
