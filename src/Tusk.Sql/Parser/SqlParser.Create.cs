// CREATE statements of gram.y: TABLE (columns, column and table constraints, LIKE, INHERITS, WITH, ON COMMIT),
// TABLE AS, VIEW, SEQUENCE (SeqOptList, shared with ALTER SEQUENCE and identity columns), INDEX, SCHEMA,
// DATABASE, TYPE ... AS ENUM (AS RANGE and OPERATOR CLASS: SqlParser.Define.cs) and FUNCTION / PROCEDURE.
// Object kinds not handled here raise 0A000
// "CREATE <KIND> is not supported yet" at the kind's keyword.
using Tusk.Sql.Nodes;

namespace Tusk.Sql.Parser;

internal sealed partial class SqlParser
{
    /// <summary>First words of the CREATE / ALTER / DROP forms PostgreSQL has and this grammar does not parse yet:
    /// these raise 0A000, any other word 42601.</summary>
    static readonly HashSet<string> OtherObjectKinds = new(StringComparer.Ordinal)
    {
        "access", "aggregate", "cast", "collation", "constraint", "conversion", "default", "domain", "event",
        "extension", "foreign", "group", "language", "materialized", "operator", "owned", "policy", "procedural",
        "publication", "role", "routine", "rule", "server", "statistics", "subscription", "system", "tablespace",
        "text", "transform", "trigger", "trusted", "user", "large",
    };

    Node ParseCreate()
    {
        var start = ExpectKw("create");
        bool orReplace = false;
        if (AcceptKw("or"))
        {
            ExpectKw("replace");
            orReplace = true;
        }
        char persistence = 'p';
        if (IsKw("temp") || IsKw("temporary"))
        {
            Advance();
            persistence = 't';
        }
        else if ((IsKw("local") || IsKw("global")) && (PeekAt(1).Is("temp") || PeekAt(1).Is("temporary")))
        {
            // XXX: PostgreSQL also warns "GLOBAL is deprecated in temporary table creation".
            Advance();
            Advance();
            persistence = 't';
        }
        else if (IsKw("unlogged"))
        {
            Advance();
            persistence = 'u';
        }
        var kind = Cur;
        if (orReplace && !(kind.Is("view") || kind.Is("function") || kind.Is("procedure") || kind.Is("recursive")
                || kind.Is("aggregate")))
        {
            if (kind.Is("trigger") || kind.Is("rule") || kind.Is("language")
                || kind.Is("transform") || kind.Is("trusted") || kind.Is("procedural"))
                NotSupported("CREATE OR REPLACE " + kind.Text.ToUpperInvariant(), kind);
            SyntaxError();
        }
        if (persistence != 'p' && !(kind.Is("table") || kind.Is("view") || kind.Is("sequence") || kind.Is("recursive")))
            SyntaxError();
        switch (kind.Text)
        {
            case "table" when kind.Kind == TokenKind.Identifier:
                return ParseCreateTable(start, persistence);
            case "view" when kind.Kind == TokenKind.Identifier:
            case "recursive" when kind.Kind == TokenKind.Identifier:
                return ParseCreateView(start, orReplace, persistence);
            case "sequence" when kind.Kind == TokenKind.Identifier:
                return ParseCreateSequence(start, persistence);
            case "unique" when kind.Kind == TokenKind.Identifier:
            case "index" when kind.Kind == TokenKind.Identifier:
                return ParseCreateIndex(start);
            case "schema" when kind.Kind == TokenKind.Identifier:
                return ParseCreateSchema(start);
            case "database" when kind.Kind == TokenKind.Identifier:
                return ParseCreateDatabase(start);
            case "type" when kind.Kind == TokenKind.Identifier:
                return ParseCreateType(start);
            case "function" when kind.Kind == TokenKind.Identifier:
            case "procedure" when kind.Kind == TokenKind.Identifier:
                return ParseCreateFunction(start, orReplace);
            case "role" when kind.Kind == TokenKind.Identifier:
            case "user" when kind.Kind == TokenKind.Identifier && !PeekAt(1).Is("mapping"):
            case "group" when kind.Kind == TokenKind.Identifier:
                return ParseCreateRole(start);
            case "aggregate" when kind.Kind == TokenKind.Identifier:
                return ParseCreateAggregate(start, orReplace);
            case "operator" when kind.Kind == TokenKind.Identifier && PeekAt(1).Is("class"):
                return ParseCreateOpClass(start);
        }
        if (kind.Is("materialized"))
            NotSupported("CREATE MATERIALIZED VIEW", kind);
        if (kind.Kind == TokenKind.Identifier && OtherObjectKinds.Contains(kind.Text))
            NotSupported("CREATE " + kind.Text.ToUpperInvariant(), kind);
        throw Err();
    }

    // ---- CREATE ROLE --------------------------------------------------------------------------------------

