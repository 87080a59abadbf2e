// Type-name grammar (Typename / SimpleTypename of gram.y): SQL-standard spellings with their modifiers are
// mapped to PostgreSQL's internal names under pg_catalog (integer -> int4, double precision -> float8,
// character varying(n) -> varchar, timestamp with time zone -> timestamptz); other names stay as written.
using Tusk.Sql.Nodes;

namespace Tusk.Sql.Parser;

internal sealed partial class SqlParser
{
    static bool IsSqlTypeKeyword(string w) => w is "int" or "integer" or "smallint" or "bigint" or "real"
        or "float" or "double" or "decimal" or "dec" or "numeric" or "boolean" or "bit" or "character" or "char"
        or "varchar" or "nchar" or "national" or "timestamp" or "time" or "interval";

    TypeName ParseTypeName()
    {
        var start = Cur;
        if (IsKw("setof"))
            NotSupported("SETOF", start);
        TypeName tn;
        if (start.Kind == TokenKind.Identifier && IsSqlTypeKeyword(start.Text)
            && !(start.Text == "double" && !PeekAt(1).Is("precision")))
            tn = ParseSqlStandardType();
        else
            tn = ParseGenericType();
        if (IsKw("array"))
        {
            Advance();
            int bound = -1;
            if (Accept(TokenKind.LeftBracket))
            {
                bound = int.Parse(Expect(TokenKind.Integer).Text, System.Globalization.CultureInfo.InvariantCulture);
                Expect(TokenKind.RightBracket);
            }
            tn.ArrayBounds.Add(bound);
        }
        else
        {
            while (Cur.Kind == TokenKind.LeftBracket)
            {
                Advance();
                int bound = -1;
                if (Cur.Kind == TokenKind.Integer)
                    bound = int.Parse(Advance().Text, System.Globalization.CultureInfo.InvariantCulture);
                Expect(TokenKind.RightBracket);
                tn.ArrayBounds.Add(bound);
            }
        }
        return tn;
    }

    TypeName ParseGenericType()
    {
        var start = Cur;
        string first;
        if (Cur.Kind == TokenKind.QuotedIdentifier
            || (Cur.Kind == TokenKind.Identifier && Keywords.IsTypeFunctionName(Cur.Text)))
            first = Advance().Text;
        else
            throw Err();
        var names = new List<string> { first };
        while (Accept(TokenKind.Dot))
            names.Add(ParseAttrName());
        var tn = new TypeName { Names = names, Location = start.Location };
        ParseTypmods(tn);
        return tn;
    }

    void ParseTypmods(TypeName tn)
    {
        if (Cur.Kind != TokenKind.LeftParen)
            return;
        Advance();
        tn.Typmods.AddRange(ParseExprList());
        Expect(TokenKind.RightParen);
    }

    static TypeName SystemType(string name, int location) =>
        new() { Names = ["pg_catalog", name], Location = location };

    TypeName ParseSqlStandardType()
    {
        var t = Advance();
        int loc = t.Location;
        switch (t.Text)
        {
            case "int":
            case "integer":
                return SystemType("int4", loc);
            case "smallint":
                return SystemType("int2", loc);
            case "bigint":
                return SystemType("int8", loc);
            case "real":
                return SystemType("float4", loc);
            case "double":
                ExpectKw("precision");
                return SystemType("float8", loc);
            case "boolean":
                return SystemType("bool", loc);
            case "float":
            {
                if (Cur.Kind != TokenKind.LeftParen)
                    return SystemType("float8", loc);
                Advance();
                var p = Expect(TokenKind.Integer);
                Expect(TokenKind.RightParen);
                int bits = int.Parse(p.Text, System.Globalization.CultureInfo.InvariantCulture);
                if (bits < 1)
                    Common.Errors.Throw.Error(Common.Errors.SqlState.InvalidParameterValue,
                        "precision for type float must be at least 1 bit", position: p.Location + 1);
                if (bits > 53)
                    Common.Errors.Throw.Error(Common.Errors.SqlState.InvalidParameterValue,
                        "precision for type float must be less than 54 bits", position: p.Location + 1);
                return SystemType(bits <= 24 ? "float4" : "float8", loc);
            }
            case "decimal":
            case "dec":
            case "numeric":
            {
                var tn = SystemType("numeric", loc);
                ParseTypmods(tn);
                return tn;
            }
            case "bit":
            {
                bool varying = AcceptKw("varying");
                var tn = SystemType(varying ? "varbit" : "bit", loc);
                ParseTypmods(tn);
                if (!varying && tn.Typmods.Count == 0)
                    tn.Typmods.Add(new A_Const { Kind = ConstKind.Integer, Text = "1", Location = -1 });
                return tn;
            }
            case "character":
            case "char":
            case "varchar":
            case "nchar":
            case "national":
            {
                if (t.Text == "national" && !AcceptKw("character"))
                    ExpectKw("char");
                bool varying = t.Text == "varchar" || AcceptKw("varying");
                var tn = SystemType(varying ? "varchar" : "bpchar", loc);
                ParseTypmods(tn);
                if (!varying && tn.Typmods.Count == 0)
                    tn.Typmods.Add(new A_Const { Kind = ConstKind.Integer, Text = "1", Location = -1 });
                return tn;
            }
            case "timestamp":
            case "time":
            {
                var typmods = new List<Node>();
                if (Cur.Kind == TokenKind.LeftParen)
                {
                    Advance();
                    typmods.AddRange(ParseExprList());
                    Expect(TokenKind.RightParen);
                }
                bool tz = false;
                if (AcceptKw("with"))
                {
                    ExpectKw("time");
                    ExpectKw("zone");
                    tz = true;
                }
                else if (AcceptKw("without"))
                {
                    ExpectKw("time");
                    ExpectKw("zone");
                }
                var tn = SystemType(t.Text == "timestamp" ? (tz ? "timestamptz" : "timestamp") : (tz ? "timetz" : "time"),
                    loc);
                tn.Typmods.AddRange(typmods);
                return tn;
            }
            default: // interval
            {
                var tn = SystemType("interval", loc);
                if (Cur.Kind == TokenKind.LeftParen)
                {
                    ParseTypmods(tn);
                    return tn;
                }
                ParseIntervalFields(tn);
                return tn;
            }
        }
    }

    /// <summary>opt_interval: YEAR, MONTH TO SECOND(p), ...; recorded only as accepted syntax.</summary>
    void ParseIntervalFields(TypeName tn)
    {
        static bool IsField(Token t) => t.Is("year") || t.Is("month") || t.Is("day") || t.Is("hour")
            || t.Is("minute") || t.Is("second");
        if (!IsField(Cur))
            return;
        Advance();
        if (AcceptKw("to"))
        {
            if (!IsField(Cur))
                SyntaxError();
            Advance();
        }
        if (_tokens[_p - 1].Is("second") && Cur.Kind == TokenKind.LeftParen)
            ParseTypmods(tn);
    }
}
