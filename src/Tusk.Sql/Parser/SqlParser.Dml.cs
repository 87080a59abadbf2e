// Data-changing statements of gram.y: INSERT (VALUES / query / DEFAULT VALUES, ON CONFLICT, RETURNING), UPDATE
// (single and multiple-column SET, FROM), DELETE (USING) and COPY (both option syntaxes), plus the shared pieces:
// relation_expr with ONLY, the optional alias, SET clause lists, RETURNING and generic option arguments.
using Tusk.Sql.Nodes;

namespace Tusk.Sql.Parser;

internal sealed partial class SqlParser
{
    // ---- shared pieces -----------------------------------------------------------------------------------

    /// <summary>any_name / qualified_name: ColId followed by .attr_name parts.</summary>
    List<string> ParseAnyName()
    {
        var names = new List<string> { ParseColId() };
        while (Accept(TokenKind.Dot))
            names.Add(ParseAttrName());
        return names;
    }

    /// <summary>A list of names, located at its first token (captured before the names are read).</summary>
    NameList ParseNameList(Func<List<string>> parse)
    {
        var start = Cur;
        return new NameList { Names = parse(), Location = start.Location };
    }

    /// <summary>qualified_name as a RangeVar (at most catalog.schema.name).</summary>
    RangeVar ParseQualifiedName(char persistence = 'p')
    {
        var start = Cur;
        var names = ParseAnyName();
        return MakeRangeVar(names, start, persistence);
    }

    static RangeVar MakeRangeVar(List<string> names, Token start, char persistence = 'p', bool inh = true)
    {
        if (names.Count > 3)
            Common.Errors.Throw.Error(Common.Errors.SqlState.SyntaxError,
                $"improper qualified name (too many dotted names): {string.Join('.', names)}",
                position: start.Location + 1);
        return new RangeVar
        {
            Catalog = names.Count == 3 ? names[0] : null,
            Schema = names.Count >= 2 ? names[^2] : null,
            Name = names[^1],
            Persistence = persistence,
            Inh = inh,
            Location = start.Location,
        };
    }

    /// <summary>relation_expr: name [*] | ONLY name | ONLY (name).</summary>
    RangeVar ParseRelationExpr()
    {
        var start = Cur;
        if (AcceptKw("only"))
        {
            bool paren = Accept(TokenKind.LeftParen);
            var names = ParseAnyName();
            if (paren)
                Expect(TokenKind.RightParen);
            return MakeRangeVar(names, start, inh: false);
        }
        var rv = ParseQualifiedName();
        AcceptOp("*");
        return rv;
    }

    /// <summary>relation_expr_opt_alias: a bare alias may not be <paramref name="stopWord"/> (SET for UPDATE).</summary>
    RangeVar ParseRelationExprOptAlias(string? stopWord)
    {
        var rv = ParseRelationExpr();
        string? alias = null;
        if (AcceptKw("as"))
            alias = ParseColId();
        else if (Cur.Kind == TokenKind.QuotedIdentifier
                 || (Cur.Kind == TokenKind.Identifier && Keywords.IsColId(Cur.Text) && Cur.Text != stopWord))
            alias = Advance().Text;
        return alias == null ? rv : WithAlias(rv, alias);
    }

    static RangeVar WithAlias(RangeVar rv, string alias) => new()
    {
        Catalog = rv.Catalog, Schema = rv.Schema, Name = rv.Name, Alias = alias, Inh = rv.Inh,
        Persistence = rv.Persistence, Location = rv.Location,
    };

