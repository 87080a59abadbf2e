// to_char for timestamps and intervals, and to_timestamp / to_date (formatting.c's DCH patterns, in our own
// form): YYYY YYY YY Y Y,YYY IYYY MM MON Mon mon MONTH Month month DD DDD D ID DAY Day DY Dy W WW IW Q CC J HH HH12
// HH24 MI SS MS US FF1-FF6 SSSS AM PM A.M. P.M. BC AD TZ tz OF TZH TZM RM, the FM prefix (no padding) and the
// TH/th suffix (ordinal), "quoted text" and backslash escapes. Patterns match case-insensitively; the case of
// a name pattern (MON/Mon/mon) chooses the case of the name.
// Entry points: DateTimeFormatting.ToChar, ToCharInterval, Parse.
using System.Globalization;
using System.Text;
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

/// <summary>Template-driven date/time formatting and parsing.</summary>
internal static class DateTimeFormatting
{
    static readonly string[] Keywords =
    [
        "Y,YYY", "A.D.", "A.M.", "B.C.", "P.M.", "SSSSS", "MONTH", "SSSS", "IDDD", "IYYY", "YYYY", "HH24", "HH12",
        "DAY", "DDD", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "IYY", "MON", "TZH", "TZM", "YYY", "AD", "AM", "BC",
        "CC", "DD", "DY", "HH", "ID", "IW", "IY", "MI", "MM", "MS", "OF", "PM", "RM", "SS", "TZ", "US", "WW", "YY",
        "D", "I", "J", "Q", "W", "Y",
    ];

    static readonly string[] Roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

    enum Case
    {
        Upper,
        Capital,
        Lower,
    }

    readonly record struct Node(string? Keyword, string Literal, bool Fm, bool Th, bool ThUpper, Case Case);

