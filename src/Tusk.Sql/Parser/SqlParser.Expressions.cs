// Expression grammar (a_expr / b_expr / c_expr of gram.y) as a precedence-climbing parser with PostgreSQL 15's
// precedence table: OR < AND < NOT < IS < comparison < BETWEEN/IN/LIKE < other operators < + - < * / % < ^
// < AT TIME ZONE < COLLATE < unary minus < [] :: . Comparisons and the LIKE level are non-associative.
// Unary minus on a numeric literal is folded into the constant (doNegate), so -2147483648 is an int4 literal.
using Tusk.Sql.Nodes;

namespace Tusk.Sql.Parser;

internal sealed partial class SqlParser
{
    const int PrecOr = 1;
    const int PrecAnd = 2;
    const int PrecNot = 3;
    const int PrecIs = 4;
    const int PrecCmp = 5;
    const int PrecLike = 6;
    const int PrecOp = 7;
    const int PrecAdd = 8;
    const int PrecMul = 9;
    const int PrecExp = 10;
    const int PrecAt = 11;
    const int PrecUnary = 13;

    Node ParseExpr() => ParseExprAt(0);

    /// <summary>
    /// b_expr: the restricted expression of DEFAULT. Its outermost level stops at AND/OR/NOT, IS [NOT] NULL/TRUE,
    /// ISNULL/NOTNULL, IN, LIKE/ILIKE/SIMILAR, BETWEEN, COLLATE and AT TIME ZONE, so that DEFAULT 0 NOT NULL ends
    /// before NOT; nested operands, arguments and parentheses are unrestricted.
    /// </summary>
    Node ParseBExpr() => ParseExprAt(0, bExpr: true);

    bool IsBExprStop(Token t)
    {
        if (t.Kind != TokenKind.Identifier)
            return false;
        if (t.Text == "is")
        {
            var n = PeekAt(1).Is("not") ? PeekAt(2) : PeekAt(1);
            return !(n.Is("distinct") || n.Is("document"));
        }
        return t.Text is "or" or "and" or "isnull" or "notnull" or "between" or "in" or "like" or "ilike" or "similar"
            or "not" or "at" or "collate";
    }

    /// <summary>
    /// Binary/postfix precedence of the current token, or -1 when it does not continue an expression (nor, at the
    /// outermost level of a b_expr, a b_expr).
    /// </summary>
    int InfixPrecedence(bool bExpr)
    {
        var t = Cur;
        if (bExpr && IsBExprStop(t))
            return -1;
        switch (t.Kind)
        {
            case TokenKind.Operator:
                return t.Text switch
                {
                    "<" or ">" or "=" or "<=" or ">=" or "<>" => PrecCmp,
                    "+" or "-" => PrecAdd,
                    "*" or "/" or "%" => PrecMul,
                    "^" => PrecExp,
                    "=>" => -1,
                    _ => PrecOp,
                };
            case TokenKind.Typecast:
            case TokenKind.LeftBracket:
                return 14;
            case TokenKind.Identifier:
                switch (t.Text)
                {
                    case "or":
                        return PrecOr;
                    case "and":
                        return PrecAnd;
                    case "is":
                    case "isnull":
                    case "notnull":
                        return PrecIs;
                    case "between":
                    case "in":
                    case "like":
                    case "ilike":
                        return PrecLike;
                    case "similar":
                        // SIMILAR without TO belongs to SUBSTRING(x SIMILAR p ESCAPE e).
                        return PeekAt(1).Is("to") ? PrecLike : -1;
                    case "not":
                        var n = PeekAt(1);
                        return n.Is("between") || n.Is("in") || n.Is("like") || n.Is("ilike") || n.Is("similar")
                            ? PrecLike : -1;
                    case "at":
                        return PeekAt(1).Is("time") ? PrecAt : -1;
                    case "collate":
                        return 12;
                }
                return -1;
            default:
                return -1;
        }
    }

