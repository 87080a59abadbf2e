// uuid's text form (utils/adt/uuid.c uuid_in/uuid_out). Input: 32 hex digits in either case, optionally inside
// braces, with an optional hyphen after any group of four digits; nothing else (no spaces). Output: lower case
// 8-4-4-4-12. A uuid Datum holds its canonical text (what HeapTuple.Materialize yields), so ordinal string order
// is the byte order PG compares by. Entry points: Parse, TryParse, ToBytes, FromBytes.
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>uuid input and output.</summary>
public static class UuidText
{
    /// <summary>uuid_in: the canonical text, or 22P02 invalid input syntax.</summary>
    public static string Parse(string s) => TryParse(s, out string? canonical)
        ? canonical
        : Throw.Error<string>(SqlState.InvalidTextRepresentation, $"invalid input syntax for type uuid: \"{s}\"");

    public static bool TryParse(string s, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? canonical)
    {
        canonical = null;
        Span<char> hex = stackalloc char[32];
        int i = 0;
        bool braces = s.Length > 0 && s[0] == '{';
        if (braces)
            i++;
        for (int d = 0; d < 32; d++)
        {
            if (i >= s.Length || !char.IsAsciiHexDigit(s[i]))
                return false;
            hex[d] = char.ToLowerInvariant(s[i++]);
            if (d % 4 == 3 && d < 31 && i < s.Length && s[i] == '-')
                i++;
        }
        if (braces)
        {
            if (i >= s.Length || s[i] != '}')
                return false;
            i++;
        }
        if (i != s.Length)
            return false;
        string h = new(hex);
        canonical = $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}";
        return true;
    }

    /// <summary>The 16 bytes of a canonical uuid text (binary send format).</summary>
    public static byte[] ToBytes(string canonical) => Convert.FromHexString(canonical.Replace("-", "",
        StringComparison.Ordinal));

    /// <summary>Canonical text of 16 bytes (binary receive format).</summary>
    public static string FromBytes(ReadOnlySpan<byte> b)
    {
        string h = Convert.ToHexStringLower(b);
        return $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}";
    }
}
