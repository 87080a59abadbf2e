// DefineStmt-like forms of gram.y: CREATE TYPE ... AS RANGE (definition), ALTER TYPE ... ADD VALUE / RENAME VALUE
// (AlterEnumStmt) and CREATE OPERATOR CLASS (CreateOpClassStmt with its opclass_item_list). Other ALTER TYPE forms
// raise 0A000.
using Tusk.Sql.Nodes;

namespace Tusk.Sql.Parser;

internal sealed partial class SqlParser
{
    /// <summary>CREATE TYPE name AS RANGE definition (after AS RANGE).</summary>
    Node ParseCreateRange(Token start, List<string> names) =>
        new CreateRangeStmt { TypeName = names, Params = ParseDefinition(), Location = start.Location };

    /// <summary>
    /// CREATE [OR REPLACE] AGGREGATE name aggr_args definition, or the old form name (old_aggr_list) where every
    /// element is IDENT = def_arg (told apart by "word =" right after the parenthesis).
    /// </summary>
    Node ParseCreateAggregate(Token start, bool orReplace)
    {
        ExpectKw("aggregate");
        var name = ParseFuncName();
        bool oldStyle = Cur.Kind == TokenKind.LeftParen
            && PeekAt(1).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && PeekAt(2).IsOp("=");
        List<FunctionParameter>? args = null;
        if (!oldStyle)
            args = ParseAggrArgs() ?? [];
        return new CreateAggregateStmt { Name = name, Args = args, Definition = ParseDefinition(), Replace = orReplace,
            Location = start.Location };
    }

    /// <summary>definition: '(' def_elem, ... ')' with def_elem ColLabel ['=' def_arg].</summary>
    List<DefElem> ParseDefinition()
    {
        Expect(TokenKind.LeftParen);
        var list = new List<DefElem>();
        do
        {
            var t = Cur;
            string name = ParseAttrName();
            Node? arg = null;
            if (AcceptOp("="))
                arg = ParseDefArg();
            list.Add(new DefElem { Defname = name, Arg = arg, Location = t.Location });
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightParen);
        return list;
    }

    /// <summary>def_arg: a string or number constant, an operator, or a (type, function, collation) name.</summary>
    Node ParseDefArg()
    {
        var t = Cur;
        if (t.Kind == TokenKind.String)
            return StringConst(Advance().Text, t);
        if (t.Kind is TokenKind.Integer or TokenKind.Decimal || (t.Kind == TokenKind.Operator && t.Text is "+" or "-"))
            return ParseNumericOnly();
        if (t.Kind == TokenKind.Operator)
            return StringConst(Advance().Text, t);
        return ParseFuncType();
    }

    /// <summary>ALTER TYPE name ADD VALUE ... | RENAME VALUE ... (after ALTER TYPE).</summary>
    Node ParseAlterType(Token start, Token kindTok)
    {
        var names = ParseAnyName();
        if (AcceptKw("add"))
        {
            if (!IsKw("value"))
                NotSupportedAtWord("ALTER TYPE ... ADD");
            Advance();
            bool skip = ParseIfNotExists();
            string val = Expect(TokenKind.String).Text;
            string? neighbor = null;
            bool after = false;
            if (IsKw("before") || IsKw("after"))
            {
                after = Advance().Text == "after";
                neighbor = Expect(TokenKind.String).Text;
            }
            return new AlterEnumStmt { TypeName = names, NewVal = val, NewValNeighbor = neighbor, NewValIsAfter = after,
                SkipIfNewValExists = skip, Location = start.Location };
        }
        if (IsKw("rename") && PeekAt(1).Is("value"))
        {
            Advance();
            Advance();
            string oldVal = Expect(TokenKind.String).Text;
            ExpectKw("to");
            string newVal = Expect(TokenKind.String).Text;
            return new AlterEnumStmt { TypeName = names, OldVal = oldVal, NewVal = newVal, Location = start.Location };
        }
        NotSupported("ALTER TYPE", kindTok);
        return null!;
    }

    /// <summary>CREATE OPERATOR CLASS (after CREATE; the current word is OPERATOR).</summary>
    Node ParseCreateOpClass(Token start)
    {
        ExpectKw("operator");
        ExpectKw("class");
        var name = ParseAnyName();
        bool isDefault = AcceptKw("default");
        ExpectKw("for");
        ExpectKw("type");
        var type = ParseTypeName();
        ExpectKw("using");
        string am = ParseNonReservedWordOrString();
        List<string> family = [];
        if (AcceptKw("family"))
            family = ParseAnyName();
        ExpectKw("as");
        var items = new List<CreateOpClassItem>();
        do
            items.Add(ParseOpClassItem());
        while (Accept(TokenKind.Comma));
        return new CreateOpClassStmt { OpClassName = name, OpFamilyName = family, AmName = am, DataType = type,
            Items = items, IsDefault = isDefault, Location = start.Location };
    }

    CreateOpClassItem ParseOpClassItem()
    {
        var t = Cur;
        if (AcceptKw("operator"))
        {
            int number = int.Parse(Expect(TokenKind.Integer).Text, System.Globalization.CultureInfo.InvariantCulture);
            var opTok = Cur;
            var opName = new List<string>();
            while (Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && PeekAt(1).Kind == TokenKind.Dot)
            {
                opName.Add(Advance().Text);
                Advance();
            }
            opName.Add(Expect(TokenKind.Operator).Text);
            var args = new List<TypeName>();
            if (Accept(TokenKind.LeftParen))
            {
                args.Add(ParseTypeName());
                Expect(TokenKind.Comma);
                args.Add(ParseTypeName());
                Expect(TokenKind.RightParen);
            }
            List<string> orderFamily = [];
            if (AcceptKw("for"))
            {
                if (!AcceptKw("search"))
                {
                    ExpectKw("order");
                    ExpectKw("by");
                    orderFamily = ParseAnyName();
                }
            }
            return new CreateOpClassItem { ItemType = OpClassItemType.Operator, Number = number,
                Name = new ObjectWithArgs { Objname = opName, Objargs = args, Location = opTok.Location },
                OrderFamily = orderFamily, Location = t.Location };
        }
        if (AcceptKw("function"))
        {
            int number = int.Parse(Expect(TokenKind.Integer).Text, System.Globalization.CultureInfo.InvariantCulture);
            var classArgs = new List<TypeName>();
            if (Accept(TokenKind.LeftParen))
            {
                do
                    classArgs.Add(ParseTypeName());
                while (Accept(TokenKind.Comma));
                Expect(TokenKind.RightParen);
            }
            var fn = ParseFunctionWithArgtypes();
            return new CreateOpClassItem { ItemType = OpClassItemType.Function, Number = number, Name = fn,
                ClassArgs = classArgs, Location = t.Location };
        }
        ExpectKw("storage");
        return new CreateOpClassItem { ItemType = OpClassItemType.StorageType, StoreType = ParseTypeName(),
            Location = t.Location };
    }
}
