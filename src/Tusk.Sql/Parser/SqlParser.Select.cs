// The SELECT half of gram.y: WITH lists, set operations (INTERSECT binds tighter than UNION/EXCEPT; both
// left-associative), simple SELECT with DISTINCT [ON], target list, FROM items (tables with column aliases,
// subqueries, functions, VALUES, explicit JOINs), WHERE, GROUP BY, HAVING, ORDER BY, LIMIT/OFFSET/FETCH FIRST,
// plus VALUES and TABLE name as queries. ORDER BY/LIMIT after a set operation apply to its result.
using Tusk.Common.Errors;
using Tusk.Sql.Nodes;

namespace Tusk.Sql.Parser;

internal sealed partial class SqlParser
{
    List<CommonTableExpr> ParseWithClause()
    {
        ExpectKw("with");
        if (IsKw("recursive"))
            NotSupported("WITH RECURSIVE", Cur);
        var list = new List<CommonTableExpr>();
        do
        {
            var nameTok = Cur;
            string name = ParseColId();
            var cols = Cur.Kind == TokenKind.LeftParen ? ParseColumnList() : [];
            ExpectKw("as");
            if (AcceptKw("not"))
                ExpectKw("materialized");
            else
                AcceptKw("materialized");
            Expect(TokenKind.LeftParen);
            if (IsKw("insert") || IsKw("update") || IsKw("delete"))
                NotSupported("data-modifying statements in WITH", Cur);
            var q = ParseSelectStatement();
            Expect(TokenKind.RightParen);
            list.Add(new CommonTableExpr { Name = name, ColNames = cols, Query = q, Location = nameTok.Location });
        }
        while (Accept(TokenKind.Comma));
        return list;
    }

    /// <summary>select_stmt: [WITH] set operations, then ORDER BY / LIMIT / OFFSET / FETCH.</summary>
    SelectStmt ParseSelectStatement()
    {
        if (IsKw("with"))
        {
            var ctes = ParseWithClause();
            if (IsKw("insert") || IsKw("update") || IsKw("delete") || IsKw("merge"))
                NotSupported($"WITH ... {Cur.Text.ToUpperInvariant()}", Cur);
            var s = ParseSelectBody();
            s.WithClause.InsertRange(0, ctes);
            return s;
        }
        return ParseSelectBody();
    }

    SelectStmt ParseSelectBody()
    {
        var s = ParseSetOperation(0);
        if (IsKw("order") || IsKw("limit") || IsKw("offset") || IsKw("fetch"))
        {
            // insertSelectOptions: clauses after a parenthesized query join it, but none may be given twice.
            var opts = new SelectStmt();
            ParseSortAndLimit(opts);
            if (opts.SortClause.Count > 0)
            {
                if (s.SortClause.Count > 0)
                    Throw.Error(SqlState.SyntaxError, "multiple ORDER BY clauses not allowed",
                        position: opts.SortClause[0].Location + 1);
                s.SortClause.AddRange(opts.SortClause);
            }
            if (opts.LimitOffset != null)
            {
                if (s.LimitOffset != null)
                    Throw.Error(SqlState.SyntaxError, "multiple OFFSET clauses not allowed",
                        position: opts.LimitOffset.Location + 1);
                s.LimitOffset = opts.LimitOffset;
            }
            if (opts.LimitCount != null)
            {
                if (s.LimitCount != null)
                    Throw.Error(SqlState.SyntaxError, "multiple LIMIT clauses not allowed",
                        position: opts.LimitCount.Location + 1);
                s.LimitCount = opts.LimitCount;
            }
        }
        if (IsKw("for"))
            ParseLockingClause(s);
        return s;
    }

    /// <summary>
    /// FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE: the clauses it cannot go with are refused as
    /// CheckSelectLocking refuses them (0A000); row locking itself is not supported yet.
    /// </summary>
    void ParseLockingClause(SelectStmt s)
    {
        var forTok = Advance();
        string strength;
        if (AcceptKw("update"))
            strength = "UPDATE";
        else if (AcceptKw("share"))
            strength = "SHARE";
        else if (AcceptKw("no"))
        {
            ExpectKw("key");
            ExpectKw("update");
            strength = "NO KEY UPDATE";
        }
        else
        {
            ExpectKw("key");
            ExpectKw("share");
            strength = "KEY SHARE";
        }
        string? clash = s.Op != SetOperation.None ? "UNION/INTERSECT/EXCEPT"
            : s.Distinct ? "DISTINCT clause"
            : s.GroupClause.Count > 0 ? "GROUP BY clause"
            : s.HavingClause != null ? "HAVING clause"
            : null;
        if (clash != null)
            Throw.Error(SqlState.FeatureNotSupported, $"FOR {strength} is not allowed with {clash}");
        NotSupported("SELECT FOR UPDATE/SHARE", forTok);
    }

