// to_char for numbers (PostgreSQL 15's number formatting, locale C): the pattern is parsed into keyword and
// literal nodes plus a description (digits before/after the decimal point, where the first '0' is, which sign
// elements were seen), the value is turned into a plain digit string rounded to the pattern's fraction digits
// (or into '#'s when its integer part is longer than the pattern's), and the nodes are then walked to lay the
// digits, blanks, signs and literals out.
//
// Pattern language: 9 (digit, blank when leading), 0 (digit, zero when leading), '.' and D (decimal point),
// ',' and G (group separator, ','), S (sign anchored to the number), MI / PL / SG (minus, plus, both, at that
// place), PR (negative in <angle brackets>), FM (fill mode: no padding blanks, no trailing fraction zeros),
// TH / th (ordinal suffix), V (multiply by 10^n, n = the digits after V), EEEE (scientific notation, only with
// digits and a decimal point), L (currency: a blank in locale C), RN / rn (roman numerals 1..3999), B / C / SP
// (accepted, no output); anything else is copied, "double-quoted text" literally, and \" is a quote.
//
// Entry points: NumberFormat.ToChar(long, bool, string), ToChar(NumericValue, string), ToChar(double, bool, string).
using System.Globalization;
using System.Numerics;
using System.Text;
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static class NumberFormat
{
    enum K : byte
    {
        Comma, Dec, Zero, Nine, B, C, D, E, FM, G, L, MI, PL, PR, RN, SG, SP, S, TH, V, rn, th,
    }

    [Flags]
    enum F : ushort
    {
        Decimal = 1, LDecimal = 2, Zero = 4, Blank = 8, FillMode = 16, LSign = 32, Bracket = 64,
        Minus = 128, Plus = 256, Roman = 512, Multi = 1024, Eeee = 2048,
    }

    enum LSign : byte { None, Pre, Post }

    static readonly (string Text, K Key)[] Keywords =
    [
        (",", K.Comma), (".", K.Dec), ("0", K.Zero), ("9", K.Nine), ("B", K.B), ("C", K.C), ("D", K.D),
        ("EEEE", K.E), ("FM", K.FM), ("G", K.G), ("L", K.L), ("MI", K.MI), ("PL", K.PL), ("PR", K.PR),
        ("RN", K.RN), ("SG", K.SG), ("SP", K.SP), ("S", K.S), ("TH", K.TH), ("V", K.V),
        ("b", K.B), ("c", K.C), ("d", K.D), ("eeee", K.E), ("fm", K.FM), ("g", K.G), ("l", K.L), ("mi", K.MI),
        ("pl", K.PL), ("pr", K.PR), ("rn", K.rn), ("sg", K.SG), ("sp", K.SP), ("s", K.S), ("th", K.th), ("v", K.V),
    ];

    /// <summary>One parsed pattern element: a keyword, or (Key null) literal text.</summary>
    readonly record struct Node(K? Key, string Literal);

    /// <summary>What the pattern asks for (formatting.c's NUMDesc).</summary>
    sealed class Desc
    {
        public int Pre, Post, Multi, ZeroStart, ZeroEnd, PreLSignNum;
        public LSign LSign;
        public F Flags;
        public bool Has(F f) => (Flags & f) != 0;
    }

    static void Syntax(string message, string? detail = null) => Throw.Error(SqlState.SyntaxError, message, detail);

    static List<Node> Parse(string fmt, Desc d)
    {
        var nodes = new List<Node>();
        int i = 0;
        while (i < fmt.Length)
        {
            var kw = Match(fmt, i);
            if (kw is { } k)
            {
                if (d.Has(F.Eeee) && k.Key != K.E)
                    Syntax("\"EEEE\" must be the last pattern used");
                Prepare(d, k.Key);
                nodes.Add(new Node(k.Key, ""));
                i += k.Text.Length;
            }
            else if (fmt[i] == '"')
            {
                for (i++; i < fmt.Length; i++)
                {
                    if (fmt[i] == '"')
                    {
                        i++;
                        break;
                    }
                    if (fmt[i] == '\\' && i + 1 < fmt.Length)
                        i++;
                    nodes.Add(new Node(null, fmt[i].ToString()));
                }
            }
            else
            {
                if (fmt[i] == '\\' && i + 1 < fmt.Length && fmt[i + 1] == '"')
                    i++;
                int len = char.IsSurrogatePair(fmt, i) ? 2 : 1;
                nodes.Add(new Node(null, fmt.Substring(i, len)));
                i += len;
            }
        }
        return nodes;
    }

    static (string Text, K Key)? Match(string fmt, int i)
    {
        foreach (var kw in Keywords)
            if (string.CompareOrdinal(fmt, i, kw.Text, 0, kw.Text.Length) == 0)
                return kw;
        return null;
    }

    /// <summary>Records one keyword in the description, with PostgreSQL's errors for clashing elements.</summary>
    static void Prepare(Desc d, K key)
    {
        switch (key)
        {
            case K.Nine:
            case K.Zero:
                if (d.Has(F.Bracket))
                    Syntax(key == K.Nine ? "\"9\" must be ahead of \"PR\"" : "\"0\" must be ahead of \"PR\"");
                if (key == K.Nine && d.Has(F.Multi))
                {
                    d.Multi++;
                    break;
                }
                if (key == K.Zero && !d.Has(F.Zero) && !d.Has(F.Decimal))
                {
                    d.Flags |= F.Zero;
                    d.ZeroStart = d.Pre + 1;
                }
                if (d.Has(F.Decimal))
                    d.Post++;
                else
                    d.Pre++;
                if (key == K.Zero)
                    d.ZeroEnd = d.Pre + d.Post;
                break;
            case K.B:
                if (d.Pre == 0 && d.Post == 0 && !d.Has(F.Zero))
                    d.Flags |= F.Blank;
                break;
            case K.D:
            case K.Dec:
                if (key == K.D)
                    d.Flags |= F.LDecimal;
                if (d.Has(F.Decimal))
                    Syntax("multiple decimal points");
                if (d.Has(F.Multi))
                    Syntax("cannot use \"V\" and decimal point together");
                d.Flags |= F.Decimal;
                break;
            case K.FM or K.RN or K.rn:
                d.Flags |= key == K.FM ? F.FillMode : F.Roman;
                break;
            case K.S:
                if (d.Has(F.LSign))
                    Syntax("cannot use \"S\" twice");
                if (d.Has(F.Plus) || d.Has(F.Minus) || d.Has(F.Bracket))
                    Syntax("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
                if (!d.Has(F.Decimal))
                {
                    d.LSign = LSign.Pre;
                    d.PreLSignNum = d.Pre;
                    d.Flags |= F.LSign;
                }
                else if (d.LSign == LSign.None)
                {
                    d.LSign = LSign.Post;
                    d.Flags |= F.LSign;
                }
                break;
            case K.MI:
            case K.PL:
            case K.SG:
                if (d.Has(F.LSign))
                    Syntax($"cannot use \"S\" and \"{(key == K.MI ? "MI" : key == K.PL ? "PL" : "SG")}\" together");
                d.Flags |= key == K.MI ? F.Minus : key == K.PL ? F.Plus : F.Minus | F.Plus;
                break;
            case K.PR:
                if (d.Has(F.LSign) || d.Has(F.Plus) || d.Has(F.Minus))
                    Syntax("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
                d.Flags |= F.Bracket;
                break;
            case K.V:
                if (d.Has(F.Decimal))
                    Syntax("cannot use \"V\" and decimal point together");
                d.Flags |= F.Multi;
                break;
            case K.E:
                if (d.Has(F.Eeee))
                    Syntax("cannot use \"EEEE\" twice");
                if (d.Has(F.Blank | F.FillMode | F.LSign | F.Bracket | F.Minus | F.Plus | F.Roman | F.Multi))
                    Syntax("\"EEEE\" is incompatible with other formats",
                        "\"EEEE\" may only be used together with digit and decimal point patterns.");
                d.Flags |= F.Eeee;
                break;
        }
    }

    // ---- entry points ----

    /// <summary>to_char(int4 / int8, text).</summary>
    public static string ToChar(long value, bool isInt8, string fmt)
    {
        if (!Begin(fmt, out var nodes, out var d))
            return "";
        if (d.Has(F.Roman))
        {
            if (value is < int.MinValue or > int.MaxValue)
                Throw.Error(SqlState.NumericValueOutOfRange, "integer out of range");
            return Process(nodes, d, Roman((int)value), 0, '\0');
        }
        if (d.Has(F.Eeee))
            return Process(nodes, d, Scientific(NumericValue.FromInt64(value), d.Post), 0, '+');
        if (d.Has(F.Multi))
        {
            long scale = (long)Math.Pow(10, d.Multi);
            if (isInt8)
            {
                try
                {
                    value = checked(value * scale);
                }
                catch (OverflowException)
                {
                    Throw.Error(SqlState.NumericValueOutOfRange, "bigint out of range");
                }
            }
            else
            {
                value = unchecked((int)value * (int)scale);
            }
            d.Pre += d.Multi;
        }
        string digits = value.ToString(CultureInfo.InvariantCulture);
        if (d.Post > 0)
            digits += "." + new string('0', d.Post);
        return Laid(nodes, d, digits);
    }

    /// <summary>to_char(numeric, text).</summary>
    public static string ToChar(NumericValue value, string fmt)
    {
        if (!Begin(fmt, out var nodes, out var d))
            return "";
        if (d.Has(F.Roman))
        {
            if (value.IsNaN)
                Throw.Error(SqlState.FeatureNotSupported, "cannot convert NaN to integer");
            if (!value.TryToInt64(out long n) || n is < int.MinValue or > int.MaxValue)
                Throw.Error(SqlState.NumericValueOutOfRange, "integer out of range");
            return Process(nodes, d, Roman((int)n), 0, '\0');
        }
        if (d.Has(F.Eeee))
        {
            return Process(nodes, d, value.IsFinite ? Scientific(value, d.Post) : SpecialScientific(d), 0, '+');
        }
        if (d.Has(F.Multi))
        {
            value = NumericValue.Mul(value, NumericValue.Parse("1" + new string('0', d.Multi)));
            d.Pre += d.Multi;
        }
        string text = value.Round(d.Post).ToString();
        return Laid(nodes, d, text);
    }

    /// <summary>to_char(float4 / float8, text); float4 values arrive widened to double.</summary>
    public static string ToChar(double value, bool isFloat4, string fmt)
    {
        if (!Begin(fmt, out var nodes, out var d))
            return "";
        if (d.Has(F.Roman))
        {
            double r = Math.Round(value);
            int n = double.IsNaN(r) || r < int.MinValue || r > int.MaxValue ? int.MinValue : (int)r;
            return Process(nodes, d, Roman(n), 0, '\0');
        }
        if (d.Has(F.Eeee))
        {
            if (!double.IsFinite(value))
                return Process(nodes, d, SpecialScientific(d), 0, '+');
            string s = CScientific(value, d.Post);
            return Process(nodes, d, s[0] == '+' ? " " + s[1..] : s, 0, '+');
        }
        double val = value;
        if (d.Has(F.Multi))
        {
            val = isFloat4 ? (float)value * (float)Math.Pow(10, d.Multi) : value * Math.Pow(10, d.Multi);
            d.Pre += d.Multi;
        }
        int maxDigits = isFloat4 ? 6 : 15;
        int preLen = CFixed(Math.Abs(val), 0).Length;
        if (preLen >= maxDigits)
            d.Post = 0;
        else if (preLen + d.Post > maxDigits)
            d.Post = maxDigits - preLen;
        string text = CFixed(val, d.Post);
        return Laid(nodes, d, text);
    }

    /// <summary>Parses a non-empty pattern (an empty one gives an empty result).</summary>
    static bool Begin(string fmt, out List<Node> nodes, out Desc d)
    {
        d = new Desc();
        nodes = fmt.Length == 0 ? [] : Parse(fmt, d);
        return fmt.Length > 0;
    }

    /// <summary>
    /// Splits the sign off a plain number, pads or overflows its digits against the pattern's integer digits, then
    /// lays it out.
    /// </summary>
    static string Laid(List<Node> nodes, Desc d, string digits)
    {
        char sign = digits[0] == '-' ? '-' : '+';
        if (sign == '-')
            digits = digits[1..];
        int dot = digits.IndexOf('.');
        int preLen = dot >= 0 ? dot : digits.Length;
        int preSpaces = 0;
        if (preLen < d.Pre)
        {
            preSpaces = d.Pre - preLen;
        }
        else if (preLen > d.Pre)
        {
            var hashes = new StringBuilder(new string('#', d.Pre + d.Post + 1));
            hashes[d.Pre] = '.';
            digits = hashes.ToString();
        }
        return Process(nodes, d, digits, preSpaces, sign);
    }

    static string SpecialScientific(Desc d)
    {
        // Room for the sign, the point, "e", the exponent's sign and two exponent digits.
        var s = new StringBuilder(new string('#', d.Pre + d.Post + 6));
        s[0] = ' ';
        s[d.Pre + 1] = '.';
        return s.ToString();
    }

    /// <summary>numeric's scientific form: a blank or '-', the significand rounded to <paramref name="scale"/> digits, e±NN.</summary>
    static string Scientific(NumericValue value, int scale)
    {
        string text = value.Abs().ToString();
        int dot = text.IndexOf('.');
        string all = dot >= 0 ? text.Remove(dot, 1) : text;
        int point = dot >= 0 ? dot : text.Length;
        int first = 0;
        while (first < all.Length && all[first] == '0')
            first++;
        int exponent = 0;
        string mantissa;
        if (first == all.Length)
        {
            mantissa = "0" + (scale > 0 ? "." + new string('0', scale) : "");
        }
        else
        {
            exponent = point - first - 1;
            string sig = all[first..];
            BigInteger kept = BigInteger.Parse(sig.Length > scale + 1 ? sig[..(scale + 1)] : sig.PadRight(scale + 1, '0'),
                CultureInfo.InvariantCulture);
            if (sig.Length > scale + 1 && sig[scale + 1] >= '5')
                kept += 1;
            string ks = kept.ToString(CultureInfo.InvariantCulture);
            mantissa = scale > 0 ? ks[..^scale] + "." + ks[^scale..] : ks;
        }
        string exp = (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        return (value.IsNegative ? "-" : " ") + mantissa + "e" + exp;
    }

    // ---- C printf-style float conversions (exact binary value, ties to even) ----

    /// <summary>The exact value of a finite double as numerator / 2^shift.</summary>
    static (BigInteger Num, int Shift) Exact(double v)
    {
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(v));
        int exp = (int)(bits >> 52) & 0x7FF;
        long frac = bits & 0xFFFFFFFFFFFFFL;
        if (exp == 0)
            exp = 1;
        else
            frac |= 1L << 52;
        int e = exp - 1075;
        return e >= 0 ? (new BigInteger(frac) << e, 0) : (new BigInteger(frac), -e);
    }

    /// <summary>round(|v| * 10^k) with ties to even.</summary>
    static BigInteger ScaledRound(double v, int k)
    {
        var (num, shift) = Exact(v);
        BigInteger den = BigInteger.One << shift;
        if (k >= 0)
            num *= BigInteger.Pow(10, k);
        else
            den *= BigInteger.Pow(10, -k);
        var q = BigInteger.DivRem(num, den, out var r);
        int c = (r * 2).CompareTo(den);
        if (c > 0 || (c == 0 && !q.IsEven))
            q += 1;
        return q;
    }

    static string Signed(double v, string body) => double.IsNegative(v) ? "-" + body : body;

    /// <summary>printf("%.*f"), with PostgreSQL's spellings NaN / Infinity.</summary>
    static string CFixed(double v, int digits)
    {
        if (double.IsNaN(v))
            return "NaN";
        if (double.IsInfinity(v))
            return v > 0 ? "Infinity" : "-Infinity";
        string s = ScaledRound(v, digits).ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        return Signed(v, digits > 0 ? s[..^digits] + "." + s[^digits..] : s);
    }

    /// <summary>printf("%+.*e") of a finite double.</summary>
    static string CScientific(double v, int digits)
    {
        int exponent = 0;
        BigInteger q = BigInteger.Zero;
        if (v != 0)
        {
            exponent = (int)Math.Floor(Math.Log10(Math.Abs(v)));
            BigInteger low = BigInteger.Pow(10, digits);
            for (int tries = 0; tries < 3; tries++)
            {
                q = ScaledRound(v, digits - exponent);
                if (q >= low * 10)
                    exponent++;
                else if (q < low)
                    exponent--;
                else
                    break;
            }
        }
        string s = q.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        string mantissa = digits > 0 ? s[..1] + "." + s[1..] : s;
        string exp = (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        return (double.IsNegative(v) ? "-" : "+") + mantissa + "e" + exp;
    }

    static string Roman(int n)
    {
        if (n is < 1 or > 3999)
            return new string('#', 15);
        string[] thousands = ["", "M", "MM", "MMM"];
        string[] hundreds = ["", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"];
        string[] tens = ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"];
        string[] ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
        return thousands[n / 1000] + hundreds[n / 100 % 10] + tens[n / 10 % 10] + ones[n % 10];
    }

    static string Ordinal(string number, bool upper)
    {
        char last = number[^1];
        if (!char.IsAsciiDigit(last))
            Throw.Error(SqlState.InvalidTextRepresentation, $"\"{number}\" is not a number");
        int tens = number.Length > 1 && char.IsAsciiDigit(number[^2]) ? number[^2] - '0' : 0;
        return DateTimeFormatting.OrdinalSuffix(tens * 10 + (last - '0'), upper);
    }

    // ---- layout ----

    /// <summary>Walks the pattern over the prepared digit string (formatting.c's NUM_processor, to_char side).</summary>
    static string Process(List<Node> nodes, Desc d, string number, int preSpaces, char sign) =>
        d.Has(F.Eeee) ? number : new Layout(d, number, preSpaces, sign).Run(nodes);

    sealed class Layout
    {
        readonly Desc d;
        readonly string number;
        readonly int preSpaces;
        readonly char sign;
        readonly StringBuilder o = new();
        readonly int lastRelevant = -1;
        readonly int numCount;
        bool signWrote, numIn;
        int numCurr, p;

        public Layout(Desc desc, string num, int spaces, char sgn)
        {
            d = desc;
            number = num;
            preSpaces = spaces;
            sign = sgn;
            if (d.ZeroStart > 0)
                d.ZeroStart--;
            if (d.Has(F.Roman))
            {
                d.LSign = LSign.None;
                d.PreLSignNum = d.Post = d.Pre = preSpaces = 0;
                d.Flags = F.Roman | (d.Flags & F.FillMode);
            }
            if (d.Has(F.Plus) || d.Has(F.Minus))
            {
                signWrote = !(d.Has(F.Plus) && !d.Has(F.Minus));
            }
            else
            {
                if (sign != '-' && d.Has(F.FillMode))
                    d.Flags &= ~F.Bracket;
                signWrote = sign == '+' && d.Has(F.FillMode) && !d.Has(F.LSign);
                if (d.LSign == LSign.Pre && d.Pre == d.PreLSignNum)
                    d.LSign = LSign.Post;
            }
            numCount = d.Post + d.Pre - 1;
            if (d.Has(F.FillMode) && d.Has(F.Decimal))
            {
                int dot = number.IndexOf('.');
                if (dot >= 0)
                {
                    lastRelevant = dot;
                    for (int i = dot + 1; i < number.Length; i++)
                        if (number[i] != '0')
                            lastRelevant = i;
                }
                if (lastRelevant >= 0 && d.ZeroEnd > preSpaces)
                    lastRelevant = Math.Max(lastRelevant, Math.Min(number.Length - 1, d.ZeroEnd - preSpaces));
            }
            if (!signWrote && preSpaces == 0)
                numCount++;
        }

        char At(int i) => i < number.Length ? number[i] : '\0';

        bool PreDecSpace => !d.Has(F.Zero) && p == 0 && At(0) == '0' && d.Post != 0;

        bool LastIsPoint => lastRelevant >= 0 && number[lastRelevant] == '.';

        public string Run(List<Node> nodes)
        {
            bool fm = d.Has(F.FillMode);
            foreach (var n in nodes)
            {
                if (n.Key is not { } key)
                {
                    o.Append(n.Literal);
                    continue;
                }
                switch (key)
                {
                    case K.Nine or K.Zero or K.Dec or K.D:
                        Digit(key);
                        break;
                    case K.Comma or K.G:
                        if (numIn)
                            o.Append(',');
                        else if (!fm)
                            o.Append(' ');
                        break;
                    case K.L:
                        o.Append(' ');
                        break;
                    case K.RN or K.rn:
                        string roman = key == K.rn ? number.ToLowerInvariant() : number;
                        o.Append(fm ? roman : roman.PadLeft(15));
                        break;
                    case K.TH or K.th:
                        if (!d.Has(F.Roman) && At(0) != '#' && sign != '-' && !d.Has(F.Decimal))
                            o.Append(Ordinal(number, key == K.TH));
                        break;
                    case K.MI or K.PL:
                        char shown = key == K.MI ? '-' : '+';
                        if (sign == shown)
                            o.Append(shown);
                        else if (!fm)
                            o.Append(' ');
                        break;
                    case K.SG:
                        o.Append(sign);
                        break;
                }
            }
            string s = o.ToString();
            int nul = s.IndexOf('\0');
            return nul >= 0 ? s[..nul] : s;
        }

        void WriteSign()
        {
            if (d.Has(F.LSign))
            {
                if (d.LSign == LSign.Pre)
                {
                    o.Append(sign == '-' ? '-' : '+');
                    signWrote = true;
                }
            }
            else if (d.Has(F.Bracket))
            {
                o.Append(sign == '+' ? ' ' : '<');
                signWrote = true;
            }
            else if (sign == '+')
            {
                if (!d.Has(F.FillMode))
                    o.Append(' ');
                signWrote = true;
            }
            else if (sign == '-')
            {
                o.Append('-');
                signWrote = true;
            }
        }

        void Digit(K key)
        {
            if (d.Has(F.Roman))
                return;
            bool zero = d.Has(F.Zero);
            bool fm = d.Has(F.FillMode);
            if (!signWrote && (numCurr >= preSpaces || (zero && d.ZeroStart == numCurr)) && (!PreDecSpace || LastIsPoint))
                WriteSign();

            if (numCurr < preSpaces && (d.ZeroStart > numCurr || !zero))
            {
                if (!fm)
                    o.Append(' ');
            }
            else if (zero && numCurr < preSpaces && d.ZeroStart <= numCurr)
            {
                o.Append('0');
                numIn = true;
            }
            else
            {
                if (At(p) == '.')
                {
                    if (!LastIsPoint || fm)
                        o.Append('.');
                }
                else if (lastRelevant >= 0 && p > lastRelevant && key != K.Zero)
                {
                    // a fill-mode trailing fraction zero: dropped
                }
                else if (PreDecSpace)
                {
                    if (!fm)
                        o.Append(' ');
                    else if (LastIsPoint)
                        o.Append('0');
                }
                else
                {
                    o.Append(At(p));
                    numIn = true;
                }
                if (p < number.Length)
                    p++;
            }

            int end = numCount + (preSpaces > 0 ? 1 : 0) + (d.Has(F.Decimal) ? 1 : 0);
            if (lastRelevant >= 0 && lastRelevant == p)
                end = numCurr;
            if (numCurr + 1 == end)
            {
                if (signWrote && d.Has(F.Bracket))
                    o.Append(sign == '+' ? ' ' : '>');
                else if (d.Has(F.LSign) && d.LSign == LSign.Post)
                    o.Append(sign == '-' ? '-' : '+');
            }
            numCurr++;
        }
    }
}