    /// <summary>CREATE ROLE|USER|GROUP name [WITH] option ... (CreateRoleStmt, OptRoleList).</summary>
    Node ParseCreateRole(Token start)
    {
        string type = Advance().Text;
        string name = ParseColId();
        AcceptKw("with");
        var options = new List<DefElem>();
        while (Cur.Kind == TokenKind.Identifier)
        {
            var t = Advance();
            string kw = t.Text;
            (string, Node?) opt = kw switch
            {
                "superuser" or "nosuperuser" => ("superuser", BoolConst(kw == "superuser", t)),
                "createdb" or "nocreatedb" => ("createdb", BoolConst(kw == "createdb", t)),
                "createrole" or "nocreaterole" => ("createrole", BoolConst(kw == "createrole", t)),
                "inherit" or "noinherit" => ("inherit", BoolConst(kw == "inherit", t)),
                "login" or "nologin" => ("canlogin", BoolConst(kw == "login", t)),
                "replication" or "noreplication" => ("isreplication", BoolConst(kw == "replication", t)),
                "bypassrls" or "nobypassrls" => ("bypassrls", BoolConst(kw == "bypassrls", t)),
                "connection" => ("connectionlimit", ParseConnectionLimit()),
                "encrypted" or "unencrypted" or "password" => ("password", ParseRolePassword(kw)),
                "valid" => ("validUntil", ParseValidUntil()),
                _ => throw Err(t),
            };
            options.Add(new DefElem { Defname = opt.Item1, Arg = opt.Item2, Location = t.Location });
        }
        return new CreateRoleStmt { StmtType = type, Role = name, Options = options, Location = start.Location };
    }

    Node ParseConnectionLimit()
    {
        ExpectKw("limit");
        var t = Cur;
        bool negative = Cur.IsOp("-") && Advance().Kind != TokenKind.EndOfInput;
        var n = Expect(TokenKind.Integer);
        return new A_Const { Kind = ConstKind.Integer, Text = (negative ? "-" : "") + n.Text, Location = t.Location };
    }

    Node ParseRolePassword(string kw)
    {
        if (kw != "password")
            ExpectKw("password");
        var t = Cur;
        if (AcceptKw("null"))
            return new A_Const { Kind = ConstKind.Null, Location = t.Location };
        return StringConst(Expect(TokenKind.String).Text, t);
    }

    Node ParseValidUntil()
    {
        ExpectKw("until");
        var t = Cur;
        return StringConst(Expect(TokenKind.String).Text, t);
    }

    bool ParseIfNotExists()
    {
        if (!IsKw("if"))
            return false;
        Advance();
        ExpectKw("not");
        ExpectKw("exists");
        return true;
    }

    bool ParseIfExists()
    {
        if (!IsKw("if"))
            return false;
        Advance();
        ExpectKw("exists");
        return true;
    }

    // ---- CREATE TABLE ------------------------------------------------------------------------------------

