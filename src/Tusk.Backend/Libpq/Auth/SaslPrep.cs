// SASLprep (RFC 4013, a stringprep profile of RFC 3454) as PostgreSQL's pg_saslprep applies it to passwords:
// pure ASCII passes unchanged; otherwise map (C.1.2 -> space, B.1 -> nothing), NFKC, then reject prohibited
// (C.1.2, C.2, C.3-C.9, unassigned A.1) and bidi violations. A refusal makes callers fall back to the raw password.
// Entry point: TryPrepare.
namespace Tusk.Backend.Libpq.Auth;

/// <summary>SASLprep for SCRAM passwords.</summary>
public static class SaslPrep
{
    /// <summary>
    /// Prepares <paramref name="input"/>. False when the string contains prohibited characters, violates the
    /// bidirectional rules, or is not valid UTF-16 (lone surrogates; PG's "invalid UTF-8" case); the caller
    /// then uses the raw password, exactly like PostgreSQL.
    /// </summary>
    public static bool TryPrepare(string input, out string output)
    {
        ArgumentNullException.ThrowIfNull(input);
        output = input;
        if (IsAscii(input))
        {
            return true;
        }

        var mapped = new List<int>(input.Length);
        for (int i = 0; i < input.Length; i++)
        {
            int cp;
            if (char.IsHighSurrogate(input[i]) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
            {
                cp = char.ConvertToUtf32(input[i], input[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(input[i]))
            {
                return false;
            }
            else
            {
                cp = input[i];
            }

            if (InTable(SaslPrepTables.NonAsciiSpace, cp))
            {
                mapped.Add(' ');
            }
            else if (!InTable(SaslPrepTables.MapToNothing, cp))
            {
                mapped.Add(cp);
            }
        }

        List<int> normalized = UnicodeNfkc.Normalize(mapped);

        bool hasRandAl = false;
        bool hasL = false;
        foreach (int cp in normalized)
        {
            if (InTable(SaslPrepTables.Prohibited, cp))
            {
                return false;
            }

            hasRandAl |= InTable(SaslPrepTables.RandALCat, cp);
            hasL |= InTable(SaslPrepTables.LCat, cp);
        }

        // RFC 3454 section 6: a string with RandALCat characters has no LCat ones and starts and ends with one.
        if (hasRandAl && (hasL || !InTable(SaslPrepTables.RandALCat, normalized[0])
                || !InTable(SaslPrepTables.RandALCat, normalized[^1])))
        {
            return false;
        }

        var sb = new System.Text.StringBuilder(normalized.Count);
        foreach (int cp in normalized)
        {
            sb.Append(char.ConvertFromUtf32(cp));
        }

        output = sb.ToString();
        return true;
    }

    /// <summary>Binary search in a sorted table of inclusive [start, end] pairs.</summary>
    internal static bool InTable(int[] ranges, int cp)
    {
        int lo = 0;
        int hi = (ranges.Length / 2) - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cp < ranges[mid * 2])
            {
                hi = mid - 1;
            }
            else if (cp > ranges[(mid * 2) + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAscii(string s)
    {
        foreach (char c in s)
        {
            if (c > 0x7F)
            {
                return false;
            }
        }

        return true;
    }
}