    /// <summary>'(' ColId, ... ')'.</summary>
    List<string> ParseColumnList()
    {
        Expect(TokenKind.LeftParen);
        var list = new List<string>();
        do
            list.Add(ParseColId());
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightParen);
        return list;
    }

    List<string> ParseOptColumnList() => Cur.Kind == TokenKind.LeftParen ? ParseColumnList() : [];

    List<ResTarget> ParseOptReturning()
    {
        var list = new List<ResTarget>();
        if (!AcceptKw("returning"))
            return list;
        do
            list.Add(ParseTarget());
        while (Accept(TokenKind.Comma));
        return list;
    }

    /// <summary>NumericOnly: a signed integer or decimal literal.</summary>
    A_Const ParseNumericOnly()
    {
        var start = Cur;
        bool neg = false;
        if (Cur.IsOp("-") || Cur.IsOp("+"))
        {
            neg = Advance().Text == "-";
        }
        var t = Cur;
        if (t.Kind is not (TokenKind.Integer or TokenKind.Decimal))
            SyntaxError();
        Advance();
        string text = neg ? "-" + t.Text : t.Text;
        return new A_Const { Kind = t.Kind == TokenKind.Integer ? ConstKind.Integer : ConstKind.Float, Text = text,
            Location = start.Location };
    }

    /// <summary>An option argument: a signed number, a string, or a word (kept as a string, like
    /// opt_boolean_or_string and def_arg).</summary>
    Node ParseOptionArg()
    {
        var t = Cur;
        if (t.Kind is TokenKind.Integer or TokenKind.Decimal || t.IsOp("-") || t.IsOp("+"))
            return ParseNumericOnly();
        if (t.Kind is TokenKind.String or TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            Advance();
            return new A_Const { Kind = ConstKind.String, Text = t.Text, Location = t.Location };
        }
        throw Err();
    }

    /// <summary>'(' name [= arg], ... ')': reloptions (WITH (fillfactor = 70)) and opt_definition.</summary>
    List<DefElem> ParseRelOptions()
    {
        Expect(TokenKind.LeftParen);
        var list = new List<DefElem>();
        do
        {
            var t = Cur;
            var names = new List<string> { ParseAttrName() };
            while (Accept(TokenKind.Dot))
                names.Add(ParseAttrName());
            Node? arg = null;
            if (AcceptOp("="))
                arg = ParseOptionArg();
            list.Add(new DefElem { Defname = string.Join('.', names), Arg = arg, Location = t.Location });
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightParen);
        return list;
    }

    /// <summary>'(' name [arg], ... ')': the generic option list of COPY, EXPLAIN and VACUUM.</summary>
    List<DefElem> ParseGenericOptions(bool allowListArgs)
    {
        Expect(TokenKind.LeftParen);
        var list = new List<DefElem>();
        do
        {
            var t = Cur;
            string name = ParseAttrName();
            Node? arg = null;
            if (Cur.Kind is not (TokenKind.Comma or TokenKind.RightParen))
            {
                if (allowListArgs && Cur.IsOp("*"))
                    arg = new A_Const { Kind = ConstKind.String, Text = "*", Location = Advance().Location };
                else if (allowListArgs && Cur.Kind == TokenKind.LeftParen)
                    arg = ParseNameList(ParseColumnList);
                else
                    arg = ParseOptionArg();
            }
            list.Add(new DefElem { Defname = name, Arg = arg, Location = t.Location });
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightParen);
        return list;
    }

    DropBehavior ParseOptDropBehavior()
    {
        if (AcceptKw("cascade"))
            return DropBehavior.Cascade;
        AcceptKw("restrict");
        return DropBehavior.Restrict;
    }

    /// <summary>RoleSpec: a role name, CURRENT_ROLE, CURRENT_USER, SESSION_USER or PUBLIC.</summary>
    RoleSpec ParseRoleSpec()
    {
        var t = Cur;
        RoleSpecType type;
        if (AcceptKw("current_role"))
            type = RoleSpecType.CurrentRole;
        else if (AcceptKw("current_user"))
            type = RoleSpecType.CurrentUser;
        else if (AcceptKw("session_user"))
            type = RoleSpecType.SessionUser;
        else if (AcceptKw("public"))
            type = RoleSpecType.Public;
        else
            return new RoleSpec { RoleType = RoleSpecType.CString, RoleName = ParseNonReservedWord(), Location = t.Location };
        return new RoleSpec { RoleType = type, Location = t.Location };
    }

    /// <summary>NonReservedWord: an identifier or any keyword that is not reserved.</summary>
    string ParseNonReservedWord()
    {
        if (Cur.Kind == TokenKind.QuotedIdentifier || (Cur.Kind == TokenKind.Identifier && !Keywords.IsReserved(Cur.Text)))
            return Advance().Text;
        throw Err();
    }

    /// <summary>A query that may stand where gram.y has SelectStmt (CREATE VIEW, CREATE TABLE AS, INSERT).</summary>
    SelectStmt ParseQuery()
    {
        if (IsKw("select") || IsKw("values") || IsKw("with") || IsKw("table") || Cur.Kind == TokenKind.LeftParen)
            return ParseSelectStatement();
        throw Err();
    }

    /// <summary>PreparableStmt: SELECT, INSERT, UPDATE, DELETE.</summary>
    Node ParsePreparableStmt()
    {
        if (IsKw("insert"))
            return ParseInsert();
        if (IsKw("update"))
            return ParseUpdate();
        if (IsKw("delete"))
            return ParseDelete();
        if (IsKw("merge"))
            NotSupported("MERGE", Cur);
        return ParseQuery();
    }

    // ---- INSERT ------------------------------------------------------------------------------------------

    InsertStmt ParseInsert()
    {
        var start = ExpectKw("insert");
        ExpectKw("into");
        var rv = ParseQualifiedName();
        if (AcceptKw("as"))
            rv = WithAlias(rv, ParseColId());
        var cols = new List<ResTarget>();
        if (Cur.Kind == TokenKind.LeftParen && !StartsQueryAfterParen())
        {
            Advance();
            do
            {
                var t = Cur;
                string name = ParseColId();
                if (Cur.Kind is TokenKind.Dot or TokenKind.LeftBracket)
                    NotSupported("INSERT into a field or element of a column", Cur);
                cols.Add(new ResTarget { Val = new SetToDefault { Location = t.Location }, Name = name,
                    Location = t.Location });
            }
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.RightParen);
        }
        string? overriding = null;
        if (AcceptKw("overriding"))
        {
            if (AcceptKw("system"))
                overriding = "system";
            else
            {
                ExpectKw("user");
                overriding = "user";
            }
            ExpectKw("value");
        }
        SelectStmt? source = null;
        if (IsKw("default"))
        {
            Advance();
            ExpectKw("values");
        }
        else
        {
            source = ParseQuery();
        }
        OnConflictClause? onConflict = null;
        if (IsKw("on") && PeekAt(1).Is("conflict"))
            onConflict = ParseOnConflict();
        var returning = ParseOptReturning();
        return new InsertStmt { Relation = rv, Cols = cols, SelectStmt = source, OnConflictClause = onConflict,
            ReturningList = returning, Override = overriding, Location = start.Location };
    }

    bool StartsQueryAfterParen() => StartsQueryAfterParenAt(0);

    /// <summary>Whether the token at Cur+<paramref name="at"/> is "(" opening a query (after any further "(").</summary>
    bool StartsQueryAfterParenAt(int at)
    {
        if (PeekAt(at).Kind != TokenKind.LeftParen)
            return false;
        int k = at + 1;
        while (PeekAt(k).Kind == TokenKind.LeftParen)
            k++;
        var t = PeekAt(k);
        return t.Is("select") || t.Is("values") || t.Is("with") || t.Is("table");
    }

    SelectStmt ParseValuesLists()
    {
        var start = ExpectKw("values");
        var s = new SelectStmt { Location = start.Location };
        do
        {
            Expect(TokenKind.LeftParen);
            var row = new List<Node>();
            do
                row.Add(ParseExprOrDefault());
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.RightParen);
            s.ValuesLists.Add(row);
        }
        while (Accept(TokenKind.Comma));
        return s;
    }

    Node ParseExprOrDefault()
    {
        if (IsKw("default"))
            return new SetToDefault { Location = Advance().Location };
        return ParseExpr();
    }

    OnConflictClause ParseOnConflict()
    {
        var start = ExpectKw("on");
        ExpectKw("conflict");
        InferClause? infer = null;
        if (Cur.Kind == TokenKind.LeftParen)
        {
            var t = Cur;
            var elems = ParseIndexParams();
            Node? where = AcceptKw("where") ? ParseExpr() : null;
            infer = new InferClause { IndexElems = elems, WhereClause = where, Location = t.Location };
        }
        else if (IsKw("on"))
        {
            var t = Advance();
            ExpectKw("constraint");
            infer = new InferClause { Conname = ParseColId(), Location = t.Location };
        }
        ExpectKw("do");
        if (AcceptKw("nothing"))
            return new OnConflictClause { Action = OnConflictAction.Nothing, Infer = infer, Location = start.Location };
        ExpectKw("update");
        ExpectKw("set");
        var targets = ParseSetClauseList();
        Node? whereClause = AcceptKw("where") ? ParseExpr() : null;
        return new OnConflictClause { Action = OnConflictAction.Update, Infer = infer, TargetList = targets,
            WhereClause = whereClause, Location = start.Location };
    }

    // ---- UPDATE ------------------------------------------------------------------------------------------

    UpdateStmt ParseUpdate()
    {
        var start = ExpectKw("update");
        var rv = ParseRelationExprOptAlias("set");
        ExpectKw("set");
        var targets = ParseSetClauseList();
        var from = new List<Node>();
        if (AcceptKw("from"))
        {
            do
                from.Add(ParseTableRef());
            while (Accept(TokenKind.Comma));
        }
        var where = ParseWhereOrCurrentOf();
        var returning = ParseOptReturning();
        return new UpdateStmt { Relation = rv, TargetList = targets, FromClause = from, WhereClause = where,
            ReturningList = returning, Location = start.Location };
    }

    Node? ParseWhereOrCurrentOf()
    {
        if (!AcceptKw("where"))
            return null;
        if (IsKw("current") && PeekAt(1).Is("of"))
            NotSupported("WHERE CURRENT OF", Cur);
        return ParseExpr();
    }

    /// <summary>set_clause_list: col = expr | col = DEFAULT | (a, b) = source.</summary>
    List<ResTarget> ParseSetClauseList()
    {
        var list = new List<ResTarget>();
        do
        {
            var t = Cur;
            if (t.Kind == TokenKind.LeftParen)
            {
                Advance();
                var names = new List<(string Name, Token Tok)>();
                do
                {
                    var nt = Cur;
                    names.Add((ParseSetTargetName(), nt));
                }
                while (Accept(TokenKind.Comma));
                Expect(TokenKind.RightParen);
                if (!AcceptOp("="))
                    SyntaxError();
                var source = ParseMultiAssignSource();
                for (int i = 0; i < names.Count; i++)
                {
                    var mar = new MultiAssignRef { Source = source, Colno = i + 1, Ncolumns = names.Count,
                        Location = source.Location };
                    list.Add(new ResTarget { Val = mar, Name = names[i].Name, Location = names[i].Tok.Location });
                }
                continue;
            }
            string name = ParseSetTargetName();
            if (!AcceptOp("="))
                SyntaxError();
            list.Add(new ResTarget { Val = ParseExprOrDefault(), Name = name, Location = t.Location });
        }
        while (Accept(TokenKind.Comma));
        return list;
    }

    string ParseSetTargetName()
    {
        string name = ParseColId();
        if (Cur.Kind is TokenKind.Dot or TokenKind.LeftBracket)
            NotSupported("assignment to a field or element of a column", Cur);
        return name;
    }

    /// <summary>The right side of (a, b) = ...: a parenthesised list or ROW(...); DEFAULT items allowed.</summary>
    Node ParseMultiAssignSource()
    {
        var t = Cur;
        bool explicitRow = AcceptKw("row");
        if (Cur.Kind != TokenKind.LeftParen)
            SyntaxError();
        if (!explicitRow && StartsQueryAfterParen())
            NotSupported("SET (...) = (subquery)", t);
        Advance();
        var args = new List<Node>();
        if (Cur.Kind != TokenKind.RightParen)
        {
            do
                args.Add(ParseExprOrDefault());
            while (Accept(TokenKind.Comma));
        }
        Expect(TokenKind.RightParen);
        return new RowExpr { Args = args, ExplicitRow = explicitRow, Location = t.Location };
    }

    // ---- DELETE ------------------------------------------------------------------------------------------

    DeleteStmt ParseDelete()
    {
        var start = ExpectKw("delete");
        ExpectKw("from");
        var rv = ParseRelationExprOptAlias(null);
        var usingList = new List<Node>();
        if (AcceptKw("using"))
        {
            do
                usingList.Add(ParseTableRef());
            while (Accept(TokenKind.Comma));
        }
        var where = ParseWhereOrCurrentOf();
        var returning = ParseOptReturning();
        return new DeleteStmt { Relation = rv, UsingClause = usingList, WhereClause = where,
            ReturningList = returning, Location = start.Location };
    }

    // ---- COPY --------------------------------------------------------------------------------------------

    CopyStmt ParseCopy()
    {
        var start = ExpectKw("copy");
        var options = new List<DefElem>();
        if (Cur.Kind == TokenKind.LeftParen)
        {
            Advance();
            var query = ParsePreparableStmt();
            Expect(TokenKind.RightParen);
            ExpectKw("to");
            bool prog = AcceptKw("program");
            string? file = ParseCopyFileName(prog);
            AcceptKw("with");
            ParseCopyOptions(options);
            return new CopyStmt { Query = query, IsProgram = prog, Filename = file, Options = options,
                Location = start.Location };
        }
        if (IsKw("binary"))
            options.Add(new DefElem { Defname = "format", Arg = StringConst("binary", Cur), Location = Advance().Location });
        var rv = ParseQualifiedName();
        var cols = ParseOptColumnList();
        bool isFrom;
        if (AcceptKw("from"))
            isFrom = true;
        else if (AcceptKw("to"))
            isFrom = false;
        else
            throw Err();
        bool program = AcceptKw("program");
        string? filename = ParseCopyFileName(program);
        if (IsKw("using") || IsKw("delimiters"))
        {
            AcceptKw("using");
            var d = ExpectKw("delimiters");
            options.Add(new DefElem { Defname = "delimiter", Arg = StringConst(Expect(TokenKind.String).Text, d),
                Location = d.Location });
        }
        AcceptKw("with");
        ParseCopyOptions(options);
        Node? where = null;
        if (AcceptKw("where"))
            where = ParseExpr();
        return new CopyStmt { Relation = rv, Attlist = cols, IsFrom = isFrom, IsProgram = program, Filename = filename,
            Options = options, WhereClause = where, Location = start.Location };
    }

    static A_Const StringConst(string text, Token at) =>
        new() { Kind = ConstKind.String, Text = text, Location = at.Location };

    string? ParseCopyFileName(bool program)
    {
        if (Cur.Kind == TokenKind.String)
            return Advance().Text;
        if (!program && (AcceptKw("stdin") || AcceptKw("stdout")))
            return null;
        throw Err();
    }

    /// <summary>copy_options: '(' generic options ')' or the old keyword list.</summary>
    void ParseCopyOptions(List<DefElem> options)
    {
        if (Cur.Kind == TokenKind.LeftParen)
        {
            options.AddRange(ParseGenericOptions(allowListArgs: true));
            return;
        }
        while (true)
        {
            var t = Cur;
            if (AcceptKw("binary"))
                options.Add(new DefElem { Defname = "format", Arg = StringConst("binary", t), Location = t.Location });
            else if (AcceptKw("csv"))
                options.Add(new DefElem { Defname = "format", Arg = StringConst("csv", t), Location = t.Location });
            else if (AcceptKw("freeze"))
                options.Add(new DefElem { Defname = "freeze", Arg = BoolConst(true, t), Location = t.Location });
            else if (AcceptKw("header"))
                options.Add(new DefElem { Defname = "header", Arg = BoolConst(true, t), Location = t.Location });
            else if (IsKw("delimiter") || IsKw("null") || IsKw("quote") || IsKw("escape") || IsKw("encoding"))
            {
                Advance();
                if (t.Text != "encoding")
                    AcceptKw("as");
                var s = Expect(TokenKind.String);
                options.Add(new DefElem { Defname = t.Text, Arg = StringConst(s.Text, s), Location = t.Location });
            }
            else if (AcceptKw("force"))
            {
                string name;
                if (AcceptKw("quote"))
                    name = "force_quote";
                else if (AcceptKw("null"))
                    name = "force_null";
                else
                {
                    ExpectKw("not");
                    ExpectKw("null");
                    name = "force_not_null";
                }
                Node arg;
                if (name == "force_quote" && Cur.IsOp("*"))
                    arg = StringConst("*", Advance());
                else
                {
                    var lt = Cur;
                    var cols = new List<string>();
                    do
                        cols.Add(ParseColId());
                    while (Accept(TokenKind.Comma));
                    arg = new NameList { Names = cols, Location = lt.Location };
                }
                options.Add(new DefElem { Defname = name, Arg = arg, Location = t.Location });
            }
            else
            {
                return;
            }
        }
    }

    static A_Const BoolConst(bool value, Token at) =>
        new() { Kind = ConstKind.Bool, Text = value ? "true" : "false", Location = at.Location };
}
