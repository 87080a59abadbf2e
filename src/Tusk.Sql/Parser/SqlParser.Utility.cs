// Utility statements of gram.y: DROP (objects and DATABASE), ALTER TABLE / INDEX / VIEW / SEQUENCE / SCHEMA /
// DATABASE (subcommands and RENAME), TRUNCATE, COMMENT ON, PREPARE / EXECUTE / DEALLOCATE, EXPLAIN,
// VACUUM / ANALYZE and GRANT / REVOKE on objects. Forms not handled raise 0A000 at their keyword.
using Tusk.Sql.Nodes;

namespace Tusk.Sql.Parser;

internal sealed partial class SqlParser
{
    /// <summary>0A000 "PREFIX WORD is not supported yet" at the current word; 42601 when there is no word.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    void NotSupportedAtWord(string prefix)
    {
        if (Cur.Kind != TokenKind.Identifier)
            SyntaxError();
        NotSupported(prefix + " " + Cur.Text.ToUpperInvariant(), Cur);
    }

    // ---- DROP --------------------------------------------------------------------------------------------

    Node ParseDrop()
    {
        var start = ExpectKw("drop");
        var kindTok = Cur;
        ObjectType type;
        bool concurrent = false;
        switch (kindTok.Kind == TokenKind.Identifier ? kindTok.Text : "")
        {
            case "table":
                type = ObjectType.Table;
                break;
            case "view":
                type = ObjectType.View;
                break;
            case "sequence":
                type = ObjectType.Sequence;
                break;
            case "index":
                type = ObjectType.Index;
                break;
            case "schema":
                type = ObjectType.Schema;
                break;
            case "type":
                type = ObjectType.Type;
                break;
            case "domain":
                type = ObjectType.Domain;
                break;
            case "function":
                type = ObjectType.Function;
                break;
            case "procedure":
                type = ObjectType.Procedure;
                break;
            case "extension":
                type = ObjectType.Extension;
                break;
            case "aggregate":
                type = ObjectType.Aggregate;
                break;
            case "operator" when !PeekAt(1).Is("class") && !PeekAt(1).Is("family"):
                type = ObjectType.Operator;
                break;
            case "rule":
                Advance();
                return ParseDropRule(start);
            case "materialized" when PeekAt(1).Is("view"):
                Advance();
                type = ObjectType.MatView;
                break;
            case "foreign" when PeekAt(1).Is("table"):
                Advance();
                type = ObjectType.ForeignTable;
                break;
            case "database":
                return ParseDropDatabase(start);
            default:
                if (kindTok.Kind == TokenKind.Identifier && OtherObjectKinds.Contains(kindTok.Text))
                    NotSupported("DROP " + kindTok.Text.ToUpperInvariant(), kindTok);
                throw Err();
        }
        Advance();
        if (type == ObjectType.Index)
            concurrent = AcceptKw("concurrently");
        bool missingOk = ParseIfExists();
        var objects = new List<Node>();
        do
        {
            var t = Cur;
            if (type is ObjectType.Function or ObjectType.Procedure)
                objects.Add(ParseFunctionWithArgtypes());
            else if (type == ObjectType.Aggregate)
                objects.Add(ParseAggregateWithArgtypes());
            else if (type == ObjectType.Operator)
                objects.Add(ParseOperatorWithArgtypes());
            else if (type is ObjectType.Schema or ObjectType.Extension)
                objects.Add(new NameList { Names = [ParseColId()], Location = t.Location });
            else
                objects.Add(new NameList { Names = ParseAnyName(), Location = t.Location });
        }
        while (Accept(TokenKind.Comma));
        var behavior = ParseOptDropBehavior();
        return new DropStmt { RemoveType = type, Objects = objects, Behavior = behavior, MissingOk = missingOk,
            Concurrent = concurrent, Location = start.Location };
    }

    /// <summary>function_with_argtypes: name [(argument types)], OUT arguments left out as in PG.</summary>
    ObjectWithArgs ParseFunctionWithArgtypes()
    {
        var t = Cur;
        var name = ParseFuncName();
        if (Cur.Kind != TokenKind.LeftParen)
            return new ObjectWithArgs { Objname = name, ArgsUnspecified = true, Location = t.Location };
        var args = ParseFuncArgs(withDefaults: false)
            .Where(p => p.Mode != FunctionParameterMode.Out)
            .Select(p => p.ArgType).ToList();
        return new ObjectWithArgs { Objname = name, Objargs = args, Location = t.Location };
    }

