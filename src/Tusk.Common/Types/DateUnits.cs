// Unit names of interval input, EXTRACT, date_part and date_trunc (PostgreSQL's deltatktbl plus the
// extract-only fields), with their abbreviations and plurals: one table for all of them.
// Entry point: DateUnits.TryParse.
namespace Tusk.Common.Types;

/// <summary>A date/time unit or field; Microsecond..Millennium are also interval input units.</summary>
public enum DateUnit
{
    Microsecond,
    Millisecond,
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
    Millennium,
    Epoch,
    Dow,
    Doy,
    IsoDow,
    IsoYear,
    Julian,
    Timezone,
    TimezoneHour,
    TimezoneMinute,
}

/// <summary>Unit name lookup.</summary>
public static class DateUnits
{
    static readonly Dictionary<string, DateUnit> Names = Build();

    static Dictionary<string, DateUnit> Build()
    {
        var d = new Dictionary<string, DateUnit>(StringComparer.Ordinal);
        void Add(DateUnit u, params string[] names)
        {
            foreach (string n in names)
                d[n] = u;
        }
        Add(DateUnit.Microsecond, "microsecond", "microseconds", "us", "usec", "usecs", "useconds", "microsecon");
        Add(DateUnit.Millisecond, "millisecond", "milliseconds", "ms", "msec", "msecs", "mseconds", "millisecon");
        Add(DateUnit.Second, "second", "seconds", "s", "sec", "secs");
        Add(DateUnit.Minute, "minute", "minutes", "m", "min", "mins");
        Add(DateUnit.Hour, "hour", "hours", "h", "hr", "hrs");
        Add(DateUnit.Day, "day", "days", "d");
        Add(DateUnit.Week, "week", "weeks", "w");
        Add(DateUnit.Month, "month", "months", "mon", "mons");
        Add(DateUnit.Quarter, "quarter", "qtr");
        Add(DateUnit.Year, "year", "years", "y", "yr", "yrs");
        Add(DateUnit.Decade, "decade", "decades", "dec", "decs");
        Add(DateUnit.Century, "century", "centuries", "c", "cent");
        Add(DateUnit.Millennium, "millennium", "millennia", "mil", "mils");
        Add(DateUnit.Epoch, "epoch");
        Add(DateUnit.Dow, "dow");
        Add(DateUnit.Doy, "doy");
        Add(DateUnit.IsoDow, "isodow");
        Add(DateUnit.IsoYear, "isoyear");
        Add(DateUnit.Julian, "julian", "j");
        Add(DateUnit.Timezone, "timezone");
        Add(DateUnit.TimezoneHour, "timezone_h", "timezone_hour");
        Add(DateUnit.TimezoneMinute, "timezone_m", "timezone_minute");
        return d;
    }

    /// <summary>The unit of a lower-case name.</summary>
    public static bool TryParse(string lower, out DateUnit unit) => Names.TryGetValue(lower, out unit);
}
