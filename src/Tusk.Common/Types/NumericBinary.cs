// numeric's binary send/receive format: ndigits, weight, sign, dscale, then base-10000 digits (numeric.c).
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>Converts between <see cref="decimal"/> and numeric's binary wire format.</summary>
public static class NumericBinary
{
    public static void Write(decimal value, IBufferWriter<byte> w)
    {
        string s = value.ToString(CultureInfo.InvariantCulture);
        bool negative = s.StartsWith('-');
        if (negative)
            s = s[1..];
        int dot = s.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot < 0 ? s : s[..dot];
        string fracPart = dot < 0 ? "" : s[(dot + 1)..];
        int dscale = fracPart.Length;
        intPart = intPart.TrimStart('0');
        // Pad to groups of four around the decimal point.
        int intPad = (4 - intPart.Length % 4) % 4;
        intPart = new string('0', intPad) + intPart;
        int fracPad = (4 - fracPart.Length % 4) % 4;
        fracPart += new string('0', fracPad);
        var digits = new List<short>();
        for (int i = 0; i < intPart.Length; i += 4)
            digits.Add(short.Parse(intPart.AsSpan(i, 4), CultureInfo.InvariantCulture));
        int weight = digits.Count - 1;
        for (int i = 0; i < fracPart.Length; i += 4)
            digits.Add(short.Parse(fracPart.AsSpan(i, 4), CultureInfo.InvariantCulture));
        // Strip leading zero groups (adjusting weight) and trailing zero groups.
        int lead = 0;
        while (lead < digits.Count && digits[lead] == 0)
        {
            lead++;
            weight--;
        }
        int end = digits.Count;
        while (end > lead && digits[end - 1] == 0)
            end--;
        int n = end - lead;
        if (n == 0)
            weight = 0;
        var span = w.GetSpan(8 + 2 * n);
        BinaryPrimitives.WriteInt16BigEndian(span, (short)n);
        BinaryPrimitives.WriteInt16BigEndian(span[2..], (short)weight);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], negative && n > 0 ? (ushort)0x4000 : (ushort)0);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], (short)dscale);
        for (int i = 0; i < n; i++)
            BinaryPrimitives.WriteInt16BigEndian(span[(8 + 2 * i)..], digits[lead + i]);
        w.Advance(8 + 2 * n);
    }

    public static decimal Read(ReadOnlySpan<byte> b)
    {
        if (b.Length < 8)
            Throw.Error(SqlState.InvalidBinaryRepresentation, "insufficient data left in message");
        int n = BinaryPrimitives.ReadInt16BigEndian(b);
        int weight = BinaryPrimitives.ReadInt16BigEndian(b[2..]);
        ushort sign = BinaryPrimitives.ReadUInt16BigEndian(b[4..]);
        if (b.Length != 8 + 2 * n)
            Throw.Error(SqlState.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter");
        if (sign == 0xC000)
            Throw.Error(SqlState.FeatureNotSupported, "numeric NaN is not supported yet");
        decimal result = 0;
        try
        {
            for (int i = 0; i < n; i++)
            {
                decimal d = BinaryPrimitives.ReadInt16BigEndian(b[(8 + 2 * i)..]);
                int power = weight - i;
                decimal scale = 1;
                if (power >= 0)
                    for (int k = 0; k < power; k++)
                        scale *= 10000;
                else
                    for (int k = 0; k < -power; k++)
                        scale /= 10000;
                result += d * scale;
            }
        }
        catch (OverflowException)
        {
            Throw.Error(SqlState.NumericValueOutOfRange, "value overflows numeric format");
        }
        return sign == 0x4000 ? -result : result;
    }
}
