// format(formatstr, VARIADIC "any") (utils/adt/varlena.c text_format): %[n$][-][width]type with types s (text
// output, NULL as empty), I (quote_ident, NULL is 22004) and L (quote_literal, NULL as NULL), %% a percent sign;
// width is digits, * (the next argument) or *m$ (argument m); a negative width left-justifies. Arguments after an
// explicit n$ continue from n+1. Entry point: Format.
using System.Text;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

/// <summary>The format() function.</summary>
internal static class TextFormat
{
    const string Hint = "For a single \"%\" use \"%%\".";

    public static string Format(string fmt, ReadOnlySpan<Datum> args, EvalContext c)
    {
        var sb = new StringBuilder(fmt.Length + 16);
        int next = 0;
        int i = 0;
        while (i < fmt.Length)
        {
            char ch = fmt[i++];
            if (ch != '%')
            {
                sb.Append(ch);
                continue;
            }
            if (i >= fmt.Length)
                Unterminated();
            if (fmt[i] == '%')
            {
                sb.Append('%');
                i++;
                continue;
            }
            int argPos = -1;
            int save = i;
            if (TryNumber(fmt, ref i, out int n) && i < fmt.Length && fmt[i] == '$')
            {
                argPos = CheckPosition(n);
                i++;
            }
            else
            {
                i = save;
            }
            bool leftAlign = false;
            while (i < fmt.Length && fmt[i] == '-')
            {
                leftAlign = true;
                i++;
            }
            if (i >= fmt.Length)
                Unterminated();
            int width = 0;
            if (fmt[i] == '*')
            {
                i++;
                int widthArg = next;
                save = i;
                if (TryNumber(fmt, ref i, out int m) && i < fmt.Length && fmt[i] == '$')
                {
                    widthArg = CheckPosition(m);
                    i++;
                }
                else
                {
                    i = save;
                }
                if (widthArg >= args.Length)
                    TooFew();
                width = WidthValue(args[widthArg], c);
                next = widthArg + 1;
            }
            else if (TryNumber(fmt, ref i, out int w))
            {
                width = w;
            }
            if (i >= fmt.Length)
                Unterminated();
            char type = fmt[i++];
            if (type is not ('s' or 'I' or 'L'))
                Throw.Error(SqlState.InvalidParameterValue, $"unrecognized format() type specifier \"{type}\"",
                    hint: Hint);
            int arg = argPos >= 0 ? argPos : next;
            if (arg >= args.Length)
                TooFew();
            next = arg + 1;
            var v = args[arg];
            string s = type switch
            {
                's' => v.IsNull ? "" : FunctionCatalog.OutText(v, c),
                'I' => v.IsNull
                    ? Throw.Error<string>("22004", "null values cannot be formatted as an SQL identifier")
                    : FunctionCatalog.QuoteIdent(FunctionCatalog.OutText(v, c)),
                _ => v.IsNull ? "NULL" : FunctionCatalog.QuoteLiteral(FunctionCatalog.OutText(v, c)),
            };
            if (width < 0)
            {
                leftAlign = true;
                width = width == int.MinValue ? int.MaxValue : -width;
            }
            int pad = width - CharTypes.CodePointLength(s);
            if (pad > 0 && !leftAlign)
                sb.Append(' ', pad);
            sb.Append(s);
            if (pad > 0 && leftAlign)
                sb.Append(' ', pad);
        }
        return sb.ToString();
    }

    static int CheckPosition(int n) => n == 0
        ? Throw.Error<int>(SqlState.InvalidParameterValue,
            "format specifies argument 0, but arguments are numbered from 1")
        : n - 1;

    static bool TryNumber(string fmt, ref int i, out int value)
    {
        long v = 0;
        int start = i;
        while (i < fmt.Length && char.IsAsciiDigit(fmt[i]))
        {
            v = v * 10 + (fmt[i] - '0');
            if (v > int.MaxValue)
                Throw.Error(SqlState.NumericValueOutOfRange, "number is out of range");
            i++;
        }
        value = (int)v;
        return i > start;
    }

    static int WidthValue(in Datum d, EvalContext c)
    {
        if (d.IsNull)
            return 0;
        if (TypeNames.IsInteger(d.Type))
            return (int)d.Int;
        return (int)TypeIO.FromText(FunctionCatalog.OutText(d, c), TypeOid.Int4, c.Session.Output).Int;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void Unterminated() =>
        Throw.Error(SqlState.InvalidParameterValue, "unterminated format() type specifier", hint: Hint);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void TooFew() => Throw.Error(SqlState.InvalidParameterValue, "too few arguments for format()");
}