    /// <summary>aggregate_with_argtypes: func_name aggr_args; (*) gives no argument types.</summary>
    ObjectWithArgs ParseAggregateWithArgtypes()
    {
        var t = Cur;
        var name = ParseFuncName();
        return new ObjectWithArgs { Objname = name, Objargs = ParseAggrArgs()?.Select(p => p.ArgType).ToList() ?? [],
            Location = t.Location };
    }

    /// <summary>
    /// aggr_args: (*) (null), (args), (ORDER BY args) or (args ORDER BY args); the ordered arguments follow the
    /// direct ones, as PostgreSQL lists them in the signature.
    /// </summary>
    List<FunctionParameter>? ParseAggrArgs()
    {
        Expect(TokenKind.LeftParen);
        if (Cur.IsOp("*") && PeekAt(1).Kind == TokenKind.RightParen)
        {
            Advance();
            Advance();
            return null;
        }
        var args = new List<FunctionParameter>();
        bool ordered = false;
        do
        {
            if (!ordered && IsKw("order") && PeekAt(1).Is("by"))
            {
                Advance();
                Advance();
                ordered = true;
            }
            args.Add(ParseFuncArg(withDefaults: false));
            if (!ordered && IsKw("order"))
            {
                ExpectKw("order");
                ExpectKw("by");
                ordered = true;
                args.Add(ParseFuncArg(withDefaults: false));
            }
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightParen);
        return args;
    }

    /// <summary>
    /// operator_with_argtypes: any_operator oper_argtypes, where oper_argtypes is (type, type), (NONE, type) or
    /// (type, NONE); a single type is "missing argument" (42601) at the closing parenthesis, as PostgreSQL reports it.
    /// </summary>
    ObjectWithArgs ParseOperatorWithArgtypes()
    {
        var t = Cur;
        var name = ParseAnyOperator();
        Expect(TokenKind.LeftParen);
        bool leftNone = AcceptKw("none");
        var args = new List<TypeName>();
        if (!leftNone)
        {
            args.Add(ParseTypeName());
            if (Cur.Kind == TokenKind.RightParen)
                Common.Errors.Throw.Error(Common.Errors.SqlState.SyntaxError, "missing argument",
                    hint: "Use NONE to denote the missing argument of a unary operator.", position: Cur.Location + 1);
        }
        Expect(TokenKind.Comma);
        if (!leftNone && IsKw("none"))
            Common.Errors.Throw.Error(Common.Errors.SqlState.SyntaxError, "postfix operators are not supported", position: Advance().Location + 1);
        args.Add(ParseTypeName());
        Expect(TokenKind.RightParen);
        return new ObjectWithArgs { Objname = name, Objargs = args, LeftNone = leftNone, Location = t.Location };
    }

    /// <summary>any_operator: an operator, optionally qualified by schema names (ColId '.' any_operator).</summary>
    List<string> ParseAnyOperator()
    {
        var names = new List<string>();
        while (Cur.Kind != TokenKind.Operator)
        {
            names.Add(ParseColId());
            Expect(TokenKind.Dot);
        }
        names.Add(Advance().Text);
        return names;
    }

    /// <summary>DROP RULE [IF EXISTS] name ON table [CASCADE | RESTRICT]: the table's names, then the rule's.</summary>
    Node ParseDropRule(Token start)
    {
        bool missingOk = ParseIfExists();
        var t = Cur;
        string rule = ParseColId();
        ExpectKw("on");
        var names = ParseAnyName();
        names.Add(rule);
        var behavior = ParseOptDropBehavior();
        return new DropStmt { RemoveType = ObjectType.Rule, Objects = [new NameList { Names = names, Location = t.Location }],
            Behavior = behavior, MissingOk = missingOk, Location = start.Location };
    }