    Node ParseExprAt(int minPrec, bool bExpr = false)
    {
        var left = ParsePrefix();
        int nonAssoc = -1;
        while (true)
        {
            int prec = InfixPrecedence(bExpr);
            if (prec < 0 || prec < minPrec)
                return left;
            if (prec == nonAssoc)
                SyntaxError();
            var t = Cur;
            nonAssoc = -1;
            if (t.Kind == TokenKind.Typecast)
            {
                Advance();
                var tn = ParseTypeName();
                left = new TypeCast { Arg = left, TypeName = tn, Location = t.Location };
                continue;
            }
            if (t.Kind == TokenKind.LeftBracket)
                throw Err(t); // subscripts follow only a column, parameter or parenthesized expression
            if (t.Kind == TokenKind.Operator)
            {
                Advance();
                if (IsSubLinkStart())
                {
                    left = ParseAnyAll(left, t.Text, t);
                    if (prec == PrecCmp)
                        nonAssoc = prec;
                    continue;
                }
                var right = ParseExprAt(prec + 1);
                left = new A_Expr { Kind = A_ExprKind.Op, Name = t.Text, Lexpr = left, Rexpr = right,
                    Location = t.Location };
                if (prec == PrecCmp)
                    nonAssoc = prec;
                continue;
            }
            switch (t.Text)
            {
                case "or":
                case "and":
                {
                    Advance();
                    var right = ParseExprAt(prec + 1);
                    var type = t.Text == "or" ? BoolExprType.Or : BoolExprType.And;
                    if (left is BoolExpr be && be.Type == type)
                        be.Args.Add(right);
                    else
                        left = new BoolExpr { Type = type, Args = [left, right], Location = t.Location };
                    continue;
                }
                case "isnull":
                case "notnull":
                    Advance();
                    left = new NullTest { Arg = left, IsNot = t.Text == "notnull", Location = t.Location };
                    continue;
                case "is":
                    left = ParseIs(left);
                    if (left is A_Expr)
                        nonAssoc = PrecIs;
                    continue;
                case "at":
                {
                    Advance();
                    ExpectKw("time");
                    ExpectKw("zone");
                    var zone = ParseExprAt(PrecAt + 1);
                    left = new FuncCall { Name = ["pg_catalog", "timezone"], Args = [zone, left], Location = t.Location };
                    continue;
                }
                case "collate":
                    NotSupported("COLLATE", t);
                    break;
            }
            // BETWEEN / IN / LIKE / ILIKE / SIMILAR, optionally preceded by NOT.
            bool not = AcceptKw("not");
            var opTok = Advance();
            left = opTok.Text switch
            {
                "between" => ParseBetween(left, not, opTok),
                "in" => ParseIn(left, not, opTok),
                _ => ParseLike(left, not, opTok),
            };
            nonAssoc = PrecLike;
        }
    }

    Node ParseIs(Node left)
    {
        var isTok = Advance();
        bool not = AcceptKw("not");
        var t = Cur;
        if (AcceptKw("null"))
            return new NullTest { Arg = left, IsNot = not, Location = isTok.Location };
        if (AcceptKw("true"))
            return new BooleanTest { Arg = left, TestType = not ? BoolTestType.IsNotTrue : BoolTestType.IsTrue,
                Location = isTok.Location };
        if (AcceptKw("false"))
            return new BooleanTest { Arg = left, TestType = not ? BoolTestType.IsNotFalse : BoolTestType.IsFalse,
                Location = isTok.Location };
        if (AcceptKw("unknown"))
            return new BooleanTest { Arg = left,
                TestType = not ? BoolTestType.IsNotUnknown : BoolTestType.IsUnknown, Location = isTok.Location };
        if (AcceptKw("distinct"))
        {
            ExpectKw("from");
            var right = ParseExprAt(PrecIs + 1);
            return new A_Expr { Kind = not ? A_ExprKind.NotDistinct : A_ExprKind.Distinct, Name = "=", Lexpr = left,
                Rexpr = right, Location = isTok.Location };
        }
        if (t.Is("document") || t.Is("normalized") || t.Is("of") || t.Is("json") || t.Is("nfc") || t.Is("nfd")
            || t.Is("nfkc") || t.Is("nfkd"))
            NotSupported("IS " + t.Text.ToUpperInvariant(), t);
        throw Err();
    }