    Node ParseCreateTable(Token start, char persistence)
    {
        ExpectKw("table");
        bool ifNotExists = ParseIfNotExists();
        var rv = ParseQualifiedName(persistence);
        if (IsKw("of"))
            NotSupported("CREATE TABLE OF", Cur);
        if (IsKw("partition"))
            NotSupported("CREATE TABLE PARTITION OF", Cur);
        // Anything but a column-definition list is CREATE TABLE AS (WITH, ON COMMIT, TABLESPACE may come first).
        if (Cur.Kind != TokenKind.LeftParen || IsCtasColumnList())
            return ParseCreateTableAs(start, rv, ifNotExists);
        Expect(TokenKind.LeftParen);
        var elts = new List<Node>();
        if (Cur.Kind != TokenKind.RightParen)
        {
            do
                elts.Add(ParseTableElement());
            while (Accept(TokenKind.Comma));
        }
        Expect(TokenKind.RightParen);
        var inherits = new List<RangeVar>();
        if (AcceptKw("inherits"))
        {
            Expect(TokenKind.LeftParen);
            do
                inherits.Add(ParseQualifiedName());
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.RightParen);
        }
        if (IsKw("partition") && PeekAt(1).Is("by"))
            NotSupported("PARTITION BY", Cur);
        if (IsKw("using"))
            NotSupported("table access methods", Cur);
        var options = ParseOptWith();
        string? onCommit = ParseOptOnCommit();
        string? tablespace = AcceptKw("tablespace") ? ParseColId() : null;
        return new CreateStmt { Relation = rv, TableElts = elts, InhRelations = inherits, Options = options,
            OnCommit = onCommit, Tablespace = tablespace, IfNotExists = ifNotExists, Location = start.Location };
    }

    /// <summary>OptWith: WITH (reloptions) | WITHOUT OIDS | nothing.</summary>
    List<DefElem> ParseOptWith()
    {
        if (IsKw("without") && PeekAt(1).Is("oids"))
        {
            Advance();
            Advance();
            return [];
        }
        return ParseOptDefinition();
    }

    string? ParseOptOnCommit()
    {
        if (!IsKw("on") || !PeekAt(1).Is("commit"))
            return null;
        Advance();
        Advance();
        if (AcceptKw("drop"))
            return "drop";
        if (AcceptKw("delete"))
        {
            ExpectKw("rows");
            return "delete rows";
        }
        ExpectKw("preserve");
        ExpectKw("rows");
        return "preserve rows";
    }

    /// <summary>True when the '(' at the cursor opens a plain name list (CREATE TABLE t (a, b) AS ...): column
    /// definitions always have a second word.</summary>
    bool IsCtasColumnList()
    {
        int k = 1;
        while (true)
        {
            var name = PeekAt(k);
            if (!(name.Kind == TokenKind.QuotedIdentifier
                  || (name.Kind == TokenKind.Identifier && Keywords.IsColId(name.Text))))
                return false;
            var next = PeekAt(k + 1);
            if (next.Kind == TokenKind.RightParen)
                return true;
            if (next.Kind != TokenKind.Comma)
                return false;
            k += 2;
        }
    }

    Node ParseCreateTableAs(Token start, RangeVar rv, bool ifNotExists)
    {
        var cols = ParseOptColumnList();
        if (IsKw("using"))
            NotSupported("table access methods", Cur);
        var options = ParseOptWith();
        string? onCommit = ParseOptOnCommit();
        string? tablespace = AcceptKw("tablespace") ? ParseColId() : null;
        ExpectKw("as");
        var query = IsKw("execute") ? ParseExecute() : ParseQuery();
        bool skipData = false;
        if (IsKw("with") && (PeekAt(1).Is("data") || PeekAt(1).Is("no")))
        {
            Advance();
            skipData = AcceptKw("no");
            ExpectKw("data");
        }
        var into = new IntoClause { Rel = rv, ColNames = cols, Options = options, OnCommit = onCommit,
            Tablespace = tablespace, SkipData = skipData, Location = rv.Location };
        return new CreateTableAsStmt { Query = query, Into = into, IfNotExists = ifNotExists, Location = start.Location };
    }

    Node ParseTableElement()
    {
        if (IsKw("like"))
            return ParseTableLike();
        if (IsKw("constraint") || IsKw("check") || IsKw("unique") || IsKw("primary") || IsKw("foreign")
            || IsKw("exclude"))
            return ParseTableConstraint();
        return ParseColumnDef();
    }

    TableLikeClause ParseTableLike()
    {
        var t = ExpectKw("like");
        var rv = ParseQualifiedName();
        var opts = TableLikeOption.None;
        while (IsKw("including") || IsKw("excluding"))
        {
            bool including = Advance().Text == "including";
            var o = Cur;
            TableLikeOption bit = o.Kind != TokenKind.Identifier ? TableLikeOption.None : o.Text switch
            {
                "comments" => TableLikeOption.Comments,
                "compression" => TableLikeOption.Compression,
                "constraints" => TableLikeOption.Constraints,
                "defaults" => TableLikeOption.Defaults,
                "generated" => TableLikeOption.Generated,
                "identity" => TableLikeOption.Identity,
                "indexes" => TableLikeOption.Indexes,
                "statistics" => TableLikeOption.Statistics,
                "storage" => TableLikeOption.Storage,
                "all" => TableLikeOption.All,
                _ => TableLikeOption.None,
            };
            if (bit == TableLikeOption.None)
                SyntaxError();
            Advance();
            opts = including ? opts | bit : opts & ~bit;
        }
        return new TableLikeClause { Relation = rv, Options = opts, Location = t.Location };
    }

    ColumnDef ParseColumnDef()
    {
        var t = Cur;
        string name = ParseColId();
        var type = ParseTypeName();
        if (IsKw("storage") || IsKw("compression"))
            NotSupported(Cur.Text.ToUpperInvariant() + " on a column", Cur);
        if (IsKw("options"))
            NotSupported("column OPTIONS", Cur);
        var collation = new List<string>();
        var constraints = new List<Constraint>();
        ParseColQualList(collation, constraints);
        return new ColumnDef { ColName = name, TypeName = type, Collation = collation, Constraints = constraints,
            Location = t.Location };
    }

    /// <summary>ColQualList: column constraints, constraint attributes and COLLATE, in any order.</summary>
    void ParseColQualList(List<string> collation, List<Constraint> constraints)
    {
        while (true)
        {
            var t = Cur;
            if (AcceptKw("collate"))
            {
                if (collation.Count > 0)
                    Common.Errors.Throw.Error(Common.Errors.SqlState.SyntaxError, "multiple COLLATE clauses not allowed",
                        position: t.Location + 1);
                collation.AddRange(ParseAnyName());
                continue;
            }
            if (TryParseConstraintAttr(constraints))
                continue;
            string? conname = null;
            if (AcceptKw("constraint"))
                conname = ParseColId();
            var c = TryParseColConstraintElem();
            if (c == null)
            {
                if (conname != null)
                    SyntaxError();
                return;
            }
            c.Conname = conname;
            if (conname != null)
                c.Location = t.Location;
            constraints.Add(c);
        }
    }

    /// <summary>DEFERRABLE / NOT DEFERRABLE / INITIALLY DEFERRED / INITIALLY IMMEDIATE after a column constraint.</summary>
    bool TryParseConstraintAttr(List<Constraint> constraints)
    {
        var t = Cur;
        ConstrType type;
        if (IsKw("deferrable"))
        {
            Advance();
            type = ConstrType.AttrDeferrable;
        }
        else if (IsKw("not") && PeekAt(1).Is("deferrable"))
        {
            Advance();
            Advance();
            type = ConstrType.AttrNotDeferrable;
        }
        else if (IsKw("initially"))
        {
            Advance();
            if (AcceptKw("deferred"))
                type = ConstrType.AttrDeferred;
            else
            {
                ExpectKw("immediate");
                type = ConstrType.AttrImmediate;
            }
        }
        else
        {
            return false;
        }
        constraints.Add(new Constraint { ConType = type, Location = t.Location });
        return true;
    }

    Constraint? TryParseColConstraintElem()
    {
        var t = Cur;
        if (IsKw("not") && !PeekAt(1).Is("deferrable"))
        {
            // Only NOT NULL and NOT DEFERRABLE start with NOT: anything else is an error at the word after it.
            Advance();
            ExpectKw("null");
            return new Constraint { ConType = ConstrType.NotNull, Location = t.Location };
        }
        if (AcceptKw("null"))
            return new Constraint { ConType = ConstrType.Null, Location = t.Location };
        if (AcceptKw("unique"))
        {
            bool nnd = ParseOptNullsDistinct();
            var opts = ParseOptDefinition();
            ParseOptConsTablespace();
            return new Constraint { ConType = ConstrType.Unique, NullsNotDistinct = nnd, Options = opts,
                Location = t.Location };
        }
        if (AcceptKw("primary"))
        {
            ExpectKw("key");
            var opts = ParseOptDefinition();
            ParseOptConsTablespace();
            return new Constraint { ConType = ConstrType.Primary, Options = opts, Location = t.Location };
        }
        if (AcceptKw("check"))
        {
            int from = _p;
            var expr = ParseParenExpr();
            string text = SourceSince(from);
            bool noInherit = ParseOptNoInherit();
            return new Constraint { ConType = ConstrType.Check, RawExpr = expr, RawExprText = text,
                IsNoInherit = noInherit, Location = t.Location };
        }
        if (AcceptKw("default"))
        {
            int from = _p;
            var expr = ParseBExpr();
            return new Constraint { ConType = ConstrType.Default, RawExpr = expr, RawExprText = SourceSince(from),
                Location = t.Location };
        }
        if (AcceptKw("generated"))
        {
            char when;
            if (AcceptKw("always"))
                when = 'a';
            else
            {
                ExpectKw("by");
                ExpectKw("default");
                when = 'd';
            }
            ExpectKw("as");
            if (AcceptKw("identity"))
            {
                var opts = new List<DefElem>();
                if (Accept(TokenKind.LeftParen))
                {
                    ParseSeqOptList(opts, required: true);
                    Expect(TokenKind.RightParen);
                }
                return new Constraint { ConType = ConstrType.Identity, GeneratedWhen = when, Options = opts,
                    Location = t.Location };
            }
            if (when != 'a')
                SyntaxError();
            var expr = ParseParenExpr();
            ExpectKw("stored");
            return new Constraint { ConType = ConstrType.Generated, GeneratedWhen = when, RawExpr = expr,
                Location = t.Location };
        }
        if (AcceptKw("references"))
        {
            var pk = ParseQualifiedName();
            var pkAttrs = ParseOptColumnList();
            var (match, upd, del) = ParseKeyMatchAndActions();
            return new Constraint { ConType = ConstrType.Foreign, PkTable = pk, PkAttrs = pkAttrs, FkMatchType = match,
                FkUpdAction = upd, FkDelAction = del, Location = t.Location };
        }
        return null;
    }

    Node ParseParenExpr()
    {
        Expect(TokenKind.LeftParen);
        var e = ParseExpr();
        Expect(TokenKind.RightParen);
        return e;
    }

    bool ParseOptNoInherit()
    {
        if (!IsKw("no") || !PeekAt(1).Is("inherit"))
            return false;
        Advance();
        Advance();
        return true;
    }

    /// <summary>NULLS [NOT] DISTINCT; true for NOT DISTINCT.</summary>
    bool ParseOptNullsDistinct()
    {
        if (!IsKw("nulls"))
            return false;
        Advance();
        bool not = AcceptKw("not");
        ExpectKw("distinct");
        return not;
    }

    /// <summary>opt_definition: WITH (options).</summary>
    List<DefElem> ParseOptDefinition()
    {
        if (IsKw("with") && PeekAt(1).Kind == TokenKind.LeftParen)
        {
            Advance();
            return ParseRelOptions();
        }
        return [];
    }

    void ParseOptConsTablespace()
    {
        if (!IsKw("using") || !PeekAt(1).Is("index"))
            return;
        Advance();
        Advance();
        ExpectKw("tablespace");
        ParseColId();
    }

    (char Match, char Upd, char Del) ParseKeyMatchAndActions()
    {
        char match = 's';
        if (AcceptKw("match"))
        {
            if (AcceptKw("full"))
                match = 'f';
            else if (IsKw("partial"))
                NotSupported("MATCH PARTIAL", Cur);
            else
                ExpectKw("simple");
        }
        char upd = 'a';
        char del = 'a';
        bool sawUpd = false;
        bool sawDel = false;
        while (IsKw("on") && (PeekAt(1).Is("update") || PeekAt(1).Is("delete")))
        {
            Advance();
            bool isUpdate = Advance().Text == "update";
            if ((isUpdate && sawUpd) || (!isUpdate && sawDel))
                SyntaxError();
            char action = ParseKeyAction();
            if (isUpdate)
            {
                upd = action;
                sawUpd = true;
            }
            else
            {
                del = action;
                sawDel = true;
            }
        }
        return (match, upd, del);
    }

    char ParseKeyAction()
    {
        if (AcceptKw("no"))
        {
            ExpectKw("action");
            return 'a';
        }
        if (AcceptKw("restrict"))
            return 'r';
        if (AcceptKw("cascade"))
            return 'c';
        ExpectKw("set");
        char c;
        if (AcceptKw("null"))
            c = 'n';
        else
        {
            ExpectKw("default");
            c = 'd';
        }
        if (Cur.Kind == TokenKind.LeftParen)
            NotSupported("column list in SET NULL / SET DEFAULT", Cur);
        return c;
    }

    /// <summary>TableConstraint: [CONSTRAINT name] CHECK | UNIQUE | PRIMARY KEY | FOREIGN KEY ... [attributes].</summary>
    Constraint ParseTableConstraint()
    {
        var t = Cur;
        string? conname = null;
        if (AcceptKw("constraint"))
            conname = ParseColId();
        var k = Cur;
        Constraint c;
        if (AcceptKw("check"))
        {
            int from = _p;
            var expr = ParseParenExpr();
            c = new Constraint { ConType = ConstrType.Check, RawExpr = expr, RawExprText = SourceSince(from),
                Location = t.Location };
        }
        else if (AcceptKw("unique"))
        {
            bool nnd = ParseOptNullsDistinct();
            var keys = ParseColumnList();
            var incl = ParseOptInclude();
            var opts = ParseOptDefinition();
            ParseOptConsTablespace();
            c = new Constraint { ConType = ConstrType.Unique, NullsNotDistinct = nnd, Keys = keys, Including = incl,
                Options = opts, Location = t.Location };
        }
        else if (AcceptKw("primary"))
        {
            ExpectKw("key");
            var keys = ParseColumnList();
            var incl = ParseOptInclude();
            var opts = ParseOptDefinition();
            ParseOptConsTablespace();
            c = new Constraint { ConType = ConstrType.Primary, Keys = keys, Including = incl, Options = opts,
                Location = t.Location };
        }
        else if (AcceptKw("foreign"))
        {
            ExpectKw("key");
            var fk = ParseColumnList();
            ExpectKw("references");
            var pk = ParseQualifiedName();
            var pkAttrs = ParseOptColumnList();
            var (match, upd, del) = ParseKeyMatchAndActions();
            c = new Constraint { ConType = ConstrType.Foreign, FkAttrs = fk, PkTable = pk, PkAttrs = pkAttrs,
                FkMatchType = match, FkUpdAction = upd, FkDelAction = del, Location = t.Location };
        }
        else if (IsKw("exclude"))
        {
            NotSupported("EXCLUDE constraints", k);
            return null!;
        }
        else
        {
            throw Err();
        }
        c.Conname = conname;
        ParseConstraintAttributeSpec(c);
        return c;
    }

    List<string> ParseOptInclude()
    {
        if (!AcceptKw("include"))
            return [];
        return ParseColumnList();
    }

    /// <summary>ConstraintAttributeSpec: [NOT] DEFERRABLE, INITIALLY DEFERRED/IMMEDIATE, NOT VALID, NO INHERIT.</summary>
    /// <summary>ConstraintAttributeSpec: sets the deferrability, NOT VALID and NO INHERIT flags of <paramref name="c"/>.</summary>
    void ParseConstraintAttributeSpec(Constraint c)
    {
        while (true)
        {
            if (AcceptKw("deferrable"))
                c.Deferrable = true;
            else if (IsKw("not") && PeekAt(1).Is("deferrable"))
            {
                Advance();
                Advance();
                c.Deferrable = false;
            }
            else if (AcceptKw("initially"))
            {
                if (AcceptKw("deferred"))
                    c.Initdeferred = true;
                else
                {
                    ExpectKw("immediate");
                    c.Initdeferred = false;
                }
            }
            else if (IsKw("not") && PeekAt(1).Is("valid"))
            {
                Advance();
                Advance();
                c.SkipValidation = true;
            }
            else if (ParseOptNoInherit())
                c.IsNoInherit = true;
            else
                break;
        }
    }

    // ---- CREATE VIEW -------------------------------------------------------------------------------------

    Node ParseCreateView(Token start, bool orReplace, char persistence)
    {
        if (IsKw("recursive"))
            NotSupported("CREATE RECURSIVE VIEW", Cur);
        ExpectKw("view");
        var rv = ParseQualifiedName(persistence);
        var aliases = ParseOptColumnList();
        var options = ParseOptDefinition();
        ExpectKw("as");
        int from = _p;
        var query = ParseQuery();
        string text = SourceSince(from);
        var check = ViewCheckOption.None;
        if (IsKw("with"))
        {
            Advance();
            check = ViewCheckOption.Cascaded;
            if (AcceptKw("local"))
                check = ViewCheckOption.Local;
            else
                AcceptKw("cascaded");
            ExpectKw("check");
            ExpectKw("option");
        }
        return new ViewStmt { View = rv, Aliases = aliases, Query = query, QueryText = text, Replace = orReplace,
            Options = options, WithCheckOption = check, Location = start.Location };
    }

    // ---- CREATE / ALTER SEQUENCE -------------------------------------------------------------------------

    Node ParseCreateSequence(Token start, char persistence)
    {
        ExpectKw("sequence");
        bool ifNotExists = ParseIfNotExists();
        var rv = ParseQualifiedName(persistence);
        var opts = new List<DefElem>();
        ParseSeqOptList(opts, required: false);
        return new CreateSeqStmt { Sequence = rv, Options = opts, IfNotExists = ifNotExists, Location = start.Location };
    }

    /// <summary>SeqOptList: AS type, INCREMENT [BY] n, [NO] MINVALUE/MAXVALUE, START [WITH] n, RESTART [[WITH] n],
    /// CACHE n, [NO] CYCLE, OWNED BY name, SEQUENCE NAME name.</summary>
    void ParseSeqOptList(List<DefElem> opts, bool required)
    {
        int before = opts.Count;
        while (true)
        {
            var t = Cur;
            if (AcceptKw("as"))
                opts.Add(new DefElem { Defname = "as", Arg = ParseTypeName(), Location = t.Location });
            else if (AcceptKw("cache"))
                opts.Add(new DefElem { Defname = "cache", Arg = ParseNumericOnly(), Location = t.Location });
            else if (AcceptKw("cycle"))
                opts.Add(new DefElem { Defname = "cycle", Arg = BoolConst(true, t), Location = t.Location });
            else if (IsKw("no") && (PeekAt(1).Is("cycle") || PeekAt(1).Is("minvalue") || PeekAt(1).Is("maxvalue")))
            {
                Advance();
                var w = Advance();
                opts.Add(w.Text == "cycle"
                    ? new DefElem { Defname = "cycle", Arg = BoolConst(false, t), Location = t.Location }
                    : new DefElem { Defname = w.Text, Location = t.Location });
            }
            else if (AcceptKw("increment"))
            {
                AcceptKw("by");
                opts.Add(new DefElem { Defname = "increment", Arg = ParseNumericOnly(), Location = t.Location });
            }
            else if (AcceptKw("minvalue") || AcceptKw("maxvalue"))
                opts.Add(new DefElem { Defname = t.Text, Arg = ParseNumericOnly(), Location = t.Location });
            else if (AcceptKw("start"))
            {
                AcceptKw("with");
                opts.Add(new DefElem { Defname = "start", Arg = ParseNumericOnly(), Location = t.Location });
            }
            else if (AcceptKw("restart"))
            {
                bool with = AcceptKw("with");
                Node? arg = with || Cur.Kind is TokenKind.Integer or TokenKind.Decimal || Cur.IsOp("-") || Cur.IsOp("+")
                    ? ParseNumericOnly() : null;
                opts.Add(new DefElem { Defname = "restart", Arg = arg, Location = t.Location });
            }
            else if (AcceptKw("owned"))
            {
                ExpectKw("by");
                var lt = Cur;
                var names = ParseAnyName();
                opts.Add(new DefElem { Defname = "owned_by", Arg = new NameList { Names = names, Location = lt.Location },
                    Location = t.Location });
            }
            else if (IsKw("sequence") && PeekAt(1).Is("name"))
            {
                Advance();
                Advance();
                var lt = Cur;
                var names = ParseAnyName();
                opts.Add(new DefElem { Defname = "sequence_name",
                    Arg = new NameList { Names = names, Location = lt.Location }, Location = t.Location });
            }
            else
            {
                if (required && opts.Count == before)
                    SyntaxError();
                return;
            }
        }
    }

    // ---- CREATE INDEX ------------------------------------------------------------------------------------

    Node ParseCreateIndex(Token start)
    {
        bool unique = AcceptKw("unique");
        ExpectKw("index");
        bool concurrent = AcceptKw("concurrently");
        bool ifNotExists = ParseIfNotExists();
        string? name = null;
        if (ifNotExists || !IsKw("on"))
            name = ParseColId();
        ExpectKw("on");
        var rv = ParseRelationExpr();
        string method = "btree";
        if (AcceptKw("using"))
            method = ParseColId();
        var elems = ParseIndexParams();
        var incl = ParseOptInclude();
        bool nnd = ParseOptNullsDistinct();
        var opts = ParseOptDefinition();
        if (AcceptKw("tablespace"))
            ParseColId();
        Node? where = AcceptKw("where") ? ParseExpr() : null;
        return new IndexStmt { Idxname = name, Relation = rv, AccessMethod = method, IndexParams = elems,
            IndexIncludingParams = incl, Options = opts, WhereClause = where, Unique = unique, NullsNotDistinct = nnd,
            Concurrent = concurrent, IfNotExists = ifNotExists, Location = start.Location };
    }

    /// <summary>'(' index_elem, ... ')': column, func(args) or (expr), each with COLLATE, opclass, ASC/DESC, NULLS.</summary>
    List<IndexElem> ParseIndexParams()
    {
        Expect(TokenKind.LeftParen);
        var list = new List<IndexElem>();
        do
        {
            var t = Cur;
            string? name = null;
            Node? expr = null;
            if (t.Kind == TokenKind.LeftParen)
                expr = ParseParenExpr();
            else
            {
                var e = ParsePrefix();
                if (e is ColumnRef { Fields.Count: 1 } cr && !cr.IsStar)
                    name = cr.Fields[0];
                else if (e is FuncCall)
                    expr = e;
                else
                    throw Err(t);
            }
            var coll = AcceptKw("collate") ? ParseAnyName() : [];
            var opclass = new List<string>();
            if ((Cur.Kind == TokenKind.QuotedIdentifier || Cur.Kind == TokenKind.Identifier)
                && !IsKw("asc") && !IsKw("desc") && !IsKw("nulls"))
            {
                opclass = ParseAnyName();
                if (Cur.Kind == TokenKind.LeftParen)
                    NotSupported("operator class parameters", Cur);
            }
            var (desc, nullsFirst) = ParseOptAscDescNulls();
            list.Add(new IndexElem { Name = name, Expr = expr, Collation = coll, Opclass = opclass, Desc = desc,
                NullsFirst = nullsFirst, Location = t.Location });
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightParen);
        return list;
    }

    // ---- CREATE SCHEMA / DATABASE / TYPE -----------------------------------------------------------------

    Node ParseCreateSchema(Token start)
    {
        ExpectKw("schema");
        bool ifNotExists = ParseIfNotExists();
        string? name = null;
        RoleSpec? auth = null;
        if (AcceptKw("authorization"))
            auth = ParseRoleSpec();
        else
        {
            name = ParseColId();
            if (AcceptKw("authorization"))
                auth = ParseRoleSpec();
        }
        if (!AtStatementEnd)
        {
            if (IsKw("create") || IsKw("grant"))
                NotSupported("CREATE SCHEMA with schema elements", Cur);
            SyntaxError();
        }
        return new CreateSchemaStmt { Schemaname = name, Authrole = auth, IfNotExists = ifNotExists,
            Location = start.Location };
    }

    Node ParseCreateDatabase(Token start)
    {
        ExpectKw("database");
        string name = ParseColId();
        AcceptKw("with");
        var opts = new List<DefElem>();
        while (!AtStatementEnd)
        {
            var t = Cur;
            string optName;
            if (IsKw("connection") && PeekAt(1).Is("limit"))
            {
                Advance();
                Advance();
                optName = "connection_limit";
            }
            else if (Cur.Kind == TokenKind.Identifier || Cur.Kind == TokenKind.QuotedIdentifier)
                optName = Advance().Text;
            else
                throw Err();
            AcceptOp("=");
            Node? arg = AcceptKw("default") ? null : ParseOptionArg();
            opts.Add(new DefElem { Defname = optName, Arg = arg, Location = t.Location });
        }
        return new CreatedbStmt { Dbname = name, Options = opts, Location = start.Location };
    }

    Node ParseCreateType(Token start)
    {
        ExpectKw("type");
        var names = ParseAnyName();
        if (IsKw("as") && PeekAt(1).Is("range"))
        {
            Advance();
            Advance();
            return ParseCreateRange(start, names);
        }
        if (!IsKw("as") || !PeekAt(1).Is("enum"))
            NotSupported("CREATE TYPE other than AS ENUM or AS RANGE", AtStatementEnd ? start : Cur);
        Advance();
        Advance();
        Expect(TokenKind.LeftParen);
        var vals = new List<string>();
        if (Cur.Kind != TokenKind.RightParen)
        {
            do
                vals.Add(Expect(TokenKind.String).Text);
            while (Accept(TokenKind.Comma));
        }
        Expect(TokenKind.RightParen);
        return new CreateEnumStmt { TypeName = names, Vals = vals, Location = start.Location };
    }

    // ---- CREATE FUNCTION ---------------------------------------------------------------------------------

    Node ParseCreateFunction(Token start, bool orReplace)
    {
        bool isProc = Advance().Text == "procedure";
        var name = ParseFuncName();
        var parameters = ParseFuncArgs(withDefaults: true);
        TypeName? ret = null;
        if (AcceptKw("returns"))
        {
            if (IsKw("table"))
                NotSupported("RETURNS TABLE", Cur);
            ret = ParseFuncType();
        }
        var opts = new List<DefElem>();
        while (!AtStatementEnd)
        {
            var t = Cur;
            if (AcceptKw("as"))
            {
                var body = new List<string> { Expect(TokenKind.String).Text };
                if (Accept(TokenKind.Comma))
                    body.Add(Expect(TokenKind.String).Text);
                opts.Add(new DefElem { Defname = "as", Arg = new NameList { Names = body, Location = t.Location },
                    Location = t.Location });
            }
            else if (AcceptKw("language"))
                opts.Add(new DefElem { Defname = "language", Arg = StringConst(ParseNonReservedWordOrString(), t),
                    Location = t.Location });
            else if (IsKw("immutable") || IsKw("stable") || IsKw("volatile"))
                opts.Add(new DefElem { Defname = "volatility", Arg = StringConst(Advance().Text, t), Location = t.Location });
            else if (AcceptKw("strict"))
                opts.Add(new DefElem { Defname = "strict", Arg = BoolConst(true, t), Location = t.Location });
            else if (AcceptKw("called"))
            {
                ExpectKw("on");
                ExpectKw("null");
                ExpectKw("input");
                opts.Add(new DefElem { Defname = "strict", Arg = BoolConst(false, t), Location = t.Location });
            }
            else if (IsKw("returns") && PeekAt(1).Is("null"))
            {
                Advance();
                Advance();
                ExpectKw("on");
                ExpectKw("null");
                ExpectKw("input");
                opts.Add(new DefElem { Defname = "strict", Arg = BoolConst(true, t), Location = t.Location });
            }
            else if (IsKw("security") || IsKw("external"))
            {
                AcceptKw("external");
                ExpectKw("security");
                bool definer = AcceptKw("definer");
                if (!definer)
                    ExpectKw("invoker");
                opts.Add(new DefElem { Defname = "security", Arg = BoolConst(definer, t), Location = t.Location });
            }
            else if (AcceptKw("leakproof"))
                opts.Add(new DefElem { Defname = "leakproof", Arg = BoolConst(true, t), Location = t.Location });
            else if (IsKw("not") && PeekAt(1).Is("leakproof"))
            {
                Advance();
                Advance();
                opts.Add(new DefElem { Defname = "leakproof", Arg = BoolConst(false, t), Location = t.Location });
            }
            else if (AcceptKw("cost") || AcceptKw("rows"))
                opts.Add(new DefElem { Defname = t.Text, Arg = ParseNumericOnly(), Location = t.Location });
            else if (AcceptKw("parallel"))
                opts.Add(new DefElem { Defname = "parallel", Arg = StringConst(ParseColId(), t), Location = t.Location });
            else if (AcceptKw("window"))
                opts.Add(new DefElem { Defname = "window", Arg = BoolConst(true, t), Location = t.Location });
            else if (IsKw("return") || IsKw("begin"))
                NotSupported("SQL-standard function body", t);
            else if (IsKw("set") || IsKw("reset") || IsKw("support") || IsKw("transform"))
                NotSupported("function option " + t.Text.ToUpperInvariant(), t);
            else
                throw Err();
        }
        return new CreateFunctionStmt { IsProcedure = isProc, Replace = orReplace, Funcname = name,
            Parameters = parameters, ReturnType = ret, Options = opts, Location = start.Location };
    }

    /// <summary>func_name: type_function_name or ColId with dotted parts.</summary>
    List<string> ParseFuncName()
    {
        var t = Cur;
        if (t.Kind == TokenKind.QuotedIdentifier
            || (t.Kind == TokenKind.Identifier && (Keywords.IsTypeFunctionName(t.Text) || Keywords.IsColId(t.Text))))
        {
            var names = new List<string> { Advance().Text };
            while (Accept(TokenKind.Dot))
                names.Add(ParseAttrName());
            return names;
        }
        throw Err();
    }

    List<FunctionParameter> ParseFuncArgs(bool withDefaults)
    {
        Expect(TokenKind.LeftParen);
        var list = new List<FunctionParameter>();
        if (Cur.Kind != TokenKind.RightParen)
        {
            do
                list.Add(ParseFuncArg(withDefaults));
            while (Accept(TokenKind.Comma));
        }
        Expect(TokenKind.RightParen);
        return list;
    }

    FunctionParameter ParseFuncArg(bool withDefaults)
    {
        var t = Cur;
        var mode = FunctionParameterMode.Default;
        if (IsKw("in") || IsKw("out") || IsKw("inout") || IsKw("variadic"))
        {
            if (!(PeekAt(1).Kind is TokenKind.Comma or TokenKind.RightParen))
            {
                var m = Advance().Text;
                if (m == "in" && AcceptKw("out"))
                    mode = FunctionParameterMode.InOut;
                else
                    mode = m switch
                    {
                        "in" => FunctionParameterMode.In,
                        "out" => FunctionParameterMode.Out,
                        "inout" => FunctionParameterMode.InOut,
                        _ => FunctionParameterMode.Variadic,
                    };
            }
        }
        string? name = null;
        if (StartsParamName())
            name = Advance().Text;
        var type = ParseFuncType();
        Node? def = null;
        if (withDefaults && (AcceptKw("default") || AcceptOp("=")))
            def = ParseExpr();
        return new FunctionParameter { Name = name, ArgType = type, Mode = mode, Defexpr = def, Location = t.Location };
    }

    /// <summary>True when the current word is a parameter name followed by a type (not itself the type).</summary>
    bool StartsParamName()
    {
        var t = Cur;
        if (t.Kind == TokenKind.Identifier)
        {
            if (!Keywords.IsTypeFunctionName(t.Text))
                return false;
            if (t.Text == "double" && PeekAt(1).Is("precision"))
                return false;
        }
        else if (t.Kind != TokenKind.QuotedIdentifier)
        {
            return false;
        }
        var n = PeekAt(1);
        if (n.Kind is TokenKind.Comma or TokenKind.RightParen or TokenKind.Dot or TokenKind.LeftParen
            or TokenKind.LeftBracket or TokenKind.EndOfInput)
            return false;
        if (n.IsOp("=") || n.IsOp("%") || n.Is("default") || n.Is("array"))
            return false;
        return true;
    }

    /// <summary>func_type: a type name, optionally SETOF; name%TYPE is not supported.</summary>
    TypeName ParseFuncType()
    {
        bool setof = AcceptKw("setof");
        var tn = ParseTypeName();
        if (Cur.IsOp("%"))
            NotSupported("%TYPE", Cur);
        tn.Setof = setof;
        return tn;
    }
}