    SelectStmt ParseSetOperation(int minPrec)
    {
        var left = ParseSelectPrimary();
        while (true)
        {
            int prec = IsKw("union") || IsKw("except") ? 1 : IsKw("intersect") ? 2 : -1;
            if (prec < 0 || prec < minPrec)
                return left;
            var opTok = Advance();
            bool all = AcceptKw("all");
            if (!all)
                AcceptKw("distinct");
            var right = ParseSetOperation(prec + 1);
            var op = opTok.Text switch
            {
                "union" => SetOperation.Union,
                "intersect" => SetOperation.Intersect,
                _ => SetOperation.Except,
            };
            left = new SelectStmt { Op = op, All = all, Larg = left, Rarg = right, Location = left.Location };
        }
    }

    /// <summary>simple_select or select_with_parens.</summary>
    SelectStmt ParseSelectPrimary()
    {
        if (Cur.Kind == TokenKind.LeftParen)
        {
            Advance();
            var s = ParseSelectStatement();
            Expect(TokenKind.RightParen);
            return s;
        }
        if (IsKw("values"))
            return ParseValuesLists();
        if (IsKw("table"))
        {
            var t = Advance();
            var rv = ParseRelationExpr();
            var s = new SelectStmt { Location = t.Location };
            s.TargetList.Add(new ResTarget { Val = new ColumnRef { Fields = ["*"], Location = t.Location },
                Location = t.Location });
            s.FromClause.Add(rv);
            return s;
        }
        return ParseSimpleSelect();
    }

    SelectStmt ParseSimpleSelect()
    {
        var selTok = ExpectKw("select");
        var s = new SelectStmt { Location = selTok.Location };
        if (AcceptKw("distinct"))
        {
            s.Distinct = true;
            if (AcceptKw("on"))
            {
                Expect(TokenKind.LeftParen);
                s.DistinctOn.AddRange(ParseExprList());
                Expect(TokenKind.RightParen);
            }
        }
        else
        {
            AcceptKw("all");
        }
        if (s.Distinct && AtTargetListEnd())
            SyntaxError();    // DISTINCT needs a target list (an empty one is only plain SELECT's)
        if (!AtTargetListEnd())
        {
            do
                s.TargetList.Add(ParseTarget());
            while (Accept(TokenKind.Comma));
        }
        if (IsKw("into"))
            NotSupported("SELECT INTO", Cur);
        if (AcceptKw("from"))
        {
            do
                s.FromClause.Add(ParseTableRef());
            while (Accept(TokenKind.Comma));
        }
        if (AcceptKw("where"))
            s.WhereClause = ParseExpr();
        if (IsKw("group"))
        {
            Advance();
            ExpectKw("by");
            if (!AcceptKw("all"))
                AcceptKw("distinct");
            do
                s.GroupClause.Add(ParseGroupByItem());
            while (Accept(TokenKind.Comma));
        }
        if (AcceptKw("having"))
            s.HavingClause = ParseExpr();
        if (IsKw("window"))
            NotSupported("WINDOW", Cur);
        return s;
    }

