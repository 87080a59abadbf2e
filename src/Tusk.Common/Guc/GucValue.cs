// Parsing and display of setting values: booleans, integers with memory/time units, reals, enums.
using System.Globalization;
using Tusk.Common.Errors;

namespace Tusk.Common.Guc;

/// <summary>Turns user text into a setting's canonical value and back into SHOW's display form.</summary>
public static class GucValue
{
    static readonly (string Unit, double Bytes)[] MemoryUnits =
        [("TB", 1024.0 * 1024 * 1024 * 1024), ("GB", 1024.0 * 1024 * 1024), ("MB", 1024.0 * 1024), ("kB", 1024),
         ("B", 1)];

    static readonly (string Unit, double Ms)[] TimeUnits =
        [("d", 86_400_000), ("h", 3_600_000), ("min", 60_000), ("s", 1000), ("ms", 1), ("us", 0.001)];

    /// <summary>Canonical form of <paramref name="input"/> for the setting, or ERROR 22023.</summary>
    public static string Canonicalize(GucDefinition def, string input)
    {
        string v = input.Trim();
        switch (def.Type)
        {
            case GucType.Bool:
                if (TryParseBool(v, out bool b))
                    return b ? "on" : "off";
                throw Invalid(def, input, $"Parameter \"{def.Name}\" requires a Boolean value.");
            case GucType.Integer:
            {
                if (!TryParseWithUnit(v, def.Unit, out double d))
                {
                    // PostgreSQL hints at units only when a number came with a unit it does not know.
                    bool numberWithUnit = v.Length > 0 && (char.IsAsciiDigit(v[0]) || v[0] is '-' or '+' or '.');
                    throw Invalid(def, input, def.Unit == null || !numberWithUnit ? null
                        : $"Valid units for this parameter are {UnitHint(def.Unit)}.");
                }
                double r = Math.Round(d);
                if (r < def.Min || r > def.Max)
                    throw new PgException(SqlState.InvalidParameterValue,
                        $"{r.ToString(CultureInfo.InvariantCulture)}{(def.Unit is null or "B" or "kB" or "8kB" or "MB" ? "" : " " + def.Unit)} is outside the valid range for parameter \"{def.Name}\" ({def.Min.ToString(CultureInfo.InvariantCulture)} .. {def.Max.ToString(CultureInfo.InvariantCulture)})");
                return ((long)r).ToString(CultureInfo.InvariantCulture);
            }
            case GucType.Real:
            {
                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                    throw Invalid(def, input, null);
                if (d < def.Min || d > def.Max)
                    throw new PgException(SqlState.InvalidParameterValue,
                        $"{d.ToString(CultureInfo.InvariantCulture)} is outside the valid range for parameter \"{def.Name}\" ({def.Min.ToString(CultureInfo.InvariantCulture)} .. {def.Max.ToString(CultureInfo.InvariantCulture)})");
                return d.ToString(CultureInfo.InvariantCulture);
            }
            case GucType.Enum:
                foreach (var e in def.EnumValues!)
                    if (string.Equals(e, v, StringComparison.OrdinalIgnoreCase))
                        return e;
                if (def.Name is "synchronous_commit" && TryParseBool(v, out bool sb))
                    return sb ? "on" : "off";
                throw Invalid(def, input, "Available values: " + string.Join(", ", def.EnumValues!) + ".");
            default:
                return input;
        }
    }

    static PgException Invalid(GucDefinition def, string input, string? hint) =>
        new(SqlState.InvalidParameterValue, $"invalid value for parameter \"{def.Name}\": \"{input}\"")
        {
            Hint = hint,
        };

    static string UnitHint(string unit) => unit is "ms" or "s" or "min"
        ? "\"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\""
        : "\"B\", \"kB\", \"MB\", \"GB\", and \"TB\"";

    /// <summary>PostgreSQL's parse_bool: on/off, true/false, yes/no, 1/0 and unique prefixes.</summary>
    public static bool TryParseBool(string s, out bool value)
    {
        value = false;
        string v = s.Trim().ToLowerInvariant();
        if (v.Length == 0)
            return false;
        if ("true".StartsWith(v, StringComparison.Ordinal) || "yes".StartsWith(v, StringComparison.Ordinal)
            || v == "on" || v == "1")
        {
            value = true;
            return true;
        }
        if ("false".StartsWith(v, StringComparison.Ordinal) || "no".StartsWith(v, StringComparison.Ordinal)
            || (v.Length >= 2 && "off".StartsWith(v, StringComparison.Ordinal)) || v == "0")
            return true;
        return false;
    }

    static bool TryParseWithUnit(string v, string? baseUnit, out double result)
    {
        result = 0;
        int i = 0;
        if (i < v.Length && (v[i] == '-' || v[i] == '+'))
            i++;
        while (i < v.Length && (char.IsAsciiDigit(v[i]) || v[i] == '.' || v[i] == 'e' || v[i] == 'E'))
            i++;
        if (!double.TryParse(v.AsSpan(0, i), NumberStyles.Float, CultureInfo.InvariantCulture, out double num))
            return false;
        string unit = v[i..].Trim();
        if (unit.Length == 0)
        {
            result = num;
            return true;
        }
        if (baseUnit == null)
            return false;
        if (IsMemory(baseUnit))
        {
            foreach (var (u, bytes) in MemoryUnits)
                if (u == unit)
                {
                    result = num * bytes / MemoryBytes(baseUnit);
                    return true;
                }
            return false;
        }
        foreach (var (u, ms) in TimeUnits)
            if (u == unit)
            {
                result = num * ms / TimeMs(baseUnit);
                return true;
            }
        return false;
    }

    static bool IsMemory(string unit) => unit is "B" or "kB" or "8kB" or "MB";

    static double MemoryBytes(string unit) => unit switch
    {
        "B" => 1,
        "kB" => 1024,
        "8kB" => 8192,
        _ => 1024 * 1024,
    };

    static double TimeMs(string unit) => unit switch
    {
        "ms" => 1,
        "s" => 1000,
        _ => 60_000,
    };

    /// <summary>SHOW's form of a canonical value: integers with the largest exact unit ("128MB", "5min").</summary>
    public static string Display(GucDefinition def, string canonical)
    {
        if (def.Type != GucType.Integer || def.Unit == null)
            return canonical;
        long n = long.Parse(canonical, CultureInfo.InvariantCulture);
        if (n == 0 || n == -1)
            return canonical;
        if (IsMemory(def.Unit))
        {
            double bytes = n * MemoryBytes(def.Unit);
            foreach (var (u, size) in MemoryUnits)
                if (size >= MemoryBytes(def.Unit == "8kB" ? "kB" : def.Unit) && bytes % size == 0)
                    return (bytes / size).ToString(CultureInfo.InvariantCulture) + u;
            return canonical + def.Unit;
        }
        double ms = n * TimeMs(def.Unit);
        foreach (var (u, size) in TimeUnits)
            if (size >= TimeMs(def.Unit) && ms % size == 0)
                return (ms / size).ToString(CultureInfo.InvariantCulture) + u;
        return canonical + def.Unit;
    }
}