    Node ParseDropDatabase(Token start)
    {
        ExpectKw("database");
        bool missingOk = ParseIfExists();
        string name = ParseColId();
        var opts = new List<DefElem>();
        if (IsKw("with") || Cur.Kind == TokenKind.LeftParen)
        {
            AcceptKw("with");
            Expect(TokenKind.LeftParen);
            do
            {
                var t = ExpectKw("force");
                opts.Add(new DefElem { Defname = "force", Location = t.Location });
            }
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.RightParen);
        }
        return new DropdbStmt { Dbname = name, MissingOk = missingOk, Options = opts, Location = start.Location };
    }

    // ---- ALTER -------------------------------------------------------------------------------------------

    Node ParseAlter()
    {
        var start = ExpectKw("alter");
        var kindTok = Cur;
        switch (kindTok.Kind == TokenKind.Identifier ? kindTok.Text : "")
        {
            case "table":
                Advance();
                return ParseAlterRelation(start, ObjectType.Table);
            case "index":
                Advance();
                return ParseAlterRelation(start, ObjectType.Index);
            case "view":
                Advance();
                return ParseAlterRelation(start, ObjectType.View);
            case "sequence":
                Advance();
                return ParseAlterRelation(start, ObjectType.Sequence);
            case "schema":
            {
                Advance();
                var t = Cur;
                string name = ParseColId();
                if (!IsKw("rename"))
                    NotSupportedAtWord("ALTER SCHEMA");
                Advance();
                ExpectKw("to");
                return new RenameStmt { RenameType = ObjectType.Schema,
                    Object = new NameList { Names = [name], Location = t.Location }, Newname = ParseColId(),
                    Location = start.Location };
            }
            case "database":
                return ParseAlterDatabase(start);
            case "type":
                Advance();
                return ParseAlterType(start, kindTok);
        }
        if (kindTok.Kind == TokenKind.Identifier
            && (OtherObjectKinds.Contains(kindTok.Text) || kindTok.Is("type") || kindTok.Is("function")
                || kindTok.Is("procedure")))
            NotSupported("ALTER " + kindTok.Text.ToUpperInvariant(), kindTok);
        throw Err();
    }

    Node ParseAlterDatabase(Token start)
    {
        var kindTok = ExpectKw("database");
        var t = Cur;
        string name = ParseColId();
        if (IsKw("set"))
            return new AlterDatabaseSetStmt { Dbname = name, Setstmt = (VariableSetStmt)ParseSet(),
                Location = start.Location };
        if (IsKw("reset"))
            return new AlterDatabaseSetStmt { Dbname = name, Setstmt = (VariableSetStmt)ParseReset(),
                Location = start.Location };
        if (AcceptKw("rename"))
        {
            ExpectKw("to");
            return new RenameStmt { RenameType = ObjectType.Database,
                Object = new NameList { Names = [name], Location = t.Location }, Newname = ParseColId(),
                Location = start.Location };
        }
        NotSupportedAtWord("ALTER DATABASE");
        return null!;
    }

    /// <summary>ALTER TABLE / INDEX / VIEW / SEQUENCE [IF EXISTS] [ONLY] name {RENAME ... | cmd, ... | seq options}.</summary>
    Node ParseAlterRelation(Token start, ObjectType type)
    {
        bool missingOk = ParseIfExists();
        var rv = type == ObjectType.Table ? ParseRelationExpr() : ParseQualifiedName();
        if (IsKw("rename"))
            return ParseAlterRename(start, type, rv, missingOk);
        if (IsKw("set") && PeekAt(1).Is("schema") && type != ObjectType.Index)
        {
            Advance();
            Advance();
            return new AlterObjectSchemaStmt { ObjectType = type, Relation = rv, Newschema = ParseColId(),
                MissingOk = missingOk, Location = start.Location };
        }
        if (type == ObjectType.Sequence && !IsKw("owner") && !IsKw("set") && !IsKw("reset"))
        {
            var opts = new List<DefElem>();
            ParseSeqOptList(opts, required: true);
            return new AlterSeqStmt { Sequence = rv, Options = opts, MissingOk = missingOk, Location = start.Location };
        }
        var cmds = new List<AlterTableCmd>();
        do
            cmds.Add(ParseAlterTableCmd(type));
        while (Accept(TokenKind.Comma));
        return new AlterTableStmt { Relation = rv, Cmds = cmds, ObjType = type, MissingOk = missingOk,
            Location = start.Location };
    }

    Node ParseAlterRename(Token start, ObjectType type, RangeVar rv, bool missingOk)
    {
        ExpectKw("rename");
        if (AcceptKw("to"))
            return new RenameStmt { RenameType = type, RelationType = type, Relation = rv, Newname = ParseColId(),
                MissingOk = missingOk, Location = start.Location };
        if (type is ObjectType.Table && AcceptKw("constraint"))
        {
            string old = ParseColId();
            ExpectKw("to");
            return new RenameStmt { RenameType = ObjectType.Constraint, RelationType = type, Relation = rv,
                Subname = old, Newname = ParseColId(), MissingOk = missingOk, Location = start.Location };
        }
        if (type is ObjectType.Table or ObjectType.View)
        {
            AcceptKw("column");
            string old = ParseColId();
            ExpectKw("to");
            return new RenameStmt { RenameType = ObjectType.Column, RelationType = type, Relation = rv, Subname = old,
                Newname = ParseColId(), MissingOk = missingOk, Location = start.Location };
        }
        throw Err();
    }

    AlterTableCmd ParseAlterTableCmd(ObjectType type)
    {
        var t = Cur;
        if (AcceptKw("owner"))
        {
            ExpectKw("to");
            return new AlterTableCmd { Subtype = AlterTableType.ChangeOwner, NewOwner = ParseRoleSpec(), Location = t.Location };
        }
        if (IsKw("set") && PeekAt(1).Kind == TokenKind.LeftParen)
        {
            Advance();
            return new AlterTableCmd { Subtype = AlterTableType.SetRelOptions, Options = ParseRelOptions(),
                Location = t.Location };
        }
        if (IsKw("reset") && PeekAt(1).Kind == TokenKind.LeftParen)
        {
            Advance();
            return new AlterTableCmd { Subtype = AlterTableType.ResetRelOptions, Options = ParseRelOptions(),
                Location = t.Location };
        }
        if (type != ObjectType.Table)
            NotSupportedAtWord(type switch
            {
                ObjectType.Index => "ALTER INDEX",
                ObjectType.View => "ALTER VIEW",
                _ => "ALTER SEQUENCE",
            });
        if (AcceptKw("add"))
        {
            if (IsKw("constraint") || IsKw("check") || IsKw("unique") || IsKw("primary") || IsKw("foreign")
                || IsKw("exclude"))
                return new AlterTableCmd { Subtype = AlterTableType.AddConstraint, Def = ParseTableConstraint(),
                    Location = t.Location };
            AcceptKw("column");
            bool ifNotExists = ParseIfNotExists();
            return new AlterTableCmd { Subtype = AlterTableType.AddColumn, Def = ParseColumnDef(),
                MissingOk = ifNotExists, Location = t.Location };
        }
        if (AcceptKw("drop"))
        {
            if (AcceptKw("constraint"))
            {
                bool ifExists = ParseIfExists();
                string cname = ParseColId();
                return new AlterTableCmd { Subtype = AlterTableType.DropConstraint, Name = cname, MissingOk = ifExists,
                    Behavior = ParseOptDropBehavior(), Location = t.Location };
            }
            AcceptKw("column");
            bool missing = ParseIfExists();
            string col = ParseColId();
            return new AlterTableCmd { Subtype = AlterTableType.DropColumn, Name = col, MissingOk = missing,
                Behavior = ParseOptDropBehavior(), Location = t.Location };
        }
        if (AcceptKw("alter"))
        {
            AcceptKw("column");
            string col = ParseColId();
            if (AcceptKw("set"))
            {
                if (AcceptKw("default"))
                {
                    int from = _p;
                    var expr = ParseExpr();
                    return new AlterTableCmd { Subtype = AlterTableType.ColumnDefault, Name = col, Def = expr,
                        DefText = SourceSince(from), Location = t.Location };
                }
                if (AcceptKw("not"))
                {
                    ExpectKw("null");
                    return new AlterTableCmd { Subtype = AlterTableType.SetNotNull, Name = col, Location = t.Location };
                }
                if (AcceptKw("data"))
                {
                    ExpectKw("type");
                    return ParseAlterColumnType(t, col);
                }
                NotSupportedAtWord("ALTER COLUMN SET");
            }
            if (AcceptKw("drop"))
            {
                if (AcceptKw("default"))
                    return new AlterTableCmd { Subtype = AlterTableType.ColumnDefault, Name = col, Location = t.Location };
                if (AcceptKw("not"))
                {
                    ExpectKw("null");
                    return new AlterTableCmd { Subtype = AlterTableType.DropNotNull, Name = col, Location = t.Location };
                }
                NotSupportedAtWord("ALTER COLUMN DROP");
            }
            if (AcceptKw("type"))
                return ParseAlterColumnType(t, col);
            if (IsKw("add") || IsKw("restart") || IsKw("reset") || IsKw("options"))
                NotSupported("ALTER COLUMN " + Cur.Text.ToUpperInvariant(), Cur);
            throw Err();
        }
        if (Cur.Kind == TokenKind.Identifier && Cur.Text is "set" or "reset" or "enable" or "disable" or "cluster"
                or "inherit" or "no" or "of" or "not" or "replica" or "force" or "attach" or "detach" or "validate")
            NotSupportedAtWord("ALTER TABLE");
        throw Err();
    }

    AlterTableCmd ParseAlterColumnType(Token t, string col)
    {
        var tt = Cur;
        var type = ParseTypeName();
        var coll = AcceptKw("collate") ? ParseAnyName() : [];
        Node? usingExpr = AcceptKw("using") ? ParseExpr() : null;
        var def = new ColumnDef { ColName = col, TypeName = type, Collation = coll, RawDefault = usingExpr,
            Location = tt.Location };
        return new AlterTableCmd { Subtype = AlterTableType.AlterColumnType, Name = col, Def = def, Location = t.Location };
    }

    // ---- TRUNCATE / COMMENT ------------------------------------------------------------------------------

    Node ParseTruncate()
    {
        var start = ExpectKw("truncate");
        AcceptKw("table");
        var rels = new List<RangeVar>();
        do
            rels.Add(ParseRelationExpr());
        while (Accept(TokenKind.Comma));
        bool restart = false;
        if (AcceptKw("restart"))
        {
            ExpectKw("identity");
            restart = true;
        }
        else if (AcceptKw("continue"))
        {
            ExpectKw("identity");
        }
        return new TruncateStmt { Relations = rels, RestartSeqs = restart, Behavior = ParseOptDropBehavior(),
            Location = start.Location };
    }

    Node ParseComment()
    {
        var start = ExpectKw("comment");
        ExpectKw("on");
        var kindTok = Cur;
        ObjectType type;
        Node obj;
        switch (kindTok.Kind == TokenKind.Identifier ? kindTok.Text : "")
        {
            case "table":
            case "view":
            case "sequence":
            case "index":
            case "column":
            case "type":
            case "domain":
                Advance();
                type = kindTok.Text switch
                {
                    "table" => ObjectType.Table,
                    "view" => ObjectType.View,
                    "sequence" => ObjectType.Sequence,
                    "index" => ObjectType.Index,
                    "column" => ObjectType.Column,
                    "type" => ObjectType.Type,
                    _ => ObjectType.Domain,
                };
                obj = ParseNameList(ParseAnyName);
                break;
            case "materialized" when PeekAt(1).Is("view"):
                Advance();
                Advance();
                type = ObjectType.MatView;
                obj = ParseNameList(ParseAnyName);
                break;
            case "schema":
            case "database":
            case "extension":
            case "role":
                Advance();
                type = kindTok.Text switch
                {
                    "schema" => ObjectType.Schema,
                    "database" => ObjectType.Database,
                    "extension" => ObjectType.Extension,
                    _ => ObjectType.Role,
                };
                obj = ParseNameList(() => [ParseColId()]);
                break;
            case "function":
            case "procedure":
                Advance();
                type = kindTok.Text == "function" ? ObjectType.Function : ObjectType.Procedure;
                obj = ParseFunctionWithArgtypes();
                break;
            case "constraint":
            {
                Advance();
                type = ObjectType.Constraint;
                var t = Cur;
                string cname = ParseColId();
                ExpectKw("on");
                if (IsKw("domain"))
                    NotSupported("COMMENT ON CONSTRAINT ... ON DOMAIN", Cur);
                var names = ParseAnyName();
                names.Add(cname);
                obj = new NameList { Names = names, Location = t.Location };
                break;
            }
            default:
                if (kindTok.Kind == TokenKind.Identifier && OtherObjectKinds.Contains(kindTok.Text))
                    NotSupported("COMMENT ON " + kindTok.Text.ToUpperInvariant(), kindTok);
                throw Err();
        }
        ExpectKw("is");
        string? text = AcceptKw("null") ? null : Expect(TokenKind.String).Text;
        return new CommentStmt { Objtype = type, Object = obj, Comment = text, Location = start.Location };
    }

    // ---- PREPARE / EXECUTE / DEALLOCATE / EXPLAIN --------------------------------------------------------

    Node ParsePrepare()
    {
        var start = ExpectKw("prepare");
        string name = ParseColId();
        var types = new List<TypeName>();
        if (Accept(TokenKind.LeftParen))
        {
            do
                types.Add(ParseTypeName());
            while (Accept(TokenKind.Comma));
            Expect(TokenKind.RightParen);
        }
        ExpectKw("as");
        return new PrepareStmt { Name = name, Argtypes = types, Query = ParsePreparableStmt(), Location = start.Location };
    }

    Node ParseExecute()
    {
        var start = ExpectKw("execute");
        string name = ParseColId();
        var args = new List<Node>();
        if (Accept(TokenKind.LeftParen))
        {
            args = ParseExprList();
            Expect(TokenKind.RightParen);
        }
        return new ExecuteStmt { Name = name, Params = args, Location = start.Location };
    }

    Node ParseDeallocate()
    {
        var start = ExpectKw("deallocate");
        AcceptKw("prepare");
        if (AcceptKw("all"))
            return new DeallocateStmt { Location = start.Location };
        return new DeallocateStmt { Name = ParseColId(), Location = start.Location };
    }

    Node ParseExplain()
    {
        var start = ExpectKw("explain");
        var opts = new List<DefElem>();
        if (Cur.Kind == TokenKind.LeftParen)
        {
            opts.AddRange(ParseGenericOptions(allowListArgs: false));
        }
        else
        {
            var t = Cur;
            if (AcceptKw("analyze") || AcceptKw("analyse"))
                opts.Add(new DefElem { Defname = "analyze", Location = t.Location });
            t = Cur;
            if (AcceptKw("verbose"))
                opts.Add(new DefElem { Defname = "verbose", Location = t.Location });
        }
        Node query;
        if (IsKw("execute"))
            query = ParseExecute();
        else if (IsKw("create") && (PeekAt(1).Is("table") || PeekAt(1).Is("temp") || PeekAt(1).Is("temporary")
                     || PeekAt(1).Is("unlogged")))
        {
            query = ParseCreate();
            if (query is not CreateTableAsStmt)
                throw Err(PeekAt(0));
        }
        else if (IsKw("declare") || IsKw("refresh") || (IsKw("create") && PeekAt(1).Is("materialized")))
        {
            NotSupported("EXPLAIN " + Cur.Text.ToUpperInvariant(), Cur);
            return null!;
        }
        else
            query = ParsePreparableStmt();
        return new ExplainStmt { Query = query, Options = opts, Location = start.Location };
    }

    // ---- VACUUM / ANALYZE --------------------------------------------------------------------------------

    Node ParseVacuum()
    {
        var start = Advance();
        bool isVacuum = start.Text == "vacuum";
        var opts = new List<DefElem>();
        if (Cur.Kind == TokenKind.LeftParen)
        {
            opts.AddRange(ParseGenericOptions(allowListArgs: false));
        }
        else if (isVacuum)
        {
            foreach (var word in new[] { "full", "freeze", "verbose" })
            {
                var t = Cur;
                if (AcceptKw(word))
                    opts.Add(new DefElem { Defname = word, Location = t.Location });
            }
            var a = Cur;
            if (AcceptKw("analyze") || AcceptKw("analyse"))
                opts.Add(new DefElem { Defname = "analyze", Location = a.Location });
        }
        else
        {
            var t = Cur;
            if (AcceptKw("verbose"))
                opts.Add(new DefElem { Defname = "verbose", Location = t.Location });
        }
        var rels = new List<VacuumRelation>();
        if (!AtStatementEnd)
        {
            do
            {
                var t = Cur;
                var rv = ParseQualifiedName();
                var cols = ParseOptColumnList();
                rels.Add(new VacuumRelation { Relation = rv, VaCols = cols, Location = t.Location });
            }
            while (Accept(TokenKind.Comma));
        }
        return new VacuumStmt { Options = opts, Rels = rels, IsVacuumcmd = isVacuum, Location = start.Location };
    }

    // ---- GRANT / REVOKE ----------------------------------------------------------------------------------

    Node ParseGrant()
    {
        var start = Advance();
        bool isGrant = start.Text == "grant";
        bool grantOption = false;
        if (!isGrant && IsKw("grant") && PeekAt(1).Is("option"))
        {
            Advance();
            Advance();
            ExpectKw("for");
            grantOption = true;
        }
        var privs = new List<AccessPriv>();
        var allTok = Cur;
        if (AcceptKw("all"))
        {
            AcceptKw("privileges");
            if (Cur.Kind == TokenKind.LeftParen)
                privs.Add(new AccessPriv { PrivName = "all", Cols = ParseColumnList(), Location = allTok.Location });
        }
        else
        {
            do
            {
                var t = Cur;
                string name;
                if (t.Kind == TokenKind.Identifier && (t.Text is "select" or "references" or "create"))
                    name = Advance().Text;
                else
                    name = ParseColId();
                var cols = ParseOptColumnList();
                privs.Add(new AccessPriv { PrivName = name, Cols = cols, Location = t.Location });
            }
            while (Accept(TokenKind.Comma));
        }
        if (!IsKw("on"))
        {
            if (IsKw("to") || IsKw("from"))
                NotSupported((isGrant ? "GRANT" : "REVOKE") + " of role membership", start);
            throw Err();
        }
        Advance();
        var type = ObjectType.Table;
        bool allInSchema = false;
        var kindTok = Cur;
        if (AcceptKw("table"))
        {
        }
        else if (AcceptKw("sequence"))
            type = ObjectType.Sequence;
        else if (AcceptKw("schema"))
            type = ObjectType.Schema;
        else if (AcceptKw("database"))
            type = ObjectType.Database;
        else if (IsKw("all") && (PeekAt(1).Is("tables") || PeekAt(1).Is("sequences")))
        {
            Advance();
            type = Advance().Text == "tables" ? ObjectType.Table : ObjectType.Sequence;
            ExpectKw("in");
            ExpectKw("schema");
            allInSchema = true;
        }
        else if (kindTok.Kind == TokenKind.Identifier && (kindTok.Text is "function" or "functions" or "procedure"
                     or "routine" or "type" or "domain" or "language" or "foreign" or "large" or "tablespace"
                     or "parameter" or "all"))
            NotSupported((isGrant ? "GRANT" : "REVOKE") + " ON " + kindTok.Text.ToUpperInvariant(), kindTok);
        var objects = new List<NameList>();
        do
        {
            var t = Cur;
            var names = type is ObjectType.Schema or ObjectType.Database || allInSchema
                ? [ParseColId()] : ParseAnyName();
            objects.Add(new NameList { Names = names, Location = t.Location });
        }
        while (Accept(TokenKind.Comma));
        ExpectKw(isGrant ? "to" : "from");
        var grantees = new List<RoleSpec>();
        do
        {
            AcceptKw("group");
            grantees.Add(ParseRoleSpec());
        }
        while (Accept(TokenKind.Comma));
        if (isGrant && IsKw("with") && PeekAt(1).Is("grant"))
        {
            Advance();
            Advance();
            ExpectKw("option");
            grantOption = true;
        }
        if (AcceptKw("granted"))
        {
            ExpectKw("by");
            ParseRoleSpec();
        }
        var behavior = isGrant ? DropBehavior.Restrict : ParseOptDropBehavior();
        return new GrantStmt { IsGrant = isGrant, Objtype = type, AllInSchema = allInSchema, Objects = objects,
            Privileges = privs, Grantees = grantees, GrantOption = grantOption, Behavior = behavior,
            Location = start.Location };
    }
}