    static List<Node> Compile(string fmt)
    {
        var nodes = new List<Node>();
        int i = 0;
        while (i < fmt.Length)
        {
            bool fm = false;
            if (i + 2 <= fmt.Length && string.Compare(fmt, i, "FM", 0, 2, StringComparison.OrdinalIgnoreCase) == 0)
            {
                fm = true;
                i += 2;
            }
            if (i + 2 <= fmt.Length && string.Compare(fmt, i, "FX", 0, 2, StringComparison.OrdinalIgnoreCase) == 0)
            {
                i += 2;
                continue;
            }
            string? kw = null;
            foreach (string k in Keywords)
            {
                if (i + k.Length <= fmt.Length && string.Compare(fmt, i, k, 0, k.Length, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    kw = k;
                    break;
                }
            }
            if (kw != null)
            {
                var c = char.IsLower(fmt[i]) ? Case.Lower
                    : kw.Length > 1 && char.IsLetter(fmt[i + 1]) && char.IsLower(fmt[i + 1]) ? Case.Capital : Case.Upper;
                i += kw.Length;
                bool th = false;
                bool thUpper = false;
                if (i + 2 <= fmt.Length && string.Compare(fmt, i, "TH", 0, 2, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    th = true;
                    thUpper = fmt[i] == 'T';
                    i += 2;
                }
                nodes.Add(new Node(kw, "", fm, th, thUpper, c));
                continue;
            }
            if (fm)
                continue;
            if (fmt[i] == '"')
            {
                int j = i + 1;
                var sb = new StringBuilder();
                while (j < fmt.Length && fmt[j] != '"')
                {
                    if (fmt[j] == '\\' && j + 1 < fmt.Length)
                        j++;
                    sb.Append(fmt[j++]);
                }
                nodes.Add(new Node(null, sb.ToString(), false, false, false, Case.Upper));
                i = j + 1;
                continue;
            }
            if (fmt[i] == '\\' && i + 1 < fmt.Length && fmt[i + 1] == '"')
            {
                nodes.Add(new Node(null, "\"", false, false, false, Case.Upper));
                i += 2;
                continue;
            }
            nodes.Add(new Node(null, fmt[i].ToString(), false, false, false, Case.Upper));
            i++;
        }
        return nodes;
    }

    static string Ordinal(long n, bool upper) => OrdinalSuffix((int)(Math.Abs(n) % 100), upper);

    /// <summary>The TH / th suffix of a number ending in <paramref name="lastTwo"/> (1st, 2nd, 3rd, 11th ... 13th, 24th).</summary>
    internal static string OrdinalSuffix(int lastTwo, bool upper)
    {
        string s = lastTwo is >= 11 and <= 13 ? "th" : (lastTwo % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return upper ? s.ToUpperInvariant() : s;
    }

    static string Cased(string name, Case c) => c switch
    {
        Case.Upper => name.ToUpperInvariant(),
        Case.Lower => name.ToLowerInvariant(),
        _ => name,
    };

    /// <summary>The fields one to_char call reads.</summary>
    sealed class Parts
    {
        public int Year; // astronomical for timestamps; interval years as they are
        public int Month;
        public int Day;
        public long Hour;
        public int Minute;
        public int Second;
        public int Micro;
        public bool IsInterval;
        public long Julian;
        public string? TzAbbrev;
        public int? Offset;
    }

    public static string ToChar(long local, string fmt, string? tzAbbrev, int? offset)
    {
        var f = PgCalendar.Split(local);
        var p = new Parts
        {
            Year = f.Year, Month = f.Month, Day = f.Day, Hour = f.Hour, Minute = f.Minute, Second = f.Second,
            Micro = f.Micro, Julian = PgCalendar.ToJulian(f.Year, f.Month, f.Day), TzAbbrev = tzAbbrev,
            Offset = offset,
        };
        return Format(p, fmt);
    }

    public static string ToCharInterval(in Interval iv, string fmt)
    {
        long t = iv.Micros;
        var p = new Parts
        {
            Year = iv.Months / 12, Month = iv.Months % 12, Day = iv.Days, Hour = t / PgCalendar.MicrosPerHour,
            Minute = (int)(t / PgCalendar.MicrosPerMinute % 60), Second = (int)(t / PgCalendar.MicrosPerSecond % 60),
            Micro = (int)(t % PgCalendar.MicrosPerSecond), IsInterval = true,
        };
        return Format(p, fmt);
    }

    static string Format(Parts p, string fmt)
    {
        var sb = new StringBuilder();
        int displayYear = p.IsInterval ? p.Year : p.Year > 0 ? p.Year : 1 - p.Year;
        bool bc = !p.IsInterval && p.Year <= 0;
        foreach (var n in Compile(fmt))
        {
            if (n.Keyword == null)
            {
                sb.Append(n.Literal);
                continue;
            }
            string Num(long v, int width) => n.Fm ? v.ToString(CultureInfo.InvariantCulture)
                : v < 0 ? "-" + (-v).ToString("D" + width, CultureInfo.InvariantCulture)
                : v.ToString("D" + width, CultureInfo.InvariantCulture);
            string Name(string name, int pad) => Cased(n.Fm ? name : name.PadRight(pad), n.Case);
            long? number = null;
            string text;
            switch (n.Keyword)
            {
                case "HH":
                case "HH12":
                {
                    long h = p.Hour % 12 == 0 ? 12 : p.Hour % 12;
                    number = h;
                    text = Num(h, 2);
                    break;
                }
                case "HH24":
                    number = p.Hour;
                    text = Num(p.Hour, 2);
                    break;
                case "MI":
                    number = p.Minute;
                    text = Num(p.Minute, 2);
                    break;
                case "SS":
                    number = p.Second;
                    text = Num(p.Second, 2);
                    break;
                case "MS":
                    number = p.Micro / 1000;
                    text = Num(p.Micro / 1000, 3);
                    break;
                case "US":
                    number = p.Micro;
                    text = Num(p.Micro, 6);
                    break;
                case "FF1" or "FF2" or "FF3" or "FF4" or "FF5" or "FF6":
                {
                    int digits = n.Keyword[2] - '0';
                    long v = p.Micro;
                    for (int k = digits; k < 6; k++)
                        v /= 10;
                    number = v;
                    text = Num(v, digits);
                    break;
                }
                case "SSSS" or "SSSSS":
                {
                    long v = (p.Hour * 60 + p.Minute) * 60 + p.Second;
                    number = v;
                    text = v.ToString(CultureInfo.InvariantCulture);
                    break;
                }
                case "AM" or "PM":
                    text = Cased(p.Hour % 24 >= 12 ? "PM" : "AM", n.Case == Case.Lower ? Case.Lower : Case.Upper);
                    break;
                case "A.M." or "P.M.":
                    text = Cased(p.Hour % 24 >= 12 ? "P.M." : "A.M.", n.Case == Case.Lower ? Case.Lower : Case.Upper);
                    break;
                case "BC" or "AD":
                    text = Cased(bc ? "BC" : "AD", n.Case == Case.Lower ? Case.Lower : Case.Upper);
                    break;
                case "B.C." or "A.D.":
                    text = Cased(bc ? "B.C." : "A.D.", n.Case == Case.Lower ? Case.Lower : Case.Upper);
                    break;
                case "Y,YYY":
                    number = displayYear;
                    text = (displayYear / 1000).ToString(CultureInfo.InvariantCulture) + ","
                        + (displayYear % 1000).ToString("D3", CultureInfo.InvariantCulture);
                    break;
                case "YYYY":
                    number = displayYear;
                    text = Num(displayYear, 4);
                    break;
                case "YYY":
                    number = displayYear % 1000;
                    text = Num(displayYear % 1000, 3);
                    break;
                case "YY":
                    number = displayYear % 100;
                    text = Num(displayYear % 100, 2);
                    break;
                case "Y":
                    number = displayYear % 10;
                    text = Num(displayYear % 10, 1);
                    break;
                case "IYYY" or "IYY" or "IY" or "I":
                {
                    int iy = p.IsInterval ? displayYear : DateTimeFields.IsoWeek(p.Julian).Year;
                    if (!p.IsInterval && iy <= 0)
                        iy = 1 - iy;
                    int width = n.Keyword.Length;
                    long v = width == 4 ? iy : iy % (long)Math.Pow(10, width);
                    number = v;
                    text = Num(v, width);
                    break;
                }
                case "MONTH":
                    text = p.Month == 0 ? "" : Name(DateTimeFormat.MonthNames[p.Month - 1], 9);
                    break;
                case "MON":
                    text = p.Month == 0 ? "" : Cased(DateTimeFormat.MonthNames[p.Month - 1][..3], n.Case);
                    break;
                case "MM":
                    number = p.Month;
                    text = Num(p.Month, 2);
                    break;
                case "RM":
                    text = p.Month == 0 ? "" : Cased(n.Fm ? Roman[p.Month - 1] : Roman[p.Month - 1].PadRight(4),
                        n.Case == Case.Lower ? Case.Lower : Case.Upper);
                    break;
                case "DAY":
                    text = p.IsInterval ? "" : Name(DateTimeFormat.DayNames[PgCalendar.DayOfWeek(p.Julian)], 9);
                    break;
                case "DY":
                    text = p.IsInterval ? "" : Cased(DateTimeFormat.DayNames[PgCalendar.DayOfWeek(p.Julian)][..3], n.Case);
                    break;
                case "DDD":
                {
                    long v = p.IsInterval ? p.Day : p.Julian - PgCalendar.ToJulian(p.Year, 1, 1) + 1;
                    number = v;
                    text = Num(v, 3);
                    break;
                }
                case "IDDD":
                {
                    var (iy, _) = DateTimeFields.IsoWeek(p.Julian);
                    long firstMonday = IsoYearStart(iy);
                    long v = p.Julian - firstMonday + 1;
                    number = v;
                    text = Num(v, 3);
                    break;
                }
                case "DD":
                    number = p.Day;
                    text = Num(p.Day, 2);
                    break;
                case "D":
                {
                    long v = PgCalendar.DayOfWeek(p.Julian) + 1;
                    number = v;
                    text = Num(v, 1);
                    break;
                }
                case "ID":
                {
                    long v = PgCalendar.DayOfWeek(p.Julian);
                    if (v == 0)
                        v = 7;
                    number = v;
                    text = Num(v, 1);
                    break;
                }
                case "W":
                {
                    long v = (p.Day - 1) / 7 + 1;
                    number = v;
                    text = Num(v, 1);
                    break;
                }
                case "WW":
                {
                    long doy = p.Julian - PgCalendar.ToJulian(p.Year, 1, 1) + 1;
                    long v = (doy - 1) / 7 + 1;
                    number = v;
                    text = Num(v, 2);
                    break;
                }
                case "IW":
                {
                    long v = DateTimeFields.IsoWeek(p.Julian).Week;
                    number = v;
                    text = Num(v, 2);
                    break;
                }
                case "Q":
                {
                    long v = p.Month == 0 && p.IsInterval ? 0 : (p.Month - 1) / 3 + 1;
                    number = v;
                    text = Num(v, 1);
                    break;
                }
                case "CC":
                {
                    long v = p.IsInterval ? displayYear / 100
                        : p.Year > 0 ? (p.Year + 99) / 100 : -((99 - (p.Year - 1)) / 100);
                    number = v;
                    text = Num(v, 2);
                    break;
                }
                case "J":
                    number = p.Julian;
                    text = p.Julian.ToString(CultureInfo.InvariantCulture);
                    break;
                case "TZ":
                    text = p.TzAbbrev == null ? "" : Cased(p.TzAbbrev, n.Case == Case.Lower ? Case.Lower : Case.Upper);
                    break;
                case "OF":
                    text = p.Offset == null ? "" : TimeZones.FormatOffset(p.Offset.Value, false);
                    break;
                case "TZH":
                    text = p.Offset == null ? "" : (p.Offset < 0 ? "-" : "+")
                        + (Math.Abs(p.Offset.Value) / 3600).ToString("D2", CultureInfo.InvariantCulture);
                    break;
                case "TZM":
                    text = p.Offset == null ? "" : (Math.Abs(p.Offset.Value) / 60 % 60).ToString("D2", CultureInfo.InvariantCulture);
                    break;
                default:
                    text = "";
                    break;
            }
            sb.Append(text);
            if (n.Th && number != null)
                sb.Append(Ordinal(number.Value, n.ThUpper));
        }
        return sb.ToString();
    }

    static long IsoYearStart(int isoYear)
    {
        long jan4 = PgCalendar.ToJulian(isoYear, 1, 4);
        int dow = PgCalendar.DayOfWeek(jan4);
        return jan4 - (dow == 0 ? 6 : dow - 1);
    }

    // ---- to_timestamp / to_date -----------------------------------------------------------------------------

    /// <summary>
    /// Reads <paramref name="input"/> by the template: the local timestamp, and the zone offset when the input
    /// gave one (TZH/TZM/OF/TZ).
    /// </summary>
    public static (long Local, int? Offset) Parse(string input, string fmt)
    {
        var nodes = Compile(fmt);
        int year = 1;
        bool yearSet = false;
        int month = 1;
        int day = 1;
        long hour = 0;
        long minute = 0;
        long second = 0;
        long micro = 0;
        int pm = 0;
        bool bc = false;
        int? tzh = null;
        int tzm = 0;
        int? doy = null;
        int pos = 0;
        for (int k = 0; k < nodes.Count; k++)
        {
            var n = nodes[k];
            if (n.Keyword == null)
            {
                // A literal or separator skips one matching input character (spaces skip a run of spaces).
                if (n.Literal == " ")
                {
                    while (pos < input.Length && input[pos] == ' ')
                        pos++;
                }
                else if (pos < input.Length && !char.IsAsciiLetterOrDigit(input[pos]))
                {
                    pos++;
                }
                else if (pos < input.Length && n.Literal.Length > 0 && input[pos] == n.Literal[0])
                {
                    pos += Math.Min(n.Literal.Length, input.Length - pos);
                }
                continue;
            }
            while (pos < input.Length && input[pos] == ' ')
                pos++;
            bool adjacentNumber = k + 1 < nodes.Count && nodes[k + 1].Keyword != null;
            long Int(int width)
            {
                int start = pos;
                if (pos < input.Length && input[pos] is '-' or '+')
                    pos++;
                int digitsStart = pos;
                while (pos < input.Length && char.IsAsciiDigit(input[pos]) && (!adjacentNumber || pos - digitsStart < width))
                    pos++;
                if (pos == digitsStart)
                    Throw.Error(SqlState.InvalidDatetimeFormat,
                        pos >= input.Length ? "source string too short for \"" + n.Keyword + "\" formatting field"
                            : $"invalid value \"{Snippet(input, start)}\" for \"{n.Keyword}\"",
                        detail: pos >= input.Length ? null : "Value must be an integer.");
                long v = long.Parse(input.AsSpan(start, pos - start), NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture);
                if (n.Th)
                    SkipLetters(input, ref pos, 2);
                return v;
            }
            int NameIndex(string[] names, int len)
            {
                for (int i = 0; i < names.Length; i++)
                {
                    string nm = len > 0 ? names[i][..len] : names[i];
                    if (string.Compare(input, pos, nm, 0, nm.Length, StringComparison.OrdinalIgnoreCase) == 0)
                    {
                        pos += nm.Length;
                        return i;
                    }
                }
                return Throw.Error<int>(SqlState.InvalidDatetimeFormat,
                    $"invalid value \"{Snippet(input, pos)}\" for \"{n.Keyword}\"",
                    detail: "The given value did not match any of the allowed values for this field.");
            }
            switch (n.Keyword)
            {
                case "YYYY" or "IYYY":
                    year = (int)Int(4);
                    yearSet = true;
                    break;
                case "Y,YYY":
                {
                    long thousands = Int(1);
                    if (pos < input.Length && input[pos] == ',')
                        pos++;
                    year = (int)(thousands * 1000 + Int(3));
                    yearSet = true;
                    break;
                }
                case "YYY" or "IYY":
                {
                    int v = (int)Int(3);
                    year = v < 100 ? v + 2000 : v + 1000;
                    yearSet = true;
                    break;
                }
                case "YY" or "IY":
                {
                    int v = (int)Int(2);
                    year = v < 70 ? v + 2000 : v + 1900;
                    yearSet = true;
                    break;
                }
                case "Y" or "I":
                    year = 2000 + (int)Int(1);
                    yearSet = true;
                    break;
                case "MM":
                    month = (int)Int(2);
                    break;
                case "MONTH":
                    month = NameIndex(DateTimeFormat.MonthNames, 0) + 1;
                    break;
                case "MON":
                    month = NameIndex(DateTimeFormat.MonthNames, 3) + 1;
                    break;
                case "RM":
                {
                    string[] desc = [.. Roman.Reverse()];
                    month = 12 - NameIndex(desc, 0);
                    break;
                }
                case "DD":
                    day = (int)Int(2);
                    break;
                case "DDD":
                    doy = (int)Int(3);
                    break;
                case "DAY":
                    NameIndex(DateTimeFormat.DayNames, 0);
                    break;
                case "DY":
                    NameIndex(DateTimeFormat.DayNames, 3);
                    break;
                case "HH" or "HH12":
                    hour = Int(2);
                    if (hour is < 1 or > 12)
                        Throw.Error(SqlState.InvalidDatetimeFormat,
                            $"hour \"{hour}\" is invalid for the 12-hour clock",
                            hint: "Use the 24-hour clock, or give an hour between 1 and 12.");
                    break;
                case "HH24":
                    hour = Int(2);
                    break;
                case "MI":
                    minute = Int(2);
                    break;
                case "SS":
                    second = Int(2);
                    break;
                case "MS":
                {
                    int start = pos;
                    long v = Int(3);
                    int digits = pos - start;
                    for (int i = digits; i < 3; i++)
                        v *= 10;
                    micro = v * 1000;
                    break;
                }
                case "US" or "FF1" or "FF2" or "FF3" or "FF4" or "FF5" or "FF6":
                {
                    int start = pos;
                    long v = Int(6);
                    int digits = pos - start;
                    for (int i = digits; i < 6; i++)
                        v *= 10;
                    micro = v;
                    break;
                }
                case "SSSS" or "SSSSS":
                {
                    long v = Int(5);
                    hour = v / 3600;
                    minute = v / 60 % 60;
                    second = v % 60;
                    break;
                }
                case "AM" or "PM" or "A.M." or "P.M.":
                    pm = NameIndex(n.Keyword.Length == 2 ? ["AM", "PM"] : ["A.M.", "P.M."], 0) + 1;
                    break;
                case "BC" or "AD" or "B.C." or "A.D.":
                    bc = NameIndex(n.Keyword.Length == 2 ? ["AD", "BC"] : ["A.D.", "B.C."], 0) == 1;
                    break;
                case "TZH":
                    tzh = (int)Int(2);
                    break;
                case "TZM":
                    tzm = (int)Int(2);
                    break;
                case "J":
                {
                    var (y, m, d) = PgCalendar.FromJulian(Int(7));
                    year = y;
                    month = m;
                    day = d;
                    yearSet = true;
                    break;
                }
                case "Q" or "W" or "WW" or "IW" or "D" or "ID" or "CC":
                    Int(2);
                    break;
                default:
                    Throw.Error(SqlState.FeatureNotSupported,
                        $"formatting field \"{n.Keyword}\" is only supported in to_char");
                    break;
            }
        }
        if (pm != 0)
        {
            if (hour is < 1 or > 12)
                Throw.Error(SqlState.InvalidDatetimeFormat, $"hour \"{hour}\" is invalid for the 12-hour clock",
                    hint: "Use the 24-hour clock, or give an hour between 1 and 12.");
            hour = hour % 12 + (pm == 2 ? 12 : 0);
        }
        if (bc)
            year = 1 - year;
        if (yearSet && year == 0 && !bc)
            Throw.Error(SqlState.InvalidDatetimeFormat, "cannot calculate day of year without year information");
        if (doy != null)
        {
            var (y, m, d) = PgCalendar.FromJulian(PgCalendar.ToJulian(year, 1, 1) + doy.Value - 1);
            (year, month, day) = (y, m, d);
        }
        if (month is < 1 or > 12 || day < 1 || day > PgCalendar.DaysInMonth(year, month))
            Throw.Error(SqlState.DatetimeFieldOverflow, $"date/time field value out of range: \"{input}\"");
        if (hour > 24 || minute > 59 || second > 60)
            Throw.Error(SqlState.DatetimeFieldOverflow, $"date/time field value out of range: \"{input}\"");
        long local = PgCalendar.Join(year, month, day,
            hour * PgCalendar.MicrosPerHour + minute * PgCalendar.MicrosPerMinute + second * PgCalendar.MicrosPerSecond + micro);
        int? offset = tzh == null ? null : tzh.Value * 3600 + (tzh.Value < 0 ? -tzm : tzm) * 60;
        return (local, offset);
    }

    static void SkipLetters(string s, ref int pos, int max)
    {
        for (int i = 0; i < max && pos < s.Length && char.IsAsciiLetter(s[pos]); i++)
            pos++;
    }

    static string Snippet(string s, int pos)
    {
        int end = pos;
        while (end < s.Length && !char.IsWhiteSpace(s[end]) && end - pos < 10)
            end++;
        return s[pos..end];
    }
}
