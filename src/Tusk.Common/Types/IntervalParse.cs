// Text input of interval (DecodeInterval / DecodeISO8601Interval, in our own form): "1 day 2 hours",
// "1 year -2 mons", "1-2" (years-months), "3 4:05:06" (days and a time), "@ 1 minute ago", plain numbers (seconds),
// fractional units that spill into smaller units (a month is 30 days, a day 24 hours), and ISO 8601 "P1Y2M3DT4H5M6S"
// or "P0001-02-03T04:05:06". Errors: 22007 invalid input syntax for type interval, 22015 field out of range.
// Entry point: IntervalParse.Parse.
using System.Globalization;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>interval text input.</summary>
public static class IntervalParse
{
    sealed class BadInterval(bool range) : Exception
    {
        public bool Range { get; } = range;
    }

    /// <summary>Accumulates the three parts with overflow checks.</summary>
    sealed class Acc
    {
        public long Months;
        public long Days;
        public decimal Micros;

        public void AddMonths(decimal m)
        {
            decimal whole = decimal.Truncate(m);
            Months += (long)whole;
            AddDays((m - whole) * 30);
        }

        public void AddDays(decimal d)
        {
            decimal whole = decimal.Truncate(d);
            Days += (long)whole;
            Micros += decimal.Round((d - whole) * PgCalendar.MicrosPerDay, MidpointRounding.ToEven);
        }
    }

    /// <summary>interval_in.</summary>
    public static Interval Parse(string s)
    {
        try
        {
            var acc = new Acc();
            string t = s.Trim();
            if (t.Length > 1 && (t[0] is 'P' or 'p'))
                ParseIso(t[1..], acc);
            else
                ParsePostgres(t, acc);
            decimal micros = decimal.Round(acc.Micros, MidpointRounding.ToEven);
            if (acc.Months is < int.MinValue or > int.MaxValue || acc.Days is < int.MinValue or > int.MaxValue
                || micros < long.MinValue || micros > long.MaxValue)
                throw new BadInterval(true);
            return new Interval((int)acc.Months, (int)acc.Days, (long)micros);
        }
        catch (Exception e) when (e is BadInterval or OverflowException or FormatException)
        {
            if (e is BadInterval { Range: true } or OverflowException)
                Throw.Error("22015", $"interval field value out of range: \"{s}\"");
            Throw.Error(SqlState.InvalidDatetimeFormat, $"invalid input syntax for type interval: \"{s}\"");
            return default;
        }
    }

    static BadInterval Bad() => new(false);

