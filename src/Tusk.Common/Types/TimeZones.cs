// Time zones for date/time input, output and AT TIME ZONE: a PgZone is a fixed UTC offset or an IANA zone (.NET
// TimeZoneInfo over the system tzdata). Offsets are in seconds east of UTC. Local-to-UTC conversion follows
// PostgreSQL: a local time in a spring-forward gap takes the offset in force before the transition, an ambiguous
// one (fall-back) the offset after it. Names are matched case-insensitively, like PostgreSQL's.
// Entry points: TimeZones.FindAbbrev (timezone_abbreviations "Default" subset), FindZone (IANA names, UTC/GMT,
// POSIX-style "UTC+3" / "+05"), PgZone.OffsetAtUtc / OffsetForLocal / Abbrev.
using System.Globalization;

namespace Tusk.Common.Types;

/// <summary>A time zone: a fixed offset or an IANA zone.</summary>
public sealed class PgZone
{
    readonly TimeZoneInfo? _info;
    readonly int _fixed;
    readonly string? _fixedAbbrev;

    public PgZone(TimeZoneInfo info) => _info = info;

    public PgZone(int offsetEast, string? abbrev)
    {
        _fixed = offsetEast;
        _fixedAbbrev = abbrev;
    }

    public static readonly PgZone Utc = new(0, "UTC");

    public bool IsFixed => _info == null;

    static DateTime ToDateTime(long pgMicros)
    {
        const long MinMicros = -63_082_281_600_000_000; // 0001-01-01
        const long MaxMicros = 252_455_615_999_999_999; // 9999-12-31 23:59:59.999999
        long m = Math.Clamp(pgMicros, MinMicros, MaxMicros);
        return new DateTime(TypeIO.PgEpoch.Ticks + m * 10, DateTimeKind.Utc);
    }

    /// <summary>Seconds east of UTC in force at a UTC instant.</summary>
    public int OffsetAtUtc(long utcMicros) =>
        _info == null ? _fixed : (int)_info.GetUtcOffset(ToDateTime(utcMicros)).TotalSeconds;

    /// <summary>Seconds east of UTC for a local wall-clock time (PostgreSQL's gap and overlap rules).</summary>
    public int OffsetForLocal(long localMicros)
    {
        if (_info == null)
            return _fixed;
        int before = OffsetAtUtc(localMicros - PgCalendar.MicrosPerDay);
        int after = OffsetAtUtc(localMicros + PgCalendar.MicrosPerDay);
        bool beforeOk = OffsetAtUtc(localMicros - before * PgCalendar.MicrosPerSecond) == before;
        bool afterOk = OffsetAtUtc(localMicros - after * PgCalendar.MicrosPerSecond) == after;
        if (afterOk)
            return after;
        return beforeOk ? before : before;
    }

    /// <summary>The zone abbreviation at a UTC instant ("CEST"), or the numeric offset ("+05") when it has none.</summary>
    public string Abbrev(long utcMicros)
    {
        if (_info == null)
            return _fixedAbbrev ?? TimeZones.FormatOffset(_fixed, false);
        var dt = ToDateTime(utcMicros);
        bool dst = _info.IsDaylightSavingTime(dt);
        // .NET knows one abbreviation per kind: an offset from another era (local mean time) prints as a number.
        if (!dst && _info.GetUtcOffset(dt) != _info.BaseUtcOffset)
            return TimeZones.FormatOffset(OffsetAtUtc(utcMicros), false);
        string name = dst ? _info.DaylightName : _info.StandardName;
        return name.Length is > 0 and <= 6 && !name.Contains(' ') ? name
            : TimeZones.FormatOffset(OffsetAtUtc(utcMicros), false);
    }
}

