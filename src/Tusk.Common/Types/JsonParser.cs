// The JSON lexer and recursive-descent parser of json_in / jsonb_in (common/jsonapi.c), with PostgreSQL 15's
// errors: 22P02 "invalid input syntax for type json" and a DETAIL naming the token ("Token "x" is invalid.",
// "Expected ":", but found ","." ...), plus the CONTEXT line "JSON data, line N: <text up to the error>" (at most
// about 50 characters, "..." where it is cut). Tokens: punctuation, strings, numbers (-?(0|[1-9][0-9]*)(.[0-9]+)?
// ([eE][+-]?[0-9]+)?), true/false/null; any run of letters and digits is one token for error reports.
// json only validates escapes (\u needs four hex digits); jsonb also decodes them, so it refuses lone surrogates
// and \u0000 (22P05) as PostgreSQL does.
// Entry point: JsonParser.Parse.
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>Parses JSON text into a <see cref="JsonNode"/> tree.</summary>
public sealed class JsonParser
{
    enum Tok
    {
        ObjectStart,
        ObjectEnd,
        ArrayStart,
        ArrayEnd,
        Comma,
        Colon,
        String,
        Number,
        True,
        False,
        Null,
        End,
    }

    enum Ctx
    {
        Value,
        String,
        ArrayStart,
        ArrayNext,
        ObjectStart,
        ObjectLabel,
        ObjectNext,
        ObjectComma,
        End,
    }

    readonly string _s;
    readonly bool _decode;
    int _tokStart;
    int _tokEnd;
    Tok _tok;
    string? _str; // the decoded value of the current string token
    int _depth;

    JsonParser(string s, bool decode)
    {
        _s = s;
        _decode = decode;
    }

    /// <summary>
    /// Parses a whole JSON document. <paramref name="decodeEscapes"/> (jsonb) decodes \u escapes with their checks;
    /// json validates them only. Every node records its source span.
    /// </summary>
    public static JsonNode Parse(string text, bool decodeEscapes)
    {
        var p = new JsonParser(text, decodeEscapes);
        p.Lex();
        var v = p.ParseValue(Ctx.Value);
        if (p._tok != Tok.End)
        {
            p.ParseError(Ctx.End);
        }
        return v;
    }

    JsonNode ParseValue(Ctx ctx)
    {
        int start = _tokStart;
        JsonNode v;
        switch (_tok)
        {
            case Tok.ObjectStart:
                return ParseObject();
            case Tok.ArrayStart:
                return ParseArray();
            case Tok.String:
                v = JsonNode.Of(_str ?? _s[(_tokStart + 1)..(_tokEnd - 1)]);
                break;
            case Tok.Number:
                v = JsonNode.NumberText(_s[_tokStart.._tokEnd]);
                break;
            case Tok.True:
                v = JsonNode.Of(true);
                break;
            case Tok.False:
                v = JsonNode.Of(false);
                break;
            case Tok.Null:
                v = JsonNode.Null();
                break;
            default:
                ParseError(ctx);
                return null!;
        }
        v.Start = start;
        v.End = _tokEnd;
        Lex();
        return v;
    }

    JsonNode ParseObject()
    {
        int start = _tokStart;
        Enter();
        var fields = new List<KeyValuePair<string, JsonNode>>();
        Lex();
        if (_tok == Tok.String)
        {
            while (true)
            {
                if (_tok != Tok.String)
                {
                    ParseError(Ctx.ObjectComma);
                }
                string key = _str ?? _s[(_tokStart + 1)..(_tokEnd - 1)];
                Lex();
                if (_tok != Tok.Colon)
                {
                    ParseError(Ctx.ObjectLabel);
                }
                Lex();
                fields.Add(new(key, ParseValue(Ctx.Value)));
                if (_tok != Tok.Comma)
                {
                    break;
                }
                Lex();
            }
        }
        else if (_tok != Tok.ObjectEnd)
        {
            ParseError(Ctx.ObjectStart);
        }
        if (_tok != Tok.ObjectEnd)
        {
            ParseError(Ctx.ObjectNext);
        }
        var node = JsonNode.Object(fields);
        node.Start = start;
        node.End = _tokEnd;
        _depth--;
        Lex();
        return node;
    }

    JsonNode ParseArray()
    {
        int start = _tokStart;
        Enter();
        var items = new List<JsonNode>();
        Lex();
        if (_tok != Tok.ArrayEnd)
        {
            items.Add(ParseValue(Ctx.Value));
            while (_tok == Tok.Comma)
            {
                Lex();
                items.Add(ParseValue(Ctx.Value));
            }
        }
        if (_tok != Tok.ArrayEnd)
        {
            ParseError(Ctx.ArrayNext);
        }
        var node = JsonNode.Array(items);
        node.Start = start;
        node.End = _tokEnd;
        _depth--;
        Lex();
        return node;
    }