    Node ParseBetween(Node left, bool not, Token opTok)
    {
        bool symmetric = false;
        if (AcceptKw("symmetric"))
            symmetric = true;
        else
            AcceptKw("asymmetric");
        var low = ParseExprAt(PrecOp);
        ExpectKw("and");
        var high = ParseExprAt(PrecOp);
        var kind = (not, symmetric) switch
        {
            (false, false) => A_ExprKind.Between,
            (true, false) => A_ExprKind.NotBetween,
            (false, true) => A_ExprKind.BetweenSymmetric,
            _ => A_ExprKind.NotBetweenSymmetric,
        };
        string name = kind switch
        {
            A_ExprKind.Between => "BETWEEN",
            A_ExprKind.NotBetween => "NOT BETWEEN",
            A_ExprKind.BetweenSymmetric => "BETWEEN SYMMETRIC",
            _ => "NOT BETWEEN SYMMETRIC",
        };
        return new A_Expr { Kind = kind, Name = name, Lexpr = left, RightList = [low, high],
            Location = opTok.Location };
    }

    Node ParseIn(Node left, bool not, Token opTok)
    {
        if (StartsQueryAfterParen())
        {
            Advance();
            var sub = ParseSubselectBody();
            var link = new SubLink { Type = SubLinkType.Any, TestExpr = left, OperName = "=", Subselect = sub,
                Location = opTok.Location };
            return not ? new BoolExpr { Type = BoolExprType.Not, Args = [link], Location = opTok.Location } : link;
        }
        Expect(TokenKind.LeftParen);
        var list = ParseExprList();
        Expect(TokenKind.RightParen);
        return new A_Expr { Kind = A_ExprKind.In, Name = not ? "<>" : "=", Lexpr = left, RightList = list,
            Location = opTok.Location };
    }

    Node ParseLike(Node left, bool not, Token opTok)
    {
        A_ExprKind kind;
        string name;
        string escapeFunc = "like_escape";
        switch (opTok.Text)
        {
            case "like":
                kind = A_ExprKind.Like;
                name = not ? "!~~" : "~~";
                break;
            case "ilike":
                kind = A_ExprKind.ILike;
                name = not ? "!~~*" : "~~*";
                break;
            case "similar":
                ExpectKw("to");
                kind = A_ExprKind.Similar;
                name = not ? "!~" : "~";
                escapeFunc = "similar_to_escape";
                break;
            default:
                throw Err(opTok);
        }
        if (IsSubLinkStart())
            return ParseAnyAll(left, name, opTok);
        var pattern = ParseExprAt(PrecLike + 1);
        if (IsKw("escape"))
        {
            var escTok = Advance();
            var esc = ParseExprAt(PrecLike + 1);
            pattern = new FuncCall { Name = ["pg_catalog", escapeFunc], Args = [pattern, esc],
                Location = escTok.Location };
        }
        else if (kind == A_ExprKind.Similar)
        {
            pattern = new FuncCall { Name = ["pg_catalog", escapeFunc], Args = [pattern], Location = opTok.Location };
        }
        return new A_Expr { Kind = kind, Name = name, Lexpr = left, Rexpr = pattern, Location = opTok.Location };
    }

    /// <summary>ANY / SOME / ALL followed by a parenthesis, after an operator (a_expr subquery_Op sub_type).</summary>
    bool IsSubLinkStart() =>
        (IsKw("any") || IsKw("some") || IsKw("all")) && PeekAt(1).Kind == TokenKind.LeftParen;

