// bytea's text forms (utils/adt/varlena.c byteain/byteaout, encode.c): input accepts the hex format (\x then
// pairs of hex digits, whitespace allowed between pairs) and the escape format (\\ and \ooo octal); output is hex
// or escape (bytea_output). Also the hex, base64 and escape codecs of encode()/decode().
// Entry points: Parse, Format, Encode, Decode. Errors as PG: 22023 for bad hex/base64, 22P02 for bad escapes.
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>bytea input, output and the encode()/decode() formats.</summary>
public static class ByteaText
{
    /// <summary>byteain: hex (\x...) or escape format.</summary>
    public static byte[] Parse(string s)
    {
        if (s.Length >= 2 && s[0] == '\\' && s[1] == 'x')
            return HexDecode(s.AsSpan(2));
        return EscapeDecode(s);
    }

    /// <summary>byteaout in hex (\x...) or escape format.</summary>
    public static string Format(byte[] b, bool hex) => hex ? "\\x" + Convert.ToHexStringLower(b) : EscapeOut(b);

    static string EscapeOut(byte[] b)
    {
        var sb = new StringBuilder(b.Length);
        foreach (byte x in b)
        {
            if (x == (byte)'\\')
                sb.Append("\\\\");
            else if (x is < 0x20 or > 0x7e)
                sb.Append('\\').Append(Convert.ToString(x, 8).PadLeft(3, '0'));
            else
                sb.Append((char)x);
        }
        return sb.ToString();
    }

    /// <summary>encode(bytes, format): hex, base64 (lines of 76) or escape.</summary>
    public static string Encode(byte[] b, string format)
    {
        switch (format.ToLowerInvariant())
        {
            case "hex":
                return Convert.ToHexStringLower(b);
            case "base64":
            {
                string all = Convert.ToBase64String(b);
                if (all.Length <= 76)
                    return all;
                var sb = new StringBuilder(all.Length + all.Length / 76);
                for (int i = 0; i < all.Length; i += 76)
                {
                    if (i > 0)
                        sb.Append('\n');
                    sb.Append(all, i, Math.Min(76, all.Length - i));
                }
                return sb.ToString();
            }
            case "escape":
            {
                var sb = new StringBuilder(b.Length);
                foreach (byte x in b)
                {
                    if (x == 0 || x >= 0x80)
                        sb.Append('\\').Append(Convert.ToString(x, 8).PadLeft(3, '0'));
                    else if (x == (byte)'\\')
                        sb.Append("\\\\");
                    else
                        sb.Append((char)x);
                }
                return sb.ToString();
            }
            default:
                return Throw.Error<string>(SqlState.InvalidParameterValue, $"unrecognized encoding: \"{format}\"");
        }
    }

    /// <summary>decode(text, format): hex, base64 or escape.</summary>
    public static byte[] Decode(string s, string format) => format.ToLowerInvariant() switch
    {
        "hex" => HexDecode(s),
        "base64" => Base64Decode(s),
        "escape" => EscapeDecode(s),
        _ => Throw.Error<byte[]>(SqlState.InvalidParameterValue, $"unrecognized encoding: \"{format}\""),
    };

    static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r';

    static byte[] HexDecode(ReadOnlySpan<char> s)
    {
        var r = new List<byte>(s.Length / 2);
        int i = 0;
        while (i < s.Length)
        {
            if (IsSpace(s[i]))
            {
                i++;
                continue;
            }
            int hi = HexValue(s, i);
            if (i + 1 >= s.Length)
                Throw.Error(SqlState.InvalidParameterValue, "invalid hexadecimal data: odd number of digits");
            int lo = HexValue(s, i + 1);
            r.Add((byte)((hi << 4) | lo));
            i += 2;
        }
        return [.. r];
    }

    static int HexValue(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        int v = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        if (v < 0)
        {
            string ch = char.IsSurrogatePair(s.ToString(), i) ? s.Slice(i, 2).ToString() : c.ToString();
            Throw.Error(SqlState.InvalidParameterValue, $"invalid hexadecimal digit: \"{ch}\"");
        }
        return v;
    }

    static byte[] EscapeDecode(string s)
    {
        var r = new List<byte>(s.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c != '\\')
            {
                int n = char.IsSurrogatePair(s, i)
                    ? Encoding.UTF8.GetBytes(s.AsSpan(i++, 2), utf8)
                    : Encoding.UTF8.GetBytes(s.AsSpan(i, 1), utf8);
                for (int k = 0; k < n; k++)
                    r.Add(utf8[k]);
                continue;
            }
            if (i + 1 < s.Length && s[i + 1] == '\\')
            {
                r.Add((byte)'\\');
                i++;
            }
            else if (i + 3 < s.Length && s[i + 1] is >= '0' and <= '3' && s[i + 2] is >= '0' and <= '7'
                     && s[i + 3] is >= '0' and <= '7')
            {
                r.Add((byte)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0')));
                i += 3;
            }
            else
            {
                Throw.Error(SqlState.InvalidTextRepresentation, "invalid input syntax for type bytea");
            }
        }
        return [.. r];
    }

    static byte[] Base64Decode(string s)
    {
        var r = new List<byte>(s.Length * 3 / 4);
        int acc = 0;
        int bits = 0;
        int pad = 0;
        int symbols = 0;
        foreach (char c in s)
        {
            if (IsSpace(c))
                continue;
            int v;
            if (c == '=')
            {
                // Padding: only at the end, and only where a group of four can still be completed.
                pad++;
                symbols++;
                continue;
            }
            v = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a' + 26,
                >= '0' and <= '9' => c - '0' + 52,
                '+' => 62,
                '/' => 63,
                _ => -1,
            };
            if (v < 0)
                Throw.Error(SqlState.InvalidParameterValue,
                    $"invalid symbol \"{c}\" found while decoding base64 sequence");
            if (pad > 0)
                Throw.Error(SqlState.InvalidParameterValue, "unexpected \"=\" while decoding base64 sequence");
            symbols++;
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                r.Add((byte)(acc >> bits));
                acc &= (1 << bits) - 1;
            }
        }
        if (symbols % 4 != 0 || pad > 2)
            Throw.Error(SqlState.InvalidParameterValue, "invalid base64 end sequence",
                hint: "Input data is missing padding, is truncated, or is otherwise corrupted.");
        return [.. r];
    }
}