    /// <summary>group_by_item: an expression, (), ROLLUP (exprs), CUBE (exprs) or GROUPING SETS (items).</summary>
    Node ParseGroupByItem()
    {
        var t = Cur;
        if (t.Kind == TokenKind.LeftParen && PeekAt(1).Kind == TokenKind.RightParen)
        {
            Advance();
            Advance();
            return new GroupingSet { Kind = GroupingSetKind.Empty, Location = t.Location };
        }
        GroupingSetKind kind;
        if ((IsKw("rollup") || IsKw("cube")) && PeekAt(1).Kind == TokenKind.LeftParen)
            kind = IsKw("rollup") ? GroupingSetKind.Rollup : GroupingSetKind.Cube;
        else if (IsKw("grouping") && PeekAt(1).Is("sets"))
        {
            Advance();
            kind = GroupingSetKind.Sets;
        }
        else
            return ParseExpr();
        Advance();
        Expect(TokenKind.LeftParen);
        var content = new List<Node>();
        do
            content.Add(kind == GroupingSetKind.Sets ? ParseGroupByItem() : ParseExpr());
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightParen);
        return new GroupingSet { Kind = kind, Content = content, Location = t.Location };
    }

    bool AtTargetListEnd()
    {
        if (AtStatementEnd || Cur.Kind == TokenKind.RightParen)
            return true;
        return Cur.Kind == TokenKind.Identifier && Cur.Text is "from" or "where" or "group" or "having" or "order"
            or "limit" or "offset" or "fetch" or "union" or "intersect" or "except" or "into" or "window" or "for";
    }

    ResTarget ParseTarget()
    {
        var start = Cur;
        if (Cur.IsOp("*"))
        {
            Advance();
            return new ResTarget { Val = new ColumnRef { Fields = ["*"], Location = start.Location },
                Location = start.Location };
        }
        var val = ParseExpr();
        string? name = null;
        if (AcceptKw("as"))
        {
            if (Cur.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
                SyntaxError();
            name = Advance().Text;
        }
        else if (Cur.Kind == TokenKind.QuotedIdentifier
                 || (Cur.Kind == TokenKind.Identifier && Keywords.IsBareLabel(Cur.Text)))
        {
            name = Advance().Text;
        }
        return new ResTarget { Val = val, Name = name, Location = start.Location };
    }

    /// <summary>table_ref followed by any number of JOINs.</summary>
    Node ParseTableRef()
    {
        var left = ParseTablePrimary();
        while (true)
        {
            var t = Cur;
            bool natural = false;
            JoinType type;
            if (IsKw("cross") && PeekAt(1).Is("join"))
            {
                Advance();
                Advance();
                var right = ParseTablePrimary();
                left = new JoinExpr { JoinType = JoinType.Inner, Larg = left, Rarg = right, Location = t.Location };
                continue;
            }
            if (IsKw("natural"))
            {
                Advance();
                natural = true;
            }
            if (AcceptKw("join"))
                type = JoinType.Inner;
            else if (AcceptKw("inner"))
            {
                ExpectKw("join");
                type = JoinType.Inner;
            }
            else if (IsKw("left") || IsKw("right") || IsKw("full"))
            {
                var k = Advance();
                AcceptKw("outer");
                ExpectKw("join");
                type = k.Text switch { "left" => JoinType.Left, "right" => JoinType.Right, _ => JoinType.Full };
            }
            else
            {
                if (natural)
                    throw Err();
                return left;
            }
            var rarg = ParseTablePrimary();
            Node? quals = null;
            List<string>? usingCols = null;
            if (!natural)
            {
                if (AcceptKw("on"))
                    quals = ParseExpr();
                else if (IsKw("using"))
                {
                    Advance();
                    usingCols = ParseColumnList();
                }
                else
                    throw Err();
            }
            left = new JoinExpr { JoinType = type, IsNatural = natural, Larg = left, Rarg = rarg, Quals = quals,
                UsingClause = usingCols, Location = t.Location };
        }
    }

    Node ParseTablePrimary()
    {
        var start = Cur;
        bool lateral = AcceptKw("lateral");
        if (Cur.Kind == TokenKind.LeftParen)
        {
            if (StartsQueryAfterParen())
            {
                Advance();
                var q = ParseSelectStatement();
                Expect(TokenKind.RightParen);
                var (alias, cols) = ParseOptAliasClause();
                if (alias == null)
                    Throw.Error(SqlState.SyntaxError, "subquery in FROM must have an alias",
                        hint: "For example, FROM (SELECT ...) [AS] foo.", position: start.Location + 1);
                return new RangeSubselect { Subquery = q, Alias = alias, ColNames = cols, Lateral = lateral,
                    Location = start.Location };
            }
            if (lateral)
                throw Err();
            Advance();
            var inner = ParseTableRef();
            Expect(TokenKind.RightParen);
            var (jalias, _) = ParseOptAliasClause();
            if (jalias != null && inner is JoinExpr j)
                return new JoinExpr { JoinType = j.JoinType, IsNatural = j.IsNatural, Larg = j.Larg, Rarg = j.Rarg,
                    Quals = j.Quals, UsingClause = j.UsingClause, Alias = jalias, Location = j.Location };
            return inner;
        }
        if (IsKw("only"))
        {
            var rvOnly = ParseRelationExpr();
            return WithAliasClause(rvOnly);
        }
        // A function call: name ( ... ).
        int k = 1;
        while (PeekAt(k).Kind == TokenKind.Dot && PeekAt(k + 1).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
            k += 2;
        if (PeekAt(k).Kind == TokenKind.LeftParen && Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            var fn = ParseExpr();
            if (fn is not FuncCall fc)
                throw Err();
            bool ordinality = false;
            if (IsKw("with") && PeekAt(1).Is("ordinality"))
            {
                Advance();
                Advance();
                ordinality = true;
            }
            var (alias, cols) = ParseOptAliasClause();
            return new RangeFunction { Function = fc, Alias = alias, ColNames = cols, Ordinality = ordinality,
                Lateral = lateral, Location = start.Location };
        }
        if (lateral)
            throw Err();
        var rv = ParseRelationExpr();
        if (IsKw("tablesample"))
            NotSupported("TABLESAMPLE", Cur);
        return WithAliasClause(rv);
    }

    RangeVar WithAliasClause(RangeVar rv)
    {
        var (alias, cols) = ParseOptAliasClause();
        if (alias == null)
            return rv;
        return new RangeVar
        {
            Catalog = rv.Catalog, Schema = rv.Schema, Name = rv.Name, Alias = alias, ColNames = cols, Inh = rv.Inh,
            Persistence = rv.Persistence, Location = rv.Location,
        };
    }

    /// <summary>opt_alias_clause: [AS] alias [(col, ...)].</summary>
    (string? Alias, List<string> Cols) ParseOptAliasClause()
    {
        string? alias = null;
        if (AcceptKw("as"))
            alias = ParseColId();
        else if (Cur.Kind == TokenKind.QuotedIdentifier
                 || (Cur.Kind == TokenKind.Identifier && Keywords.IsColId(Cur.Text) && !IsJoinWord(Cur.Text)
                     && !(Cur.Text == "with" && PeekAt(1).Is("ordinality"))))
            alias = Advance().Text;
        var cols = alias != null && Cur.Kind == TokenKind.LeftParen ? ParseColumnList() : [];
        return (alias, cols);
    }

    static bool IsJoinWord(string w) =>
        w is "join" or "inner" or "left" or "right" or "full" or "cross" or "natural" or "on" or "using";

    void ParseSortAndLimit(SelectStmt s)
    {
        if (IsKw("order"))
        {
            Advance();
            ExpectKw("by");
            do
                s.SortClause.Add(ParseSortBy());
            while (Accept(TokenKind.Comma));
        }
        bool sawLimit = false;
        bool sawOffset = false;
        while (true)
        {
            if (!sawLimit && IsKw("limit"))
            {
                Advance();
                sawLimit = true;
                if (!AcceptKw("all"))
                    s.LimitCount = ParseExpr();
                if (Cur.Kind == TokenKind.Comma)
                    Throw.Error(SqlState.SyntaxError, "LIMIT #,# syntax is not supported",
                        hint: "Use separate LIMIT and OFFSET clauses.", position: Cur.Location + 1);
            }
            else if (!sawOffset && IsKw("offset"))
            {
                Advance();
                sawOffset = true;
                s.LimitOffset = ParseExpr();
                if (!AcceptKw("row"))
                    AcceptKw("rows");
            }
            else if (!sawLimit && IsKw("fetch"))
            {
                Advance();
                sawLimit = true;
                if (!AcceptKw("first"))
                    ExpectKw("next");
                if (!IsKw("row") && !IsKw("rows"))
                    s.LimitCount = ParseExprAt(PrecAdd);
                else
                    s.LimitCount = new A_Const { Kind = ConstKind.Integer, Text = "1", Location = Cur.Location };
                if (!AcceptKw("row"))
                    ExpectKw("rows");
                if (IsKw("with"))
                    NotSupported("FETCH ... WITH TIES", Cur);
                ExpectKw("only");
            }
            else
            {
                return;
            }
        }
    }

    SortBy ParseSortBy()
    {
        var start = Cur;
        var e = ParseExpr();
        if (IsKw("using"))
            NotSupported("ORDER BY USING", Cur);
        var (desc, nullsFirst) = ParseOptAscDescNulls();
        return new SortBy { Expr = e, Desc = desc, NullsFirst = nullsFirst, Location = start.Location };
    }

    /// <summary>opt_asc_desc opt_nulls_order: [ASC | DESC] [NULLS FIRST | NULLS LAST] (ORDER BY and index keys).</summary>
    (bool Desc, bool? NullsFirst) ParseOptAscDescNulls()
    {
        bool desc = AcceptKw("desc");
        if (!desc)
            AcceptKw("asc");
        bool? nullsFirst = null;
        if (AcceptKw("nulls"))
        {
            if (AcceptKw("first"))
                nullsFirst = true;
            else
            {
                ExpectKw("last");
                nullsFirst = false;
            }
        }
        return (desc, nullsFirst);
    }

    /// <summary>A sub-SELECT after its opening parenthesis has been consumed: the SubLink body.</summary>
    SelectStmt ParseSubselectBody()
    {
        var q = ParseSelectStatement();
        Expect(TokenKind.RightParen);
        return q;
    }
}