    void Enter()
    {
        if (++_depth > 6400)
        {
            Throw.Error(SqlState.ProgramLimitExceeded, "stack depth limit exceeded",
                hint: "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.");
        }
    }

    // ---- lexer --------------------------------------------------------------------------------------------

    static bool IsAlnum(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c >= 0x80;

    void Lex()
    {
        int p = _tokEnd;
        while (p < _s.Length && _s[p] is ' ' or '\t' or '\n' or '\r')
        {
            p++;
        }
        _tokStart = p;
        _str = null;
        if (p >= _s.Length)
        {
            _tok = Tok.End;
            _tokEnd = p;
            return;
        }
        char c = _s[p];
        switch (c)
        {
            case '{':
                Single(Tok.ObjectStart);
                return;
            case '}':
                Single(Tok.ObjectEnd);
                return;
            case '[':
                Single(Tok.ArrayStart);
                return;
            case ']':
                Single(Tok.ArrayEnd);
                return;
            case ',':
                Single(Tok.Comma);
                return;
            case ':':
                Single(Tok.Colon);
                return;
            case '"':
                LexString();
                _tok = Tok.String;
                return;
            case '-':
                LexNumber(p + 1);
                return;
            default:
                if (char.IsAsciiDigit(c))
                {
                    LexNumber(p);
                    return;
                }
                int q = p;
                while (q < _s.Length && IsAlnum(_s[q]))
                {
                    q++;
                }
                if (q == p)
                {
                    _tokEnd = p + (char.IsHighSurrogate(c) && p + 1 < _s.Length ? 2 : 1);
                    InvalidToken();
                }
                _tokEnd = q;
                _tok = _s.AsSpan(p, q - p) switch
                {
                    "true" => Tok.True,
                    "false" => Tok.False,
                    "null" => Tok.Null,
                    _ => InvalidToken<Tok>(),
                };
                return;
        }
    }

    void Single(Tok t)
    {
        _tok = t;
        _tokEnd = _tokStart + 1;
    }

    void LexNumber(int p)
    {
        _tokEnd = ScanNumber(_s, p, out bool error);
        _tok = Tok.Number;
        if (error)
        {
            InvalidToken();
        }
    }

    /// <summary>
    /// Scans a number from <paramref name="p"/> (after any '-'): digits without a leading zero, an optional
    /// fraction and exponent, each with at least one digit; letters and digits after it belong to the (then bad)
    /// token. Returns the token's end.
    /// </summary>
    static int ScanNumber(string s, int p, out bool error)
    {
        error = false;
        int n = s.Length;
        if (p < n && s[p] == '0')
        {
            p++;
        }
        else if (p < n && s[p] is >= '1' and <= '9')
        {
            p = SkipDigits(s, p);
        }
        else
        {
            error = true;
        }
        if (p < n && s[p] == '.')
        {
            p++;
            error |= p >= n || !char.IsAsciiDigit(s[p]);
            p = SkipDigits(s, p);
        }
        if (p < n && s[p] is 'e' or 'E')
        {
            p++;
            if (p < n && s[p] is '+' or '-')
            {
                p++;
            }
            error |= p >= n || !char.IsAsciiDigit(s[p]);
            p = SkipDigits(s, p);
        }
        while (p < n && IsAlnum(s[p]))
        {
            p++;
            error = true;
        }
        return p;
    }

    static int SkipDigits(string s, int p)
    {
        while (p < s.Length && char.IsAsciiDigit(s[p]))
        {
            p++;
        }
        return p;
    }

    /// <summary>IsValidJsonNumber: the whole text is one JSON number.</summary>
    public static bool IsNumber(string s)
    {
        int end = ScanNumber(s, s.StartsWith('-') ? 1 : 0, out bool error);
        return !error && end == s.Length;
    }

    void LexString()
    {
        var sb = _decode ? new StringBuilder() : null;
        int p = _tokStart + 1;
        int hiSurrogate = -1;
        while (true)
        {
            if (p >= _s.Length)
            {
                _tokEnd = p;
                InvalidToken();
            }
            char c = _s[p];
            if (c == '"')
            {
                break;
            }
            if (c < 0x20)
            {
                _tokEnd = p;
                Error($"Character with value 0x{(int)c:x2} must be escaped.");
            }
            if (c != '\\')
            {
                if (hiSurrogate != -1)
                {
                    _tokEnd = p + 1;
                    Error("Unicode low surrogate must follow a high surrogate.");
                }
                sb?.Append(c);
                p++;
                continue;
            }
            p++;
            if (p >= _s.Length)
            {
                _tokEnd = p;
                InvalidToken();
            }
            c = _s[p];
            if (c == 'u')
            {
                int ch = 0;
                for (int i = 0; i < 4; i++)
                {
                    p++;
                    if (p >= _s.Length)
                    {
                        _tokEnd = p;
                        InvalidToken();
                    }
                    int h = HexValue(_s[p]);
                    if (h < 0)
                    {
                        _tokEnd = p + 1;
                        Error("\"\\u\" must be followed by four hexadecimal digits.");
                    }
                    ch = ch * 16 + h;
                }
                p++;
                if (sb == null)
                {
                    continue;
                }
                _tokEnd = p;
                if (ch is >= 0xD800 and <= 0xDBFF)
                {
                    if (hiSurrogate != -1)
                    {
                        Error("Unicode high surrogate must not follow a high surrogate.");
                    }
                    hiSurrogate = ch;
                    continue;
                }
                if (ch is >= 0xDC00 and <= 0xDFFF)
                {
                    if (hiSurrogate == -1)
                    {
                        Error("Unicode low surrogate must follow a high surrogate.");
                    }
                    sb.Append((char)hiSurrogate).Append((char)ch);
                    hiSurrogate = -1;
                    continue;
                }
                if (hiSurrogate != -1)
                {
                    Error("Unicode low surrogate must follow a high surrogate.");
                }
                if (ch == 0)
                {
                    Throw.Error(SqlState.UntranslatableCharacter, "unsupported Unicode escape sequence",
                        detail: "\\u0000 cannot be converted to text.", context: Context());
                }
                sb.Append((char)ch);
                continue;
            }
            if (hiSurrogate != -1)
            {
                _tokEnd = p + 1;
                Error("Unicode low surrogate must follow a high surrogate.");
            }
            char decoded = c switch
            {
                '"' or '\\' or '/' => c,
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => '\0',
            };
            if (decoded == '\0')
            {
                int len = char.IsHighSurrogate(c) && p + 1 < _s.Length ? 2 : 1;
                _tokEnd = p + len;
                Error($"Escape sequence \"\\{_s.Substring(p, len)}\" is invalid.");
            }
            sb?.Append(decoded);
            p++;
        }
        if (hiSurrogate != -1)
        {
            _tokEnd = p + 1;
            Error("Unicode low surrogate must follow a high surrogate.");
        }
        _tokEnd = p + 1;
        _str = sb?.ToString();
    }

    static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    // ---- errors -------------------------------------------------------------------------------------------

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    void Error(string detail) =>
        Throw.Error(SqlState.InvalidTextRepresentation, "invalid input syntax for type json", detail: detail,
            context: Context());

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    void InvalidToken() => Error($"Token \"{_s[_tokStart.._tokEnd]}\" is invalid.");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    T InvalidToken<T>()
    {
        InvalidToken();
        return default;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    void ParseError(Ctx ctx)
    {
        if (_tok == Tok.End)
        {
            Error("The input string ended unexpectedly.");
        }
        string token = _s[_tokStart.._tokEnd];
        Error(ctx switch
        {
            Ctx.End => $"Expected end of input, but found \"{token}\".",
            Ctx.Value => $"Expected JSON value, but found \"{token}\".",
            Ctx.String or Ctx.ObjectComma => $"Expected string, but found \"{token}\".",
            Ctx.ArrayStart => $"Expected array element or \"]\", but found \"{token}\".",
            Ctx.ArrayNext => $"Expected \",\" or \"]\", but found \"{token}\".",
            Ctx.ObjectStart => $"Expected string or \"}}\", but found \"{token}\".",
            Ctx.ObjectLabel => $"Expected \":\", but found \"{token}\".",
            _ => $"Expected \",\" or \"}}\", but found \"{token}\".",
        });
    }

    /// <summary>
    /// report_json_context: "JSON data, line N: " and the current line up to the end of the bad token, cut to
    /// about 50 characters ("..." marks a cut at either end).
    /// </summary>
    string Context()
    {
        int end = Math.Min(_tokEnd, _s.Length);
        int lineStart = end == 0 ? 0 : _s.LastIndexOf('\n', end - 1) + 1;
        int line = 1 + _s.AsSpan(0, lineStart).Count('\n');
        int start = lineStart;
        while (end - start >= 50)
        {
            start++;
        }
        if (start - lineStart <= 3)
        {
            start = lineStart;
        }
        string prefix = start > lineStart ? "..." : "";
        string suffix = _tok != Tok.End && end < _s.Length && _s[end] is not ('\n' or '\r') ? "..." : "";
        return $"JSON data, line {line}: {prefix}{_s[start..end]}{suffix}";
    }
}
