// Session settings that shape how values are printed and read (DateStyle, TimeZone, extra_float_digits).
namespace Tusk.Common.Types;

/// <summary>The per-session formatting state used by text input and output functions.</summary>
public sealed class OutputContext
{
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;
    public string TimeZoneName { get; set; } = "UTC";
    public int ExtraFloatDigits { get; set; } = 1;
    public string DateStyle { get; set; } = "ISO, MDY";
    public string IntervalStyle { get; set; } = "postgres";
    public bool ByteaHex { get; set; } = true;

    public static readonly OutputContext Default = new();
}
