// Text input of date, time, timetz, timestamp and timestamptz (datetime.c's ParseDateTime + DecodeDateTime, in
// our own form): the string is cut into fields (numbers, dates with separators, times with colons, words, signed
// offsets, zone names), then the fields are decoded into calendar fields, a time of day, an optional zone and
// an optional special value (epoch, infinity, now, today, ...). Ambiguous numeric dates follow DateStyle's
// order. Errors are PostgreSQL's: 22007 invalid syntax, 22008 field out of range (with the datestyle HINT for a
// month or day out of range), 22009 zone displacement, 22023 unknown zone name.
// Entry points: DateTimeParse.Date, Time, TimeTz, Timestamp, TimestampTz.
using System.Globalization;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>Date/time text input.</summary>
public static class DateTimeParse
{
    enum FieldKind
    {
        Number,
        Date,
        Time,
        Word,
        Offset,
        SignedWord,
    }

    readonly record struct Field(FieldKind Kind, string Text);

    enum Special
    {
        None,
        Epoch,
        PosInfinity,
        NegInfinity,
        Now,
        Today,
        Tomorrow,
        Yesterday,
    }

    sealed class Parsed
    {
        public int Year = int.MinValue;
        public int Month = -1;
        public int Day = -1;
        public int YearDigits;
        public bool Bc;
        public bool HasDate => Year != int.MinValue || Month >= 0 || Day >= 0;
        public bool HasTime;
        public long TimeMicros;
        public int Hour;
        public int AmPm; // 0 none, 1 am, 2 pm
        public int? Offset; // seconds east
        public PgZone? Zone;
        public Special Special;
        public bool Julian;
        public bool MonthFromText;
        public readonly List<(int Value, int Digits)> Numbers = [];
    }

    sealed class DateTimeError(string sqlState, bool hint = false, string? zone = null) : Exception
    {
        public string SqlState { get; } = sqlState;
        public bool Hint { get; } = hint;
        public string? Zone { get; } = zone;
    }

    static DateTimeError BadSyntax() => new(Errors.SqlState.InvalidDatetimeFormat);

    static DateTimeError OutOfRange(bool hint = false) => new(Errors.SqlState.DatetimeFieldOverflow, hint);

    // ---- fields ---------------------------------------------------------------------------------------------

    static readonly HashSet<string> CoreWords = new(StringComparer.Ordinal)
    {
        "am", "pm", "bc", "ad", "t", "epoch", "infinity", "now", "today", "tomorrow", "yesterday", "allballs", "at",
        "on", "z", "zulu", "j",
    };