/// <summary>Time zone lookup.</summary>
public static class TimeZones
{
    static readonly Dictionary<string, (int Offset, bool Dst)> Abbrevs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["acdt"] = (37800, true), ["acst"] = (34200, false), ["adt"] = (-10800, true), ["aedt"] = (39600, true),
        ["aest"] = (36000, false), ["akdt"] = (-28800, true), ["akst"] = (-32400, false), ["ast"] = (-14400, false),
        ["awst"] = (28800, false), ["bst"] = (3600, true), ["cat"] = (7200, false), ["cdt"] = (-18000, true),
        ["cest"] = (7200, true), ["cet"] = (3600, false), ["cst"] = (-21600, false), ["eat"] = (10800, false),
        ["edt"] = (-14400, true), ["eest"] = (10800, true), ["eet"] = (7200, false), ["est"] = (-18000, false),
        ["gmt"] = (0, false), ["hkt"] = (28800, false), ["hst"] = (-36000, false), ["idt"] = (10800, true),
        ["ist"] = (7200, false), ["jst"] = (32400, false), ["kst"] = (32400, false), ["mdt"] = (-21600, true),
        ["mest"] = (7200, true), ["met"] = (3600, false), ["msk"] = (10800, false), ["mst"] = (-25200, false),
        ["ndt"] = (-9000, true), ["nst"] = (-12600, false), ["nzdt"] = (46800, true), ["nzst"] = (43200, false),
        ["pdt"] = (-25200, true), ["pst"] = (-28800, false), ["sast"] = (7200, false), ["sgt"] = (28800, false),
        ["uct"] = (0, false), ["ut"] = (0, false), ["utc"] = (0, false), ["wat"] = (3600, false),
        ["west"] = (3600, true), ["wet"] = (0, false), ["z"] = (0, false), ["zulu"] = (0, false),
    };

    /// <summary>A time zone abbreviation from the default set: its offset east of UTC in seconds.</summary>
    public static bool FindAbbrev(string name, out int offsetEast)
    {
        bool found = Abbrevs.TryGetValue(name, out var a);
        offsetEast = a.Offset;
        return found;
    }

    static Dictionary<string, string>? s_idsByLowerName;

    /// <summary>
    /// A zone by name: UTC-like names, IANA names (any case), and POSIX-style offsets ("+05", "UTC+3": hours west
    /// of UTC, as PostgreSQL's pg_tzset reads them). Null when not recognized.
    /// </summary>
    public static PgZone? FindZone(string name)
    {
        if (name.Length == 0)
            return null;
        if (name.Equals("UTC", StringComparison.OrdinalIgnoreCase) || name.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase)
            || name.Equals("UCT", StringComparison.OrdinalIgnoreCase) || name.Equals("Zulu", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Z", StringComparison.OrdinalIgnoreCase))
            return PgZone.Utc;
        if (name.Equals("GMT", StringComparison.OrdinalIgnoreCase) || name.Equals("Etc/GMT", StringComparison.OrdinalIgnoreCase))
            return new PgZone(0, "GMT");
        var posix = ParsePosixOffset(name);
        if (posix != null)
            return posix;
        var info = FindSystemZone(name);
        return info == null ? null : new PgZone(info);
    }

    static TimeZoneInfo? FindSystemZone(string name)
    {
        if (name.Contains("..", StringComparison.Ordinal) || name.StartsWith('/'))
            return null;
        // Names arrive lower-cased from date/time input: try the usual spellings ("EST5EDT", "America/New_York").
        foreach (string candidate in new[] { name, name.ToUpperInvariant(), TitleCase(name) })
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(candidate);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
            {
            }
        }
        var map = s_idsByLowerName;
        if (map == null)
        {
            map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var z in TimeZoneInfo.GetSystemTimeZones())
                map.TryAdd(z.Id, z.Id);
            s_idsByLowerName = map;
        }
        if (!map.TryGetValue(name, out string? id) || id == name)
            return null;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    static string TitleCase(string name)
    {
        var chars = name.ToLowerInvariant().ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (i == 0 || chars[i - 1] is '/' or '_' or '-')
                chars[i] = char.ToUpperInvariant(chars[i]);
        return new string(chars);
    }

    // "+05", "-3:30", "UTC+3", "<+05>-05"-free POSIX forms without DST rules: an optional alphabetic name of three
    // or more letters, then a signed (or unsigned after a name) hours[:mm[:ss]] offset WEST of UTC.
    static PgZone? ParsePosixOffset(string name)
    {
        int i = 0;
        while (i < name.Length && char.IsAsciiLetter(name[i]))
            i++;
        if (i is 1 or 2)
            return null;
        string abbrev = name[..i];
        string rest = name[i..];
        if (rest.Length == 0)
            return null;
        int sign = 1;
        if (rest[0] is '+' or '-')
        {
            sign = rest[0] == '-' ? -1 : 1;
            rest = rest[1..];
        }
        else if (i == 0)
        {
            return null;
        }
        string[] parts = rest.Split(':');
        if (parts.Length > 3)
            return null;
        int secs = 0;
        int mult = 3600;
        foreach (string p in parts)
        {
            if (p.Length is 0 or > 2 || !p.All(char.IsAsciiDigit))
                return null;
            secs += int.Parse(p, CultureInfo.InvariantCulture) * mult;
            mult /= 60;
        }
        if (secs > 24 * 3600)
            return null;
        int east = -sign * secs;
        return new PgZone(east, abbrev.Length > 0 ? abbrev.ToUpperInvariant() : FormatOffset(east, false));
    }

    /// <summary>"+05", "+05:30", "-03:00:15"; with <paramref name="alwaysMinutes"/> "+05:00".</summary>
    public static string FormatOffset(int offsetEast, bool alwaysMinutes)
    {
        int abs = Math.Abs(offsetEast);
        var s = (offsetEast < 0 ? "-" : "+") + (abs / 3600).ToString("D2", CultureInfo.InvariantCulture);
        if (alwaysMinutes || abs % 3600 != 0)
            s += ":" + (abs / 60 % 60).ToString("D2", CultureInfo.InvariantCulture);
        if (abs % 60 != 0)
            s += ":" + (abs % 60).ToString("D2", CultureInfo.InvariantCulture);
        return s;
    }
}
