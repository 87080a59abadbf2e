// Recursive-descent parser over the token list (the statement half of gram.y): statement dispatch,
// SET/SHOW/RESET, transaction control, DISCARD and CHECKPOINT. The other partial files hold SELECT (.Select), CREATE (.Create),
// INSERT/UPDATE/DELETE/COPY (.Dml), DROP/ALTER and the other utility statements (.Utility), expressions and
// type names.
// Invariant: _p always indexes a valid token (the list ends with EndOfInput, which is never consumed).
// Unsupported but valid statements raise 0A000 at their first keyword; anything else unexpected raises 42601.
using System.Globalization;
using Tusk.Common.Errors;
using Tusk.Sql.Nodes;

namespace Tusk.Sql.Parser;

/// <summary>The grammar; use <see cref="RawParser"/>.</summary>
internal sealed partial class SqlParser
{
    readonly string _sql;
    readonly List<Token> _tokens;
    int _p;

    static readonly HashSet<string> UnsupportedStatements = new(StringComparer.Ordinal)
    {
        "merge", "listen", "notify", "unlisten", "lock", "do", "call",
        "reindex", "cluster", "refresh", "security", "import", "load", "reassign",
    };

    public SqlParser(string sql, List<Token> tokens)
    {
        _sql = sql;
        _tokens = tokens;
    }

    Token Cur => _tokens[_p];

    Token PeekAt(int k) => _tokens[Math.Min(_p + k, _tokens.Count - 1)];

    Token Advance()
    {
        var t = _tokens[_p];
        if (t.Kind != TokenKind.EndOfInput)
            _p++;
        return t;
    }

    bool IsKw(string kw) => Cur.Is(kw);

    /// <summary>The source text of the tokens from index <paramref name="from"/> to the last one consumed.</summary>
    string SourceSince(int from) => _p > from ? _sql[_tokens[from].Location.._tokens[_p - 1].End] : "";

    bool AcceptKw(string kw)
    {
        if (!Cur.Is(kw))
            return false;
        _p++;
        return true;
    }

    Token ExpectKw(string kw)
    {
        if (!Cur.Is(kw))
            SyntaxError();
        return Advance();
    }

    bool Accept(TokenKind kind)
    {
        if (Cur.Kind != kind)
            return false;
        _p++;
        return true;
    }

    Token Expect(TokenKind kind)
    {
        if (Cur.Kind != kind)
            SyntaxError();
        return Advance();
    }