    static List<string> Tokens(string s)
    {
        var list = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c) || c == ',')
            {
                i++;
                continue;
            }
            int start = i;
            if (c == '@' && list.Count == 0)
            {
                i++;
                continue;
            }
            if (char.IsAsciiLetter(c))
            {
                while (i < s.Length && char.IsAsciiLetter(s[i]))
                    i++;
            }
            else if (c is '+' or '-' or '.' || char.IsAsciiDigit(c))
            {
                i++;
                while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is '.' or ':'
                           || s[i] == '-' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])
                           && !s[start..i].Contains(':')))
                    i++;
            }
            else
            {
                throw Bad();
            }
            list.Add(s[start..i]);
        }
        return list;
    }

    static decimal Number(string t)
    {
        if (t is "+" or "-" or "." || t.Count(ch => ch == '.') > 1)
            throw Bad();
        return decimal.Parse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture);
    }

    static void ParsePostgres(string s, Acc acc)
    {
        var tokens = Tokens(s);
        if (tokens.Count == 0)
            throw Bad();
        bool ago = false;
        var seen = new HashSet<DateUnit>();
        for (int k = 0; k < tokens.Count; k++)
        {
            string t = tokens[k];
            if (char.IsAsciiLetter(t[0]))
            {
                if (t.Equals("ago", StringComparison.OrdinalIgnoreCase) && k == tokens.Count - 1 && !ago)
                {
                    ago = true;
                    continue;
                }
                throw Bad();
            }
            if (t.Contains(':'))
            {
                if (!seen.Add(DateUnit.Hour))
                    throw Bad();
                AddTime(t, acc);
                continue;
            }
            int dash = t.IndexOf('-', 1);
            if (dash > 0)
            {
                // years-months
                if (!seen.Add(DateUnit.Year))
                    throw Bad();
                bool neg = t[0] == '-';
                decimal y = Number(t[..dash]);
                decimal m = Number(t[(dash + 1)..]);
                if (m.Scale > 0 || y.Scale > 0)
                    throw Bad();
                acc.Months += (long)(y * 12 + (neg ? -m : m));
                continue;
            }
            decimal v = Number(t);
            DateUnit unit;
            if (k + 1 < tokens.Count && char.IsAsciiLetter(tokens[k + 1][0])
                && DateUnits.TryParse(tokens[k + 1].ToLowerInvariant(), out unit) && unit <= DateUnit.Millennium
                && unit != DateUnit.Quarter)
                k++;
            else if (k + 1 < tokens.Count && tokens[k + 1].Contains(':'))
                unit = DateUnit.Day;
            else if (k + 1 < tokens.Count && char.IsAsciiLetter(tokens[k + 1][0])
                     && !tokens[k + 1].Equals("ago", StringComparison.OrdinalIgnoreCase))
                throw Bad();
            else
                unit = DateUnit.Second;
            if (!seen.Add(unit))
                throw Bad();
            AddUnit(v, unit, acc);
        }
        if (ago)
        {
            acc.Months = -acc.Months;
            acc.Days = -acc.Days;
            acc.Micros = -acc.Micros;
        }
    }

    static void AddUnit(decimal v, DateUnit unit, Acc acc)
    {
        switch (unit)
        {
            case DateUnit.Microsecond:
                acc.Micros += v;
                break;
            case DateUnit.Millisecond:
                acc.Micros += v * 1000;
                break;
            case DateUnit.Second:
                acc.Micros += v * PgCalendar.MicrosPerSecond;
                break;
            case DateUnit.Minute:
                acc.Micros += v * PgCalendar.MicrosPerMinute;
                break;
            case DateUnit.Hour:
                acc.Micros += v * PgCalendar.MicrosPerHour;
                break;
            case DateUnit.Day:
                acc.AddDays(v);
                break;
            case DateUnit.Week:
                acc.AddDays(v * 7);
                break;
            case DateUnit.Month:
                acc.AddMonths(v);
                break;
            default:
            {
                long years = unit switch { DateUnit.Year => 1, DateUnit.Decade => 10, DateUnit.Century => 100, _ => 1000 };
                decimal whole = decimal.Truncate(v);
                acc.Months += (long)(whole * years * 12);
                acc.Months += (long)decimal.Round((v - whole) * years * 12, MidpointRounding.ToEven);
                break;
            }
        }
    }

    /// <summary>"[+-]h:mm[:ss[.f]]" or "[+-]mm:ss.f"; the sign covers the whole time.</summary>
    static void AddTime(string t, Acc acc)
    {
        bool neg = t[0] == '-';
        if (t[0] is '+' or '-')
            t = t[1..];
        if (!DateTimeParse.SplitTime(t, out string? hs, out string ms, out string? ss))
            throw Bad();
        decimal h = hs == null ? 0 : Number(hs);
        decimal m = Number(ms);
        decimal sec = ss == null ? 0 : Number(ss);
        if (h.Scale > 0 || m.Scale > 0 || m > 59 || sec >= 60)
            throw new BadInterval(true);
        decimal micros = h * PgCalendar.MicrosPerHour + m * PgCalendar.MicrosPerMinute + sec * PgCalendar.MicrosPerSecond;
        acc.Micros += neg ? -micros : micros;
    }

    /// <summary>ISO 8601 after the "P": designators (1Y2M3DT4H5M6S, 2W) or the alternative format.</summary>
    static void ParseIso(string s, Acc acc)
    {
        bool time = false;
        int i = 0;
        if (s.Length == 0)
            throw Bad();
        while (i < s.Length)
        {
            if (s[i] is 'T' or 't')
            {
                if (time)
                    throw Bad();
                time = true;
                i++;
                continue;
            }
            int start = i;
            if (i < s.Length && s[i] is '+' or '-')
                i++;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
                i++;
            if (i == start || i >= s.Length)
                throw Bad();
            string num = s[start..i];
            char unit = char.ToUpperInvariant(s[i]);
            if (unit is '-' or ':')
            {
                ParseIsoAlternative(s[start..], time, acc);
                return;
            }
            decimal v = Number(num);
            i++;
            AddUnit(v, IsoUnit(unit, time) ?? throw Bad(), acc);
        }
    }

    static DateUnit? IsoUnit(char designator, bool time) => (designator, time) switch
    {
        ('Y', false) => DateUnit.Year,
        ('M', false) => DateUnit.Month,
        ('W', false) => DateUnit.Week,
        ('D', false) => DateUnit.Day,
        ('H', true) => DateUnit.Hour,
        ('M', true) => DateUnit.Minute,
        ('S', true) => DateUnit.Second,
        _ => null,
    };

    // "YYYY-MM-DDThh:mm:ss" (after "P"), or "hh:mm:ss" after "PT".
    static void ParseIsoAlternative(string s, bool time, Acc acc)
    {
        string datePart = s;
        string? timePart = null;
        if (time)
        {
            datePart = "";
            timePart = s;
        }
        else
        {
            int t = s.IndexOfAny(['T', 't']);
            if (t >= 0)
            {
                datePart = s[..t];
                timePart = s[(t + 1)..];
            }
        }
        if (datePart.Length > 0)
            AddParts(datePart.Split('-'), [DateUnit.Year, DateUnit.Month, DateUnit.Day], acc);
        if (timePart != null)
            AddParts(timePart.Split(':'), [DateUnit.Hour, DateUnit.Minute, DateUnit.Second], acc);
    }

    static void AddParts(string[] parts, DateUnit[] units, Acc acc)
    {
        if (parts.Length != units.Length || parts.Any(x => x.Length == 0))
            throw Bad();
        for (int i = 0; i < parts.Length; i++)
            AddUnit(Number(parts[i]), units[i], acc);
    }
}