    /// <summary>x op ANY / SOME / ALL (subquery | array expression); the operator is already consumed.</summary>
    Node ParseAnyAll(Node left, string op, Token opTok)
    {
        var kw = Advance();
        if (StartsQueryAfterParen())
        {
            Advance();
            var sub = ParseSubselectBody();
            return new SubLink { Type = kw.Is("all") ? SubLinkType.All : SubLinkType.Any, TestExpr = left, OperName = op,
                Subselect = sub, Location = opTok.Location };
        }
        Expect(TokenKind.LeftParen);
        var arr = ParseExpr();
        Expect(TokenKind.RightParen);
        return new A_Expr { Kind = kw.Is("all") ? A_ExprKind.OpAll : A_ExprKind.OpAny, Name = op, Lexpr = left,
            Rexpr = arr, Location = opTok.Location };
    }

    /// <summary>array_expr after ARRAY or inside one: [a, b] | [[..], [..]] | [].</summary>
    A_ArrayExpr ParseArrayBrackets(int location)
    {
        Expect(TokenKind.LeftBracket);
        var elems = new List<Node>();
        if (Cur.Kind == TokenKind.LeftBracket)
        {
            do
                elems.Add(ParseArrayBrackets(Cur.Location));
            while (Accept(TokenKind.Comma));
        }
        else if (Cur.Kind != TokenKind.RightBracket)
        {
            elems = ParseExprList();
        }
        Expect(TokenKind.RightBracket);
        return new A_ArrayExpr { Elements = elems, Location = location };
    }

    List<Node> ParseExprList()
    {
        var list = new List<Node>();
        do
            list.Add(ParseExpr());
        while (Accept(TokenKind.Comma));
        return list;
    }

    Node ParsePrefix()
    {
        var t = Cur;
        switch (t.Kind)
        {
            case TokenKind.Integer:
                Advance();
                return new A_Const { Kind = ConstKind.Integer, Text = t.Text, Location = t.Location };
            case TokenKind.Decimal:
                Advance();
                return new A_Const { Kind = ConstKind.Float, Text = t.Text, Location = t.Location };
            case TokenKind.String:
                Advance();
                return new A_Const { Kind = ConstKind.String, Text = t.Text, Location = t.Location };
            case TokenKind.BitString:
                Advance();
                return new A_Const { Kind = ConstKind.BitString, Text = "b" + t.Text, Location = t.Location };
            case TokenKind.HexString:
                Advance();
                return new A_Const { Kind = ConstKind.BitString, Text = "x" + t.Text, Location = t.Location };
            case TokenKind.Param:
                Advance();
                return CheckIndirection(new ParamRef { Number = int.Parse(t.Text,
                    System.Globalization.CultureInfo.InvariantCulture), Location = t.Location });
            case TokenKind.LeftParen:
            {
                if (StartsQueryAfterParen())
                {
                    Advance();
                    var sub = ParseSubselectBody();
                    return CheckIndirection(new SubLink { Type = SubLinkType.Expr, Subselect = sub,
                        Location = t.Location });
                }
                Advance();
                var e = ParseExpr();
                if (Cur.Kind == TokenKind.Comma)
                {
                    // (a, b, ...): an implicit row constructor.
                    var items = new List<Node> { e };
                    while (Accept(TokenKind.Comma))
                        items.Add(ParseExpr());
                    Expect(TokenKind.RightParen);
                    return new RowExpr { Args = items, Location = t.Location };
                }
                Expect(TokenKind.RightParen);
                return CheckIndirection(e);
            }
            case TokenKind.Operator:
                return ParsePrefixOperator(t);
            case TokenKind.QuotedIdentifier:
                return ParseNameExpression();
            case TokenKind.Identifier:
                return ParseKeywordOrName(t);
            default:
                throw Err();
        }
    }

