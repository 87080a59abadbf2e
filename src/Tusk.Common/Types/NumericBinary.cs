// numeric's binary send/receive format (numeric.c numeric_send/numeric_recv): int16 ndigits, int16 weight, uint16
// sign, int16 dscale, then base-10000 digits, all big-endian. The digits come from NumericDigits; nothing allocates.
using System.Buffers;
using System.Buffers.Binary;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>Converts between <see cref="decimal"/> and numeric's binary wire format.</summary>
public static class NumericBinary
{
    public static void Write(decimal value, IBufferWriter<byte> w)
    {
        Span<short> digits = stackalloc short[NumericDigits.MaxDigits];
        int n = NumericDigits.FromDecimal(value, digits, out int weight, out int dscale, out bool negative);
        var span = w.GetSpan(8 + 2 * n);
        BinaryPrimitives.WriteInt16BigEndian(span, (short)n);
        BinaryPrimitives.WriteInt16BigEndian(span[2..], (short)weight);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], negative ? (ushort)0x4000 : (ushort)0);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], (short)dscale);
        for (int i = 0; i < n; i++)
            BinaryPrimitives.WriteInt16BigEndian(span[(8 + 2 * i)..], digits[i]);
        w.Advance(8 + 2 * n);
    }

    public static decimal Read(ReadOnlySpan<byte> b)
    {
        if (b.Length < 8)
            Throw.Error(SqlState.InvalidBinaryRepresentation, "insufficient data left in message");
        int n = BinaryPrimitives.ReadInt16BigEndian(b);
        int weight = BinaryPrimitives.ReadInt16BigEndian(b[2..]);
        ushort sign = BinaryPrimitives.ReadUInt16BigEndian(b[4..]);
        int dscale = BinaryPrimitives.ReadInt16BigEndian(b[6..]);
        if (b.Length != 8 + 2 * n)
            Throw.Error(SqlState.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter");
        if (sign == 0xC000)
            Throw.Error(SqlState.FeatureNotSupported, "numeric NaN is not supported yet");
        return NumericDigits.ToDecimal(b[8..], bigEndian: true, weight, dscale, sign == 0x4000);
    }
}