    static List<Field> Split(string s)
    {
        var fields = new List<Field>();
        int i = 0;
        int n = s.Length;
        while (i < n)
        {
            char c = s[i];
            int start = i;
            if (char.IsAsciiDigit(c))
            {
                while (i < n && char.IsAsciiDigit(s[i]))
                    i++;
                if (i < n && s[i] == ':')
                {
                    while (i < n && (char.IsAsciiDigit(s[i]) || s[i] is ':' or '.'))
                        i++;
                    fields.Add(new Field(FieldKind.Time, s[start..i]));
                }
                else if (i < n && s[i] is '-' or '/' or '.')
                {
                    char delim = s[i++];
                    if (i < n && char.IsAsciiDigit(s[i]))
                    {
                        while (i < n && char.IsAsciiDigit(s[i]))
                            i++;
                        var kind = delim == '.' ? FieldKind.Number : FieldKind.Date;
                        if (i < n && s[i] == delim)
                        {
                            kind = FieldKind.Date;
                            while (i < n && (char.IsAsciiDigit(s[i]) || s[i] == delim))
                                i++;
                        }
                        fields.Add(new Field(kind, s[start..i]));
                    }
                    else
                    {
                        while (i < n && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == delim))
                            i++;
                        fields.Add(new Field(FieldKind.Date, s[start..i].ToLowerInvariant()));
                    }
                }
                else
                {
                    fields.Add(new Field(FieldKind.Number, s[start..i]));
                }
            }
            else if (c == '.' && i + 1 < n && char.IsAsciiDigit(s[i + 1]))
            {
                i++;
                while (i < n && char.IsAsciiDigit(s[i]))
                    i++;
                fields.Add(new Field(FieldKind.Number, s[start..i]));
            }
            else if (char.IsAsciiLetter(c))
            {
                while (i < n && char.IsAsciiLetter(s[i]))
                    i++;
                string word = s[start..i].ToLowerInvariant();
                bool more = i < n && (s[i] is '-' or '/' or '.' || ((s[i] == '+' || char.IsAsciiDigit(s[i]))
                    && !CoreWords.Contains(word) && !Months.ContainsKey(word)));
                if (more)
                {
                    while (i < n && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '+' or '-' or '/' or '_' or '.' or ':'))
                        i++;
                    fields.Add(new Field(FieldKind.Date, s[start..i].ToLowerInvariant()));
                }
                else
                {
                    fields.Add(new Field(FieldKind.Word, word));
                }
            }
            else if (c is '+' or '-')
            {
                i++;
                while (i < n && char.IsWhiteSpace(s[i]))
                    i++;
                if (i < n && char.IsAsciiDigit(s[i]))
                {
                    int from = i;
                    while (i < n && (char.IsAsciiDigit(s[i]) || s[i] is ':' or '.'))
                        i++;
                    fields.Add(new Field(FieldKind.Offset, c + s[from..i]));
                }
                else if (i < n && char.IsAsciiLetter(s[i]))
                {
                    int from = i;
                    while (i < n && char.IsAsciiLetter(s[i]))
                        i++;
                    fields.Add(new Field(FieldKind.SignedWord, c + s[from..i].ToLowerInvariant()));
                }
                else
                {
                    throw BadSyntax();
                }
            }
            else if (char.IsWhiteSpace(c) || char.IsAsciiLetterOrDigit(c) == false && c < 128)
            {
                i++; // spaces and other punctuation separate fields
            }
            else
            {
                throw BadSyntax();
            }
        }
        return fields;
    }

    static readonly Dictionary<string, int> Months = new(StringComparer.Ordinal)
    {
        ["jan"] = 1, ["january"] = 1, ["feb"] = 2, ["february"] = 2, ["mar"] = 3, ["march"] = 3, ["apr"] = 4,
        ["april"] = 4, ["may"] = 5, ["jun"] = 6, ["june"] = 6, ["jul"] = 7, ["july"] = 7, ["aug"] = 8,
        ["august"] = 8, ["sep"] = 9, ["sept"] = 9, ["september"] = 9, ["oct"] = 10, ["october"] = 10,
        ["nov"] = 11, ["november"] = 11, ["dec"] = 12, ["december"] = 12,
    };

    static readonly HashSet<string> DayNames = new(StringComparer.Ordinal)
    {
        "sun", "sunday", "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "wedn", "thu", "thur",
        "thurs", "thursday", "fri", "friday", "sat", "saturday",
    };

    // ---- decoding -------------------------------------------------------------------------------------------

    static Parsed Decode(string s, OutputContext ctx)
    {
        var p = new Parsed();
        var fields = Split(s);
        if (fields.Count == 0)
            throw BadSyntax();
        for (int k = 0; k < fields.Count; k++)
        {
            var f = fields[k];
            switch (f.Kind)
            {
                case FieldKind.Time:
                    if (p.HasTime)
                        throw BadSyntax();
                    DecodeTime(f.Text, p);
                    break;
                case FieldKind.Date:
                    DecodeDateField(f.Text, p, ctx);
                    break;
                case FieldKind.Offset:
                    if (p.Offset != null || p.Zone != null)
                        throw BadSyntax();
                    p.Offset = DecodeOffset(f.Text);
                    break;
                case FieldKind.SignedWord:
                    if (f.Text == "-infinity")
                        SetSpecial(p, Special.NegInfinity);
                    else if (f.Text == "+infinity")
                        SetSpecial(p, Special.PosInfinity);
                    else
                        throw BadSyntax();
                    break;
                case FieldKind.Word:
                    DecodeWord(f.Text, p, fields, ref k);
                    break;
                default:
                    DecodeNumber(f.Text, p, fields, k);
                    break;
            }
        }
        ResolveNumbers(p, ctx);
        return p;
    }

    static void SetSpecial(Parsed p, Special s)
    {
        if (p.Special != Special.None)
            throw BadSyntax();
        p.Special = s;
    }

    static void DecodeWord(string w, Parsed p, List<Field> fields, ref int k)
    {
        if (Months.TryGetValue(w, out int m))
        {
            if (p.MonthFromText)
                throw BadSyntax();
            p.MonthFromText = true;
            p.Month = m;
            return;
        }
        if (DayNames.Contains(w))
            return;
        switch (w)
        {
            case "am":
            case "pm":
                if (p.AmPm != 0)
                    throw BadSyntax();
                p.AmPm = w == "am" ? 1 : 2;
                return;
            case "bc":
                p.Bc = true;
                return;
            case "ad":
            case "at":
            case "on":
            case "t":
                return;
            case "epoch":
                SetSpecial(p, Special.Epoch);
                return;
            case "infinity":
                SetSpecial(p, Special.PosInfinity);
                return;
            case "now":
                SetSpecial(p, Special.Now);
                return;
            case "today":
                SetSpecial(p, Special.Today);
                return;
            case "tomorrow":
                SetSpecial(p, Special.Tomorrow);
                return;
            case "yesterday":
                SetSpecial(p, Special.Yesterday);
                return;
            case "allballs":
                if (p.HasTime)
                    throw BadSyntax();
                p.HasTime = true;
                p.TimeMicros = 0;
                p.Offset = 0;
                return;
            case "j" when k + 1 < fields.Count && fields[k + 1].Kind == FieldKind.Number:
                k++;
                SetJulian(fields[k].Text, p);
                return;
        }
        if (w.Length > 1 && w[0] == 'j' && w[1..].All(char.IsAsciiDigit))
        {
            SetJulian(w[1..], p);
            return;
        }
        if (TimeZones.FindAbbrev(w, out int off))
        {
            if (p.Offset != null || p.Zone != null)
                throw BadSyntax();
            p.Offset = off;
            return;
        }
        var zone = TimeZones.FindZone(w);
        if (zone != null)
        {
            if (p.Offset != null || p.Zone != null)
                throw BadSyntax();
            p.Zone = zone;
            return;
        }
        throw BadSyntax();
    }

    static void SetJulian(string digits, Parsed p)
    {
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long j)
            || j < 0 || j >= PgCalendar.DateEndJulian)
            throw OutOfRange();
        var (y, m, d) = PgCalendar.FromJulian(j);
        p.Year = y;
        p.Month = m;
        p.Day = d;
        p.YearDigits = 4;
        p.Julian = true;
    }

    /// <summary>
    /// Cuts "h:m", "h:m:s" or "m:s.f" (two parts, the second with a fraction: minutes and seconds) into its
    /// parts; false for more than three parts or an empty one.
    /// </summary>
    internal static bool SplitTime(string t, out string? hour, out string minute, out string? second)
    {
        string[] parts = t.Split(':');
        hour = null;
        minute = "";
        second = null;
        if (parts.Length is < 2 or > 3 || parts.Any(x => x.Length == 0))
            return false;
        if (parts.Length == 2 && parts[1].Contains('.'))
        {
            minute = parts[0];
            second = parts[1];
            return true;
        }
        hour = parts[0];
        minute = parts[1];
        second = parts.Length == 3 ? parts[2] : null;
        return true;
    }

    /// <summary>"hh:mm", "hh:mm:ss", "hh:mm:ss.ffffff" (also "mm:ss.f" when the second part has a fraction).</summary>
    static void DecodeTime(string t, Parsed p)
    {
        if (!SplitTime(t, out string? hs, out string ms, out string? ss) || hs != null && hs.Contains('.')
            || ms.Contains('.') && ss != null)
            throw BadSyntax();
        long hour = hs == null ? 0 : ParseInt(hs);
        long min = ParseInt(ms);
        decimal sec = ss == null ? 0 : ParseSeconds(ss);
        if (hour < 0 || hour > 24 || min < 0 || min > 59 || sec < 0 || sec >= 61)
            throw OutOfRange();
        long micros = (long)decimal.Round(sec * 1_000_000m, MidpointRounding.ToEven);
        long total = hour * PgCalendar.MicrosPerHour + min * PgCalendar.MicrosPerMinute + micros;
        if (total > PgCalendar.MicrosPerDay)
            throw OutOfRange();
        p.HasTime = true;
        p.Hour = (int)hour;
        p.TimeMicros = total;
    }

    static long ParseInt(string s) =>
        s.Length <= 9 && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw (s.All(char.IsAsciiDigit) ? OutOfRange() : BadSyntax());

    static decimal ParseSeconds(string s)
    {
        if (s.Length == 0 || s.Count(ch => ch == '.') > 1 || !s.All(ch => char.IsAsciiDigit(ch) || ch == '.')
            || s[0] == '.')
            throw BadSyntax();
        if (s.EndsWith('.'))
            s = s[..^1];
        return decimal.Parse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    /// <summary>"+hh", "+hhmm", "+hh:mm", "+hh:mm:ss", "+hhmmss": seconds east of UTC.</summary>
    static int DecodeOffset(string t)
    {
        int sign = t[0] == '-' ? -1 : 1;
        string body = t[1..];
        if (body.Contains('.'))
            throw BadSyntax();
        long h;
        long m = 0;
        long sec = 0;
        if (body.Contains(':'))
        {
            string[] parts = body.Split(':');
            if (parts.Length > 3 || parts.Any(x => x.Length == 0))
                throw BadSyntax();
            h = ParseInt(parts[0]);
            m = ParseInt(parts[1]);
            if (parts.Length == 3)
                sec = ParseInt(parts[2]);
        }
        else
        {
            switch (body.Length)
            {
                case <= 2:
                    h = ParseInt(body);
                    break;
                case 4:
                    h = ParseInt(body[..2]);
                    m = ParseInt(body[2..]);
                    break;
                case 6:
                    h = ParseInt(body[..2]);
                    m = ParseInt(body[2..4]);
                    sec = ParseInt(body[4..]);
                    break;
                default:
                    throw BadSyntax();
            }
        }
        if (h > 15 || m >= 60 || sec >= 60)
            throw new DateTimeError(Errors.SqlState.InvalidTimeZoneDisplacement);
        return (int)(sign * (h * 3600 + m * 60 + sec));
    }

    /// <summary>A field with separators: "2024-01-02", "1/2/2024", "2024.01.02", "02-jan-2024", or a zone name.</summary>
    static void DecodeDateField(string t, Parsed p, OutputContext ctx)
    {
        if (char.IsAsciiLetter(t[0]))
        {
            // A word run into separators: a month name ("jan-02-2024") or a zone name ("europe/berlin", "utc+3").
            int cut = t.IndexOfAny(['-', '/', '.']);
            string head = cut < 0 ? t : t[..cut];
            if (!Months.ContainsKey(head))
            {
                var zone = TimeZones.FindZone(t);
                if (zone == null)
                    throw new DateTimeError(Errors.SqlState.InvalidParameterValue, zone: t);
                if (p.Offset != null || p.Zone != null)
                    throw BadSyntax();
                p.Zone = zone;
                return;
            }
        }
        if (p.HasDate && !p.MonthFromText || p.Numbers.Count > 0 && p.Year != int.MinValue)
            throw BadSyntax();
        char delim = t.First(ch => ch is '-' or '/' or '.');
        string[] parts = t.Split(delim);
        if (parts.Any(x => x.Length == 0))
            throw BadSyntax();
        var nums = new List<(int Value, int Digits)>();
        foreach (string part in parts)
        {
            if (char.IsAsciiLetter(part[0]))
            {
                if (Months.TryGetValue(part, out int m) && !p.MonthFromText)
                {
                    p.Month = m;
                    p.MonthFromText = true;
                }
                else if (part is "bc")
                    p.Bc = true;
                else if (!DayNames.Contains(part) && part is not "ad")
                    throw BadSyntax();
                continue;
            }
            if (!part.All(char.IsAsciiDigit))
                throw BadSyntax();
            nums.Add(((int)Math.Min(ParseInt(part.Length > 9 ? "9999999999" : part), int.MaxValue), part.Length));
        }
        if (p.MonthFromText)
        {
            p.Numbers.AddRange(nums);
            return;
        }
        if (nums.Count != 3)
            throw BadSyntax();
        if (nums[0].Digits >= 3 || ctx.Order == DateOrder.Ymd)
        {
            SetYear(p, nums[0]);
            p.Month = nums[1].Value;
            p.Day = nums[2].Value;
        }
        else if (ctx.Order == DateOrder.Dmy)
        {
            p.Day = nums[0].Value;
            p.Month = nums[1].Value;
            SetYear(p, nums[2]);
        }
        else
        {
            p.Month = nums[0].Value;
            p.Day = nums[1].Value;
            SetYear(p, nums[2]);
        }
    }

    static void SetYear(Parsed p, (int Value, int Digits) y)
    {
        p.Year = y.Value;
        p.YearDigits = y.Digits;
    }

    static void DecodeNumber(string t, Parsed p, List<Field> fields, int k)
    {
        bool afterTime = k > 0 && fields[k - 1].Kind == FieldKind.Time;
        if (t.Contains('.'))
        {
            // "20240102.030405" or a fraction after "hh:mm:ss"? Only the concatenated form is accepted here.
            int dot = t.IndexOf('.');
            if (dot == 8 && !p.HasDate)
            {
                DecodeNumber(t[..dot], p, fields, k);
                string tm = t[(dot + 1)..];
                if (tm.Length is 2 or 4 or 6)
                {
                    DecodeTime(tm.Length == 2 ? tm + ":00" : tm[..2] + ":" + tm[2..4] + (tm.Length == 6 ? ":" + tm[4..] : ""), p);
                    return;
                }
            }
            throw BadSyntax();
        }
        if (!afterTime && t.Length is 6 or 8 && !p.HasDate && p.Numbers.Count == 0)
        {
            // Concatenated date: YYYYMMDD or YYMMDD.
            int yl = t.Length - 4;
            SetYear(p, (int.Parse(t[..yl], CultureInfo.InvariantCulture), yl));
            p.Month = int.Parse(t[yl..(yl + 2)], CultureInfo.InvariantCulture);
            p.Day = int.Parse(t[(yl + 2)..], CultureInfo.InvariantCulture);
            return;
        }
        if (t.Length is 6 or 4 && p.HasDate && !p.HasTime && p.Numbers.Count == 0 && !p.MonthFromText)
        {
            // Concatenated time after a date: hhmmss or hhmm.
            DecodeTime(t[..2] + ":" + t[2..4] + (t.Length == 6 ? ":" + t[4..] : ""), p);
            return;
        }
        if (t.Length > 9)
            throw OutOfRange();
        p.Numbers.Add((int.Parse(t, CultureInfo.InvariantCulture), t.Length));
    }

    /// <summary>Numbers not yet placed: with a text month, the day and year; otherwise a lone year or day.</summary>
    static void ResolveNumbers(Parsed p, OutputContext ctx)
    {
        var nums = p.Numbers;
        if (nums.Count == 0)
            return;
        if (p.MonthFromText)
        {
            if (nums.Count > 2 || p.Day >= 0 && nums.Count > 1)
                throw BadSyntax();
            if (nums.Count == 1)
            {
                if (p.Year == int.MinValue && (nums[0].Digits >= 3 || p.Day >= 0))
                    SetYear(p, nums[0]);
                else if (p.Day < 0)
                    p.Day = nums[0].Value;
                else
                    throw BadSyntax();
                return;
            }
            int yi;
            if (nums[0].Digits >= 3 || nums[0].Value > 31)
                yi = 0;
            else if (nums[1].Digits >= 3 || nums[1].Value > 31)
                yi = 1;
            else
                yi = ctx.Order == DateOrder.Ymd ? 0 : 1;
            SetYear(p, nums[yi]);
            p.Day = nums[1 - yi].Value;
            return;
        }
        if (nums.Count == 1 && p.HasDate && p.Year == int.MinValue)
        {
            SetYear(p, nums[0]);
            return;
        }
        throw BadSyntax();
    }

    // ---- results --------------------------------------------------------------------------------------------

    /// <summary>Checks the calendar fields and returns days since 2000 (astronomical year applied).</summary>
    static int CheckDate(Parsed p)
    {
        if (p.Year == int.MinValue || p.Month < 0 || p.Day < 0)
            throw BadSyntax();
        int year = p.Year;
        if (!p.Julian)
        {
            if (p.YearDigits <= 2 && !p.Bc)
                year += year < 70 ? 2000 : 1900;
            if (year == 0 && !p.Bc || year <= 0 && p.Bc)
                throw OutOfRange();
            if (p.Bc)
                year = 1 - year;
        }
        if (p.Month < 1 || p.Month > 12)
            throw OutOfRange(hint: true);
        if (p.Day < 1 || p.Day > 31)
            throw OutOfRange(hint: true);
        if (p.Day > PgCalendar.DaysInMonth(year, p.Month))
            throw OutOfRange();
        if (year < -4713 || year > 5874898)
            throw new DateTimeError("range");
        long j = PgCalendar.ToJulian(year, p.Month, p.Day);
        if (j < PgCalendar.JulianMin || j >= PgCalendar.DateEndJulian)
            throw new DateTimeError("range");
        return (int)(j - PgCalendar.EpochJulian);
    }

    static long CheckTime(Parsed p)
    {
        if (!p.HasTime)
            return 0;
        long t = p.TimeMicros;
        if (p.AmPm != 0)
        {
            if (p.Hour > 12 || p.Hour == 0 && p.AmPm != 0 && t >= PgCalendar.MicrosPerHour * 13)
                throw OutOfRange();
            if (p.Hour == 12)
                t -= 12 * PgCalendar.MicrosPerHour;
            if (p.AmPm == 2)
                t += 12 * PgCalendar.MicrosPerHour;
        }
        else if (p.AmPm == 0 && p.Hour == 24 && t > PgCalendar.MicrosPerDay)
        {
            throw OutOfRange();
        }
        return t;
    }

    static int CurrentLocalDate(OutputContext ctx)
    {
        long now = ctx.NowMicros();
        return PgCalendar.DateOf(now + ctx.Zone.OffsetAtUtc(now) * PgCalendar.MicrosPerSecond);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void Report(DateTimeError e, string input, string typeName)
    {
        switch (e.SqlState)
        {
            case Errors.SqlState.InvalidDatetimeFormat:
                Throw.Error(e.SqlState, $"invalid input syntax for type {typeName}: \"{input}\"");
                break;
            case Errors.SqlState.DatetimeFieldOverflow:
                Throw.Error(e.SqlState, $"date/time field value out of range: \"{input}\"",
                    hint: e.Hint ? "Perhaps you need a different \"datestyle\" setting." : null);
                break;
            case Errors.SqlState.InvalidTimeZoneDisplacement:
                Throw.Error(e.SqlState, $"time zone displacement out of range: \"{input}\"");
                break;
            case Errors.SqlState.InvalidParameterValue:
                Throw.Error(e.SqlState, $"time zone \"{e.Zone}\" not recognized");
                break;
            default:
                Throw.Error(Errors.SqlState.DatetimeFieldOverflow,
                    $"{(typeName == "date" ? "date" : "timestamp")} out of range: \"{input}\"");
                break;
        }
    }

    static Parsed DecodeOrReport(string s, OutputContext ctx, string typeName)
    {
        try
        {
            return Decode(s, ctx);
        }
        catch (DateTimeError e)
        {
            Report(e, s, typeName);
            return null!;
        }
    }

    /// <summary>date_in: days since 2000-01-01 (int.MinValue / int.MaxValue for -infinity / infinity).</summary>
    public static int Date(string s, OutputContext ctx)
    {
        var p = DecodeOrReport(s, ctx, "date");
        try
        {
            switch (p.Special)
            {
                case Special.Epoch:
                    return PgCalendar.UnixEpochJulian - PgCalendar.EpochJulian;
                case Special.PosInfinity:
                    return PgCalendar.DatePosInfinity;
                case Special.NegInfinity:
                    return PgCalendar.DateNegInfinity;
                case Special.Now:
                case Special.Today:
                    return CurrentLocalDate(ctx);
                case Special.Tomorrow:
                    return CurrentLocalDate(ctx) + 1;
                case Special.Yesterday:
                    return CurrentLocalDate(ctx) - 1;
            }
            int d = CheckDate(p);
            CheckTime(p);
            return d;
        }
        catch (DateTimeError e)
        {
            Report(e, s, "date");
            return 0;
        }
    }

    /// <summary>timestamp_in / timestamptz_in: microseconds since 2000 (local for timestamp, UTC with zone).</summary>
    static long Timestamp(string s, OutputContext ctx, bool withZone)
    {
        string typeName = withZone ? "timestamp with time zone" : "timestamp";
        var p = DecodeOrReport(s, ctx, typeName);
        try
        {
            long local;
            switch (p.Special)
            {
                case Special.Epoch:
                    return (long)(PgCalendar.UnixEpochJulian - PgCalendar.EpochJulian) * PgCalendar.MicrosPerDay;
                case Special.PosInfinity:
                    return PgCalendar.TsPosInfinity;
                case Special.NegInfinity:
                    return PgCalendar.TsNegInfinity;
                case Special.Now:
                {
                    long now = ctx.NowMicros();
                    return withZone ? now : now + ctx.Zone.OffsetAtUtc(now) * PgCalendar.MicrosPerSecond;
                }
                case Special.Today:
                case Special.Tomorrow:
                case Special.Yesterday:
                {
                    int day = CurrentLocalDate(ctx) + (p.Special == Special.Tomorrow ? 1
                        : p.Special == Special.Yesterday ? -1 : 0);
                    local = day * PgCalendar.MicrosPerDay;
                    break;
                }
                default:
                    if (!p.HasDate)
                        throw BadSyntax();
                    local = CheckDate(p) * PgCalendar.MicrosPerDay + CheckTime(p);
                    break;
            }
            if (!PgCalendar.TimestampInRange(local))
                throw new DateTimeError("range");
            if (!withZone)
                return local;
            int off = p.Offset ?? (p.Zone ?? ctx.Zone).OffsetForLocal(local);
            long utc = local - off * PgCalendar.MicrosPerSecond;
            if (!PgCalendar.TimestampInRange(utc))
                throw new DateTimeError("range");
            return utc;
        }
        catch (DateTimeError e)
        {
            Report(e, s, typeName);
            return 0;
        }
    }

    public static long Timestamp(string s, OutputContext ctx) => Timestamp(s, ctx, false);

    public static long TimestampTz(string s, OutputContext ctx) => Timestamp(s, ctx, true);

    /// <summary>time_in: microseconds since midnight (0 .. 24:00:00 inclusive).</summary>
    public static long Time(string s, OutputContext ctx) => TimeAndZone(s, ctx, "time").Micros;

    /// <summary>timetz_in: microseconds since midnight and the zone's offset east of UTC in seconds.</summary>
    public static (long Micros, int Offset) TimeTz(string s, OutputContext ctx) =>
        TimeAndZone(s, ctx, "time with time zone");

    static (long Micros, int Offset) TimeAndZone(string s, OutputContext ctx, string typeName)
    {
        var p = DecodeOrReport(s, ctx, typeName);
        try
        {
            long t;
            int? off = p.Offset;
            if (p.Special == Special.Now)
            {
                long now = ctx.NowMicros();
                int o = ctx.Zone.OffsetAtUtc(now);
                t = PgCalendar.TimeOf(now + o * PgCalendar.MicrosPerSecond);
                off ??= o;
            }
            else
            {
                if (p.Special != Special.None || !p.HasTime)
                    throw BadSyntax();
                if (p.HasDate)
                    CheckDate(p);
                t = CheckTime(p);
            }
            if (off == null)
            {
                var zone = p.Zone ?? ctx.Zone;
                long local = (p.HasDate ? CheckDate(p) : CurrentLocalDate(ctx)) * PgCalendar.MicrosPerDay + t;
                off = zone.OffsetForLocal(local);
            }
            return (t, off.Value);
        }
        catch (DateTimeError e)
        {
            Report(e, s, typeName);
            return default;
        }
    }
}