    /// <summary>opt_indirection after a column, parameter or parenthesized expression: [i], [lo:hi], ...</summary>
    Node CheckIndirection(Node e)
    {
        if (Cur.Kind == TokenKind.LeftBracket && e is not FuncCall)
        {
            var list = new List<A_Indices>();
            while (Cur.Kind == TokenKind.LeftBracket)
            {
                var lb = Advance();
                Node? lo = null;
                Node? hi = null;
                bool slice = false;
                if (Cur.Kind != TokenKind.Colon)
                    hi = ParseExpr();
                if (Accept(TokenKind.Colon))
                {
                    slice = true;
                    lo = hi;
                    hi = Cur.Kind == TokenKind.RightBracket ? null : ParseExpr();
                }
                Expect(TokenKind.RightBracket);
                list.Add(new A_Indices { IsSlice = slice, Lidx = lo, Uidx = hi, Location = lb.Location });
            }
            e = new A_Indirection { Arg = e, Indirection = list, Location = e.Location };
        }
        if (Cur.Kind == TokenKind.Dot)
            NotSupported("field selection", Cur);
        return e;
    }

    Node ParsePrefixOperator(Token t)
    {
        Advance();
        if (t.Text is "-" or "+")
        {
            var operand = ParseExprAt(PrecUnary);
            if (t.Text == "+")
                return new A_Expr { Kind = A_ExprKind.Op, Name = "+", Rexpr = operand, Location = t.Location };
            if (operand is A_Const { Kind: ConstKind.Integer or ConstKind.Float } c)
            {
                // doNegate: fold the sign into the literal, keeping the minus sign's location.
                string text = c.Text!.StartsWith('-') ? c.Text[1..] : "-" + c.Text;
                var kind = c.Kind;
                if (kind == ConstKind.Float && int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign,
                        System.Globalization.CultureInfo.InvariantCulture, out _) && !text.Contains('.')
                    && !text.Contains('e') && !text.Contains('E'))
                    kind = ConstKind.Integer; // -2147483648
                return new A_Const { Kind = kind, Text = text, Location = t.Location };
            }
            return new A_Expr { Kind = A_ExprKind.Op, Name = "-", Rexpr = operand, Location = t.Location };
        }
        if (t.Text is "<" or ">" or "=" or "<=" or ">=" or "<>" or "*" or "/" or "%" or "^" or "=>")
            throw Err(t);
        var arg = ParseExprAt(PrecAdd);
        return new A_Expr { Kind = A_ExprKind.Op, Name = t.Text, Rexpr = arg, Location = t.Location };
    }

    Node ParseKeywordOrName(Token t)
    {
        bool call = PeekAt(1).Kind == TokenKind.LeftParen;
        switch (t.Text)
        {
            case "true":
            case "false":
                Advance();
                return new A_Const { Kind = ConstKind.Bool, Text = t.Text, Location = t.Location };
            case "null":
                Advance();
                return new A_Const { Kind = ConstKind.Null, Location = t.Location };
            case "not":
            {
                Advance();
                var arg = ParseExprAt(PrecNot + 1);
                return new BoolExpr { Type = BoolExprType.Not, Args = [arg], Location = t.Location };
            }
            case "case":
                return ParseCase();
            case "cast":
            {
                Advance();
                Expect(TokenKind.LeftParen);
                var arg = ParseExpr();
                ExpectKw("as");
                var tn = ParseTypeName();
                Expect(TokenKind.RightParen);
                return new TypeCast { Arg = arg, TypeName = tn, Location = t.Location };
            }
            case "coalesce":
            case "greatest":
            case "least":
            case "nullif":
            {
                Advance();
                Expect(TokenKind.LeftParen);
                var args = ParseExprList();
                Expect(TokenKind.RightParen);
                var kind = t.Text switch
                {
                    "coalesce" => CoalesceKind.Coalesce,
                    "greatest" => CoalesceKind.Greatest,
                    "least" => CoalesceKind.Least,
                    _ => CoalesceKind.NullIf,
                };
                if (kind == CoalesceKind.NullIf && args.Count != 2)
                    throw Err(_tokens[_p - 1]);
                return new CoalesceExpr { Kind = kind, Args = args, Location = t.Location };
            }
            case "current_date":
                return Svf(SQLValueFunctionOp.CurrentDate, t, precision: false);
            case "current_time":
                return Svf(SQLValueFunctionOp.CurrentTime, t, precision: true);
            case "current_timestamp":
                return Svf(SQLValueFunctionOp.CurrentTimestamp, t, precision: true);
            case "localtime":
                return Svf(SQLValueFunctionOp.LocalTime, t, precision: true);
            case "localtimestamp":
                return Svf(SQLValueFunctionOp.LocalTimestamp, t, precision: true);
            case "current_role":
                return Svf(SQLValueFunctionOp.CurrentRole, t, precision: false);
            case "current_user":
                return Svf(SQLValueFunctionOp.CurrentUser, t, precision: false);
            case "session_user":
                return Svf(SQLValueFunctionOp.SessionUser, t, precision: false);
            case "user":
                return Svf(SQLValueFunctionOp.User, t, precision: false);
            case "current_catalog":
                return Svf(SQLValueFunctionOp.CurrentCatalog, t, precision: false);
            case "current_schema" when !call:
                return Svf(SQLValueFunctionOp.CurrentSchema, t, precision: false);
            case "exists" when call:
            {
                Advance();
                Advance();
                var sub = ParseSubselectBody();
                return new SubLink { Type = SubLinkType.Exists, Subselect = sub, Location = t.Location };
            }
            case "array" when call && StartsQueryAfterParenAt(1):
            {
                Advance();
                Advance();
                var sub = ParseSubselectBody();
                return new SubLink { Type = SubLinkType.Array, Subselect = sub, Location = t.Location };
            }
            case "array" when PeekAt(1).Kind == TokenKind.LeftBracket:
                Advance();
                return ParseArrayBrackets(t.Location);
            case "exists":
            case "array":
            case "row" when call:
            case "grouping" when call:
            case "treat" when call:
            case "normalize" when call:
                NotSupported(t.Text.ToUpperInvariant(), t);
                break;
            case "extract" when call:
                return ParseExtract(t);
            case "position" when call:
                return ParsePosition(t);
            case "substring" when call:
                return ParseSubstring(t);
            case "trim" when call:
                return ParseTrim(t);
            case "overlay" when call:
                return ParseOverlay(t);
            case "interval":
            {
                var tn = ParseTypeName();
                if (Cur.Kind != TokenKind.String)
                    throw Err();
                var lit = Advance();
                ParseIntervalFields(tn);
                return new TypeCast { Arg = new A_Const { Kind = ConstKind.String, Text = lit.Text,
                    Location = lit.Location }, TypeName = tn, Location = t.Location };
            }
        }
        if (IsSqlTypeKeyword(t.Text))
        {
            // ConstTypename Sconst: int '1', double precision '2', timestamp with time zone '...'
            var tn = ParseTypeName();
            if (Cur.Kind != TokenKind.String)
                throw Err();
            var lit = Advance();
            return new TypeCast { Arg = new A_Const { Kind = ConstKind.String, Text = lit.Text,
                Location = lit.Location }, TypeName = tn, Location = t.Location };
        }
        var cat = Keywords.Category(t.Text);
        if (cat == KeywordCategory.Reserved)
            throw Err();
        if (cat == KeywordCategory.TypeFuncName && !call && PeekAt(1).Kind != TokenKind.String)
            throw Err();
        return ParseNameExpression();
    }

    Node Svf(SQLValueFunctionOp op, Token t, bool precision)
    {
        Advance();
        int typmod = -1;
        if (precision && Cur.Kind == TokenKind.LeftParen)
        {
            Advance();
            var n = Expect(TokenKind.Integer);
            typmod = int.Parse(n.Text, System.Globalization.CultureInfo.InvariantCulture);
            Expect(TokenKind.RightParen);
        }
        return new SQLValueFunction { Op = op, Typmod = typmod, Location = t.Location };
    }

    /// <summary>columnref, func_name(args), or func_name 'literal' (a typed constant).</summary>
    Node ParseNameExpression()
    {
        var first = Advance();
        var names = new List<string> { first.Text };
        while (Cur.Kind == TokenKind.Dot)
        {
            Advance();
            if (Cur.IsOp("*"))
            {
                Advance();
                names.Add("*");
                return new ColumnRef { Fields = names, Location = first.Location };
            }
            names.Add(ParseAttrName());
        }
        if (Cur.Kind == TokenKind.LeftParen)
            return ParseFuncCall(names, first);
        if (Cur.Kind == TokenKind.String)
        {
            var lit = Advance();
            var tn = new TypeName { Names = names, Location = first.Location };
            return new TypeCast { Arg = new A_Const { Kind = ConstKind.String, Text = lit.Text,
                Location = lit.Location }, TypeName = tn, Location = first.Location };
        }
        if (first.Kind == TokenKind.Identifier && names.Count == 1 && !Keywords.IsColId(first.Text))
            throw Err(first);
        return CheckIndirection(new ColumnRef { Fields = names, Location = first.Location });
    }

    Node ParseFuncCall(List<string> names, Token first)
    {
        Expect(TokenKind.LeftParen);
        bool star = false;
        bool distinct = false;
        bool variadic = false;
        var args = new List<Node>();
        var order = new List<SortBy>();
        if (Cur.IsOp("*"))
        {
            Advance();
            star = true;
        }
        else if (Cur.Kind != TokenKind.RightParen)
        {
            if (AcceptKw("distinct"))
                distinct = true;
            else
                AcceptKw("all");
            do
            {
                if (AcceptKw("variadic"))
                {
                    // gram.y: VARIADIC marks the last argument only.
                    variadic = true;
                    args.Add(ParseExpr());
                    break;
                }
                if ((Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
                    && (PeekAt(1).IsOp("=>") || PeekAt(1).Kind == TokenKind.ColonEquals))
                    NotSupported("named arguments", Cur);
                args.Add(ParseExpr());
            }
            while (Accept(TokenKind.Comma));
            if (AcceptKw("order"))
            {
                ExpectKw("by");
                do
                    order.Add(ParseSortBy());
                while (Accept(TokenKind.Comma));
            }
        }
        Expect(TokenKind.RightParen);
        if (IsKw("within") && PeekAt(1).Is("group"))
            NotSupported("WITHIN GROUP", Cur);
        if (IsKw("filter") && PeekAt(1).Kind == TokenKind.LeftParen)
            NotSupported("FILTER", Cur);
        if (IsKw("over"))
            NotSupported("window functions", Cur);
        return CheckIndirection(new FuncCall { Name = names, Args = args, AggStar = star, Distinct = distinct,
            Variadic = variadic, AggOrder = order, Location = first.Location });
    }

    Node ParseCase()
    {
        var caseTok = ExpectKw("case");
        Node? arg = null;
        if (!IsKw("when"))
            arg = ParseExpr();
        var whens = new List<CaseWhen>();
        while (IsKw("when"))
        {
            var w = Advance();
            var cond = ParseExpr();
            ExpectKw("then");
            var result = ParseExpr();
            whens.Add(new CaseWhen { Expr = cond, Result = result, Location = w.Location });
        }
        if (whens.Count == 0)
            SyntaxError();
        Node? def = null;
        if (AcceptKw("else"))
            def = ParseExpr();
        ExpectKw("end");
        return new CaseExpr { Arg = arg, Whens = whens, DefResult = def, Location = caseTok.Location };
    }

    Node ParseExtract(Token t)
    {
        Advance();
        Expect(TokenKind.LeftParen);
        string field;
        if (Cur.Kind == TokenKind.String || Cur.Kind == TokenKind.Identifier || Cur.Kind == TokenKind.QuotedIdentifier)
            field = Advance().Text;
        else
            throw Err();
        ExpectKw("from");
        var src = ParseExpr();
        Expect(TokenKind.RightParen);
        return new FuncCall { Name = ["pg_catalog", "extract"],
            Args = [new A_Const { Kind = ConstKind.String, Text = field, Location = t.Location }, src],
            Location = t.Location };
    }

    Node ParsePosition(Token t)
    {
        Advance();
        Expect(TokenKind.LeftParen);
        var needle = ParseExprAt(PrecLike + 1);
        ExpectKw("in");
        var hay = ParseExprAt(PrecLike + 1);
        Expect(TokenKind.RightParen);
        return new FuncCall { Name = ["pg_catalog", "position"], Args = [hay, needle], Location = t.Location };
    }

    Node ParseSubstring(Token t)
    {
        Advance();
        Expect(TokenKind.LeftParen);
        var s = ParseExpr();
        var args = new List<Node> { s };
        if (Accept(TokenKind.Comma))
        {
            args.AddRange(ParseExprList());
        }
        else if (AcceptKw("from"))
        {
            args.Add(ParseExpr());
            if (AcceptKw("for"))
                args.Add(ParseExpr());
        }
        else if (AcceptKw("for"))
        {
            args.Add(new A_Const { Kind = ConstKind.Integer, Text = "1", Location = -1 });
            args.Add(ParseExpr());
        }
        else if (AcceptKw("similar"))
        {
            // SUBSTRING(x SIMILAR p ESCAPE e) is substring(x, p, e), the SQL99 form.
            args.Add(ParseExpr());
            ExpectKw("escape");
            args.Add(ParseExpr());
        }
        Expect(TokenKind.RightParen);
        return new FuncCall { Name = ["pg_catalog", "substring"], Args = args, Location = t.Location };
    }

    /// <summary>OVERLAY(s PLACING r FROM start [FOR count]) or overlay(args): pg_catalog.overlay(s, r, start [, count]).</summary>
    Node ParseOverlay(Token t)
    {
        Advance();
        Expect(TokenKind.LeftParen);
        var args = new List<Node>();
        if (Cur.Kind != TokenKind.RightParen)
        {
            args.Add(ParseExpr());
            if (AcceptKw("placing"))
            {
                args.Add(ParseExpr());
                ExpectKw("from");
                args.Add(ParseExpr());
                if (AcceptKw("for"))
                    args.Add(ParseExpr());
            }
            else
            {
                while (Accept(TokenKind.Comma))
                    args.Add(ParseExpr());
            }
        }
        Expect(TokenKind.RightParen);
        return new FuncCall { Name = ["pg_catalog", "overlay"], Args = args, Location = t.Location };
    }

    Node ParseTrim(Token t)
    {
        Advance();
        Expect(TokenKind.LeftParen);
        string func = "btrim";
        if (AcceptKw("leading"))
            func = "ltrim";
        else if (AcceptKw("trailing"))
            func = "rtrim";
        else
            AcceptKw("both");
        // trim_list: a_expr FROM expr_list (the characters go last) | FROM expr_list | expr_list.
        List<Node> args;
        if (AcceptKw("from"))
        {
            args = ParseExprList();
        }
        else
        {
            args = ParseExprList();
            if (args.Count == 1 && AcceptKw("from"))
            {
                var chars = args[0];
                args = ParseExprList();
                args.Add(chars);
            }
        }
        Expect(TokenKind.RightParen);
        return new FuncCall { Name = ["pg_catalog", func], Args = args, Location = t.Location };
    }
}
