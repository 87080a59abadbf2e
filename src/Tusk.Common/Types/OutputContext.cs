// Session settings that shape how values are printed and read (DateStyle, TimeZone, IntervalStyle,
// extra_float_digits), plus the transaction start time that 'now' and 'today' read.
namespace Tusk.Common.Types;

/// <summary>DateStyle's output format.</summary>
public enum DateStyleKind
{
    Iso,
    Sql,
    Postgres,
    German,
}

/// <summary>DateStyle's field order for ambiguous input (and SQL/Postgres output).</summary>
public enum DateOrder
{
    Mdy,
    Dmy,
    Ymd,
}

/// <summary>The per-session formatting state used by text input and output functions.</summary>
public sealed class OutputContext
{
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;
    public string TimeZoneName { get; set; } = "UTC";
    public int ExtraFloatDigits { get; set; } = 1;
    public string DateStyle { get; set; } = "ISO, MDY";
    public string IntervalStyle { get; set; } = "postgres";
    public bool ByteaHex { get; set; } = true;

    /// <summary>Transaction start (microseconds since 2000, UTC) for 'now', 'today'; the clock when unset or 0.</summary>
    public Func<long>? TransactionStart { get; set; }

    public static readonly OutputContext Default = new();

    string? _zoneFor;
    PgZone _zone = PgZone.Utc;
    string? _styleFor;
    DateStyleKind _style;
    DateOrder _order;

    /// <summary>The session time zone (from TimeZoneName; TimeZone when the name is not one FindZone reads).</summary>
    public PgZone Zone
    {
        get
        {
            string name = TimeZoneName;
            if (!ReferenceEquals(name, _zoneFor))
            {
                // A plain number is hours east of UTC (SET TIME ZONE 5), unlike POSIX "+05" in a zone name.
                _zone = double.TryParse(name, System.Globalization.NumberStyles.Float,
                    System.Globalization.CultureInfo.InvariantCulture, out double hours) && Math.Abs(hours) < 168
                    ? new PgZone((int)Math.Round(hours * 3600), TimeZones.FormatOffset((int)Math.Round(hours * 3600), false))
                    : TimeZones.FindZone(name) ?? new PgZone(TimeZone);
                _zoneFor = name;
            }
            return _zone;
        }
    }

    public DateStyleKind Style
    {
        get
        {
            ParseDateStyle();
            return _style;
        }
    }

    public DateOrder Order
    {
        get
        {
            ParseDateStyle();
            return _order;
        }
    }

    void ParseDateStyle()
    {
        string s = DateStyle;
        if (ReferenceEquals(s, _styleFor))
            return;
        var style = DateStyleKind.Iso;
        DateOrder? order = null;
        foreach (string part in s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            switch (part.ToLowerInvariant())
            {
                case "iso":
                    style = DateStyleKind.Iso;
                    break;
                case "sql":
                    style = DateStyleKind.Sql;
                    break;
                case "postgres":
                    style = DateStyleKind.Postgres;
                    break;
                case "german":
                    style = DateStyleKind.German;
                    order ??= DateOrder.Dmy;
                    break;
                case "mdy" or "us" or "noneuropean":
                    order = DateOrder.Mdy;
                    break;
                case "dmy" or "euro" or "european":
                    order = DateOrder.Dmy;
                    break;
                case "ymd":
                    order = DateOrder.Ymd;
                    break;
            }
        }
        _style = style;
        _order = order ?? DateOrder.Mdy;
        _styleFor = s;
    }

    /// <summary>The current transaction's start time (microseconds since 2000, UTC).</summary>
    public long NowMicros()
    {
        long t = TransactionStart?.Invoke() ?? 0;
        return t != 0 ? t : TypeIO.ToPgMicros(DateTime.UtcNow);
    }
}