    bool AcceptOp(string op)
    {
        if (!Cur.IsOp(op))
            return false;
        _p++;
        return true;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    void SyntaxError() => throw Err(Cur);

    PgException Err() => Err(Cur);

    /// <summary>PG's "syntax error at or near" for a token, or "at end of input" (Position just past the text).</summary>
    PgException Err(Token t)
    {
        if (t.Kind == TokenKind.EndOfInput)
            return new PgException(SqlState.SyntaxError, "syntax error at end of input") { Position = _sql.Length + 1 };
        return new PgException(SqlState.SyntaxError, $"syntax error at or near \"{_sql[t.Location..t.End]}\"")
        {
            Position = t.Location + 1,
        };
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void NotSupported(string what, Token at) =>
        Throw.Error(SqlState.FeatureNotSupported, $"{what} is not supported yet", position: at.Location + 1);

    bool AtStatementEnd => Cur.Kind is TokenKind.Semicolon or TokenKind.EndOfInput;

    public List<RawStmt> ParseStatements()
    {
        var list = new List<RawStmt>();
        while (true)
        {
            while (Accept(TokenKind.Semicolon))
            {
            }
            if (Cur.Kind == TokenKind.EndOfInput)
                return list;
            int start = Cur.Location;
            var stmt = ParseStatement();
            if (!AtStatementEnd)
                SyntaxError();
            int end = _tokens[_p - 1].End;
            list.Add(new RawStmt { Stmt = stmt, Location = start, Length = end - start });
        }
    }

    public Node ParseStandaloneExpression()
    {
        var e = ParseExpr();
        if (Cur.Kind != TokenKind.EndOfInput)
            SyntaxError();
        return e;
    }

    Node ParseStatement()
    {
        var t = Cur;
        if (t.Kind == TokenKind.LeftParen)
            return ParseSelectStatement();
        if (t.Kind != TokenKind.Identifier)
            SyntaxError();
        switch (t.Text)
        {
            case "select":
            case "values":
            case "table":
            case "with":
                return ParseSelectStatement();
            case "set":
                return ParseSet();
            case "show":
                return ParseShow();
            case "reset":
                return ParseReset();
            case "begin":
            case "start":
            case "commit":
            case "end":
            case "rollback":
            case "abort":
            case "savepoint":
            case "release":
                return ParseTransaction();
            case "prepare" when PeekAt(1).Is("transaction"):
                return ParseTransaction();
            case "discard":
                return ParseDiscard();
            case "checkpoint":
                return new CheckPointStmt { Location = Advance().Location };
            case "create":
                return ParseCreate();
            case "alter":
                return ParseAlter();
            case "drop":
                return ParseDrop();
            case "insert":
                return ParseInsert();
            case "update":
                return ParseUpdate();
            case "delete":
                return ParseDelete();
            case "copy":
                return ParseCopy();
            case "truncate":
                return ParseTruncate();
            case "comment":
                return ParseComment();
            case "prepare":
                return ParsePrepare();
            case "execute":
                return ParseExecute();
            case "deallocate":
                return ParseDeallocate();
            case "explain":
                return ParseExplain();
            case "vacuum":
            case "analyze":
            case "analyse":
                return ParseVacuum();
            case "grant":
            case "revoke":
                return ParseGrant();
            case "declare":
                return ParseDeclareCursor();
            case "fetch":
            case "move":
                return ParseFetch();
            case "close":
                return ParseClosePortal();
        }
        if (UnsupportedStatements.Contains(t.Text))
            NotSupported(t.Text.ToUpperInvariant(), t);
        throw Err();
    }

    // ---- names ------------------------------------------------------------------------------------------

    /// <summary>ColId: identifier, quoted identifier, unreserved or column-name keyword.</summary>
    string ParseColId()
    {
        if (Cur.Kind == TokenKind.QuotedIdentifier || (Cur.Kind == TokenKind.Identifier && Keywords.IsColId(Cur.Text)))
            return Advance().Text;
        throw Err();
    }

    /// <summary>attr_name / ColLabel: any identifier or keyword.</summary>
    string ParseAttrName()
    {
        if (Cur.Kind is TokenKind.QuotedIdentifier or TokenKind.Identifier)
            return Advance().Text;
        throw Err();
    }

    /// <summary>NonReservedWord_or_Sconst: a name that is not reserved, or a string.</summary>
    string ParseNonReservedWordOrString()
    {
        if (Cur.Kind is TokenKind.String or TokenKind.QuotedIdentifier)
            return Advance().Text;
        if (Cur.Kind == TokenKind.Identifier && !Keywords.IsReserved(Cur.Text))
            return Advance().Text;
        throw Err();
    }

    string ParseVarName()
    {
        string name = ParseColId();
        while (Accept(TokenKind.Dot))
            name += "." + ParseColId();
        return name;
    }

    // ---- SET / SHOW / RESET ---------------------------------------------------------------------------

    Node ParseSet()
    {
        var setTok = ExpectKw("set");
        bool isLocal = false;
        if (IsKw("local"))
        {
            Advance();
            isLocal = true;
        }
        else if (IsKw("session") && !PeekAt(1).Is("authorization") && !PeekAt(1).Is("characteristics"))
        {
            Advance();
        }
        int loc = setTok.Location;
        if (IsKw("transaction") && !PeekAt(1).Is("snapshot"))
        {
            Advance();
            var opts = ParseTransactionModes(required: true);
            return new VariableSetStmt { Kind = VariableSetKind.SetMulti, Name = "TRANSACTION", IsLocal = isLocal,
                TransactionOptions = opts, Location = loc };
        }
        if (IsKw("session") && PeekAt(1).Is("characteristics"))
        {
            Advance();
            Advance();
            ExpectKw("as");
            ExpectKw("transaction");
            var opts = ParseTransactionModes(required: true);
            return new VariableSetStmt { Kind = VariableSetKind.SetMulti, Name = "SESSION CHARACTERISTICS",
                IsLocal = isLocal, TransactionOptions = opts, Location = loc };
        }
        if (IsKw("transaction") && PeekAt(1).Is("snapshot"))
        {
            Advance();
            Advance();
            var st = new VariableSetStmt { Kind = VariableSetKind.Set, Name = "transaction_snapshot",
                IsLocal = isLocal, Location = loc };
            st.Args.Add(Expect(TokenKind.String).Text);
            return st;
        }
        if (IsKw("time") && PeekAt(1).Is("zone"))
        {
            Advance();
            Advance();
            return ParseZoneValue(isLocal, loc);
        }
        if (IsKw("catalog") && PeekAt(1).Kind == TokenKind.String)
            NotSupported("SET CATALOG", Cur);
        if (IsKw("schema") && PeekAt(1).Kind == TokenKind.String)
        {
            Advance();
            var st = new VariableSetStmt { Kind = VariableSetKind.Set, Name = "search_path", IsLocal = isLocal,
                Location = loc };
            st.Args.Add(Advance().Text);
            return st;
        }
        if (IsKw("names") && !PeekAt(1).Is("to") && !PeekAt(1).IsOp("="))
        {
            Advance();
            if (AtStatementEnd || IsKw("default"))
            {
                AcceptKw("default");
                return new VariableSetStmt { Kind = VariableSetKind.SetDefault, Name = "client_encoding",
                    IsLocal = isLocal, Location = loc };
            }
            var st = new VariableSetStmt { Kind = VariableSetKind.Set, Name = "client_encoding", IsLocal = isLocal,
                Location = loc };
            st.Args.Add(ParseNonReservedWordOrString());
            return st;
        }
        if (IsKw("role") && PeekAt(1).Kind is TokenKind.String or TokenKind.Identifier or TokenKind.QuotedIdentifier
                && !PeekAt(1).Is("to"))
        {
            Advance();
            var st = new VariableSetStmt { Kind = VariableSetKind.Set, Name = "role", IsLocal = isLocal,
                Location = loc };
            st.Args.Add(ParseNonReservedWordOrString());
            return st;
        }
        if (IsKw("session") && PeekAt(1).Is("authorization"))
        {
            Advance();
            Advance();
            if (AcceptKw("default"))
                return new VariableSetStmt { Kind = VariableSetKind.SetDefault, Name = "session_authorization",
                    IsLocal = isLocal, Location = loc };
            var st = new VariableSetStmt { Kind = VariableSetKind.Set, Name = "session_authorization",
                IsLocal = isLocal, Location = loc };
            st.Args.Add(ParseNonReservedWordOrString());
            return st;
        }
        if (IsKw("xml") && PeekAt(1).Is("option"))
        {
            Advance();
            Advance();
            if (!IsKw("document") && !IsKw("content"))
                SyntaxError();
            var st = new VariableSetStmt { Kind = VariableSetKind.Set, Name = "xmloption", IsLocal = isLocal,
                Location = loc };
            st.Args.Add(Advance().Text);
            return st;
        }
        string name = ParseVarName();
        if (IsKw("from") && PeekAt(1).Is("current"))
        {
            Advance();
            Advance();
            return new VariableSetStmt { Kind = VariableSetKind.SetCurrent, Name = name, IsLocal = isLocal,
                Location = loc };
        }
        if (!AcceptKw("to") && !AcceptOp("="))
            SyntaxError();
        if (AcceptKw("default"))
            return new VariableSetStmt { Kind = VariableSetKind.SetDefault, Name = name, IsLocal = isLocal,
                Location = loc };
        var stmt = new VariableSetStmt { Kind = VariableSetKind.Set, Name = name, IsLocal = isLocal, Location = loc };
        do
            stmt.Args.Add(ParseVarValue());
        while (Accept(TokenKind.Comma));
        return stmt;
    }

    /// <summary>var_value: true/false/on, a non-reserved word, a string, or a signed number.</summary>
    string ParseVarValue()
    {
        var t = Cur;
        if (t.Kind == TokenKind.Operator && t.Text is "+" or "-"
            && PeekAt(1).Kind is TokenKind.Integer or TokenKind.Decimal)
        {
            Advance();
            string num = NumberText(Advance());
            return t.Text == "-" ? NegateNumberText(num) : num;
        }
        if (t.Kind is TokenKind.Integer or TokenKind.Decimal)
            return NumberText(Advance());
        if (t.Kind == TokenKind.Identifier && t.Text is "true" or "false" or "on")
            return Advance().Text;
        return ParseNonReservedWordOrString();
    }

    static string NumberText(Token t) =>
        t.Kind == TokenKind.Integer
            ? int.Parse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
            : t.Text;

    static string NegateNumberText(string s) => s.StartsWith('-') ? s[1..] : "-" + s;

    Node ParseZoneValue(bool isLocal, int loc)
    {
        if (AcceptKw("default") || AcceptKw("local"))
            return new VariableSetStmt { Kind = VariableSetKind.SetDefault, Name = "timezone", IsLocal = isLocal,
                Location = loc };
        var st = new VariableSetStmt { Kind = VariableSetKind.Set, Name = "timezone", IsLocal = isLocal,
            Location = loc };
        if (IsKw("interval"))
        {
            var intervalTok = Cur;
            NotSupported("SET TIME ZONE INTERVAL", intervalTok);
        }
        if (Cur.Kind is TokenKind.String)
            st.Args.Add(Advance().Text);
        else if (Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && !Keywords.IsReserved(Cur.Text))
            st.Args.Add(Advance().Text);
        else
            st.Args.Add(ParseVarValue());
        return st;
    }

    Node ParseShow()
    {
        var showTok = ExpectKw("show");
        string name = AcceptKw("all") ? "all" : ParseShowResetName();
        return new VariableShowStmt { Name = name, Location = showTok.Location };
    }

    /// <summary>The setting named by SHOW or RESET: TIME ZONE, TRANSACTION ISOLATION LEVEL, SESSION
    /// AUTHORIZATION, or a (possibly dotted) name.</summary>
    string ParseShowResetName()
    {
        if (IsKw("time") && PeekAt(1).Is("zone"))
        {
            Advance();
            Advance();
            return "timezone";
        }
        if (IsKw("transaction") && PeekAt(1).Is("isolation"))
        {
            Advance();
            Advance();
            ExpectKw("level");
            return "transaction_isolation";
        }
        if (IsKw("session") && PeekAt(1).Is("authorization"))
        {
            Advance();
            Advance();
            return "session_authorization";
        }
        return ParseVarName();
    }

    Node ParseReset()
    {
        var resetTok = ExpectKw("reset");
        if (AcceptKw("all"))
            return new VariableSetStmt { Kind = VariableSetKind.ResetAll, Location = resetTok.Location };
        string name = ParseShowResetName();
        return new VariableSetStmt { Kind = VariableSetKind.Reset, Name = name, Location = resetTok.Location };
    }

    // ---- transactions -----------------------------------------------------------------------------------

    TransactionOptions ParseTransactionModes(bool required)
    {
        var o = new TransactionOptions();
        bool first = true;
        while (true)
        {
            if (!first && Cur.Kind == TokenKind.Comma)
            {
                Advance();
                if (!StartsTransactionMode())
                    SyntaxError();
            }
            if (!StartsTransactionMode())
            {
                if (first && required)
                    SyntaxError();
                return o;
            }
            first = false;
            if (AcceptKw("isolation"))
            {
                ExpectKw("level");
                if (AcceptKw("serializable"))
                {
                    o.IsolationLevel = "serializable";
                }
                else if (AcceptKw("repeatable"))
                {
                    ExpectKw("read");
                    o.IsolationLevel = "repeatable read";
                }
                else if (AcceptKw("read"))
                {
                    if (AcceptKw("committed"))
                        o.IsolationLevel = "read committed";
                    else if (AcceptKw("uncommitted"))
                        o.IsolationLevel = "read uncommitted";
                    else
                        SyntaxError();
                }
                else
                {
                    SyntaxError();
                }
            }
            else if (AcceptKw("read"))
            {
                if (AcceptKw("only"))
                    o.ReadOnly = true;
                else if (AcceptKw("write"))
                    o.ReadOnly = false;
                else
                    SyntaxError();
            }
            else if (AcceptKw("deferrable"))
            {
                o.Deferrable = true;
            }
            else
            {
                ExpectKw("not");
                ExpectKw("deferrable");
                o.Deferrable = false;
            }
        }
    }

    bool StartsTransactionMode() =>
        IsKw("isolation") || IsKw("read") || IsKw("deferrable") || (IsKw("not") && PeekAt(1).Is("deferrable"));

    bool ParseChain()
    {
        if (!AcceptKw("and"))
            return false;
        bool no = AcceptKw("no");
        ExpectKw("chain");
        return !no;
    }

    Node ParseTransaction()
    {
        var t = Advance();
        int loc = t.Location;
        switch (t.Text)
        {
            case "begin":
            {
                if (!AcceptKw("work"))
                    AcceptKw("transaction");
                var o = ParseTransactionModes(required: false);
                return new TransactionStmt { Kind = TransactionStmtKind.Begin, Options = o, Location = loc };
            }
            case "start":
            {
                ExpectKw("transaction");
                var o = ParseTransactionModes(required: false);
                return new TransactionStmt { Kind = TransactionStmtKind.Start, Options = o, Location = loc };
            }
            case "commit":
            case "end":
                if (t.Text == "commit" && AcceptKw("prepared"))
                    return new TransactionStmt { Kind = TransactionStmtKind.CommitPrepared,
                        Gid = Expect(TokenKind.String).Text, Location = loc };
                if (!AcceptKw("work"))
                    AcceptKw("transaction");
                return new TransactionStmt { Kind = TransactionStmtKind.Commit, Chain = ParseChain(), Location = loc };
            case "rollback":
            case "abort":
            {
                if (t.Text == "rollback" && AcceptKw("prepared"))
                    return new TransactionStmt { Kind = TransactionStmtKind.RollbackPrepared,
                        Gid = Expect(TokenKind.String).Text, Location = loc };
                if (!AcceptKw("work"))
                    AcceptKw("transaction");
                if (t.Text == "rollback" && AcceptKw("to"))
                {
                    AcceptKw("savepoint");
                    return new TransactionStmt { Kind = TransactionStmtKind.RollbackTo, SavepointName = ParseColId(),
                        Location = loc };
                }
                return new TransactionStmt { Kind = TransactionStmtKind.Rollback, Chain = ParseChain(),
                    Location = loc };
            }
            case "savepoint":
                return new TransactionStmt { Kind = TransactionStmtKind.Savepoint, SavepointName = ParseColId(),
                    Location = loc };
            case "release":
                AcceptKw("savepoint");
                return new TransactionStmt { Kind = TransactionStmtKind.Release, SavepointName = ParseColId(),
                    Location = loc };
            default: // prepare transaction
                ExpectKw("transaction");
                return new TransactionStmt { Kind = TransactionStmtKind.Prepare, Gid = Expect(TokenKind.String).Text,
                    Location = loc };
        }
    }

    Node ParseDiscard()
    {
        var t = ExpectKw("discard");
        DiscardTarget target;
        if (AcceptKw("all"))
            target = DiscardTarget.All;
        else if (AcceptKw("plans"))
            target = DiscardTarget.Plans;
        else if (AcceptKw("sequences"))
            target = DiscardTarget.Sequences;
        else if (AcceptKw("temp") || AcceptKw("temporary"))
            target = DiscardTarget.Temp;
        else
        {
            throw Err();
        }
        return new DiscardStmt { Target = target, Location = t.Location };
    }
}
