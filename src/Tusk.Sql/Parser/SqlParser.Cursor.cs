// Cursor statements (gram.y DeclareCursorStmt, FetchStmt, ClosePortalStmt): DECLARE with its options, FETCH and
// MOVE with every direction of fetch_args, CLOSE name / CLOSE ALL.
// A direction word directly before the end of the statement is the cursor's name (FETCH next), as in gram.y,
// where the unreserved keywords double as names.
using Tusk.Sql.Nodes;

namespace Tusk.Sql.Parser;

internal sealed partial class SqlParser
{
    Node ParseDeclareCursor()
    {
        var start = ExpectKw("declare");
        string name = ParseColId();
        var options = CursorOptions.None;
        while (true)
        {
            if (AcceptKw("binary"))
                options |= CursorOptions.Binary;
            else if (AcceptKw("insensitive"))
                options |= CursorOptions.Insensitive;
            else if (AcceptKw("asensitive"))
                options |= CursorOptions.Asensitive;
            else if (AcceptKw("scroll"))
                options |= CursorOptions.Scroll;
            else if (IsKw("no") && PeekAt(1).Is("scroll"))
            {
                _p += 2;
                options |= CursorOptions.NoScroll;
            }
            else
                break;
        }
        ExpectKw("cursor");
        if (AcceptKw("with"))
        {
            ExpectKw("hold");
            options |= CursorOptions.Hold;
        }
        else if (AcceptKw("without"))
            ExpectKw("hold");
        ExpectKw("for");
        if (!(IsKw("select") || IsKw("values") || IsKw("table") || IsKw("with") || Cur.Kind == TokenKind.LeftParen))
            SyntaxError();
        var query = ParseSelectStatement();
        return new DeclareCursorStmt { Portalname = name, Options = options, Query = query, Location = start.Location };
    }

    /// <summary>FETCH / MOVE fetch_args.</summary>
    Node ParseFetch()
    {
        var start = Advance();
        bool isMove = start.Text == "move";
        var direction = FetchDirection.Forward;
        long count = 1;
        bool directionWord = PeekAt(1).Kind is not (TokenKind.Semicolon or TokenKind.EndOfInput);
        if (Cur.Kind is TokenKind.Integer || Cur.IsOp("+") || Cur.IsOp("-"))
            count = ParseSignedIconst();
        else if (directionWord && Cur.Kind == TokenKind.Identifier)
        {
            switch (Cur.Text)
            {
                case "next":
                    Advance();
                    break;
                case "prior":
                    Advance();
                    direction = FetchDirection.Backward;
                    break;
                case "first":
                    Advance();
                    direction = FetchDirection.Absolute;
                    break;
                case "last":
                    Advance();
                    direction = FetchDirection.Absolute;
                    count = -1;
                    break;
                case "absolute":
                case "relative":
                    direction = Advance().Text == "absolute" ? FetchDirection.Absolute : FetchDirection.Relative;
                    count = ParseSignedIconst();
                    break;
                case "all":
                    Advance();
                    count = FetchStmt.FetchAll;
                    break;
                case "forward":
                case "backward":
                    direction = Advance().Text == "forward" ? FetchDirection.Forward : FetchDirection.Backward;
                    if (AcceptKw("all"))
                        count = FetchStmt.FetchAll;
                    else if (Cur.Kind is TokenKind.Integer || Cur.IsOp("+") || Cur.IsOp("-"))
                        count = ParseSignedIconst();
                    break;
            }
        }
        if (!AcceptKw("from"))
            AcceptKw("in");
        string name = ParseColId();
        return new FetchStmt { Direction = direction, HowMany = count, Portalname = name, IsMove = isMove,
            Location = start.Location };
    }

    /// <summary>SignedIconst: an int4 literal with an optional sign.</summary>
    long ParseSignedIconst()
    {
        bool negative = false;
        if (AcceptOp("-"))
            negative = true;
        else
            AcceptOp("+");
        long v = long.Parse(Expect(TokenKind.Integer).Text, System.Globalization.CultureInfo.InvariantCulture);
        return negative ? -v : v;
    }

    Node ParseClosePortal()
    {
        var start = ExpectKw("close");
        if (AcceptKw("all"))
            return new ClosePortalStmt { Location = start.Location };
        return new ClosePortalStmt { Portalname = ParseColId(), Location = start.Location };
    }
}
