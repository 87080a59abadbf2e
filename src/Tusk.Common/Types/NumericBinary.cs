// numeric's binary send/receive format (numeric.c numeric_send/numeric_recv): int16 ndigits, int16 weight, uint16
// sign (0x0000 +, 0x4000 -, 0xC000 NaN, 0xD000 Infinity, 0xF000 -Infinity), int16 dscale, then base-10000
// digits, all big-endian. Writing copies the value's digits; reading goes through NumericDigits.
using System.Buffers;
using System.Buffers.Binary;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>Converts between <see cref="NumericValue"/> and numeric's binary wire format.</summary>
public static class NumericBinary
{
    const ushort Negative = 0x4000;
    const ushort NaN = 0xC000;
    const ushort PositiveInfinity = 0xD000;
    const ushort NegativeInfinity = 0xF000;

    public static void Write(NumericValue value, IBufferWriter<byte> w)
    {
        var digits = value.Digits;
        int n = digits.Length;
        var span = w.GetSpan(8 + 2 * n);
        ushort sign = value.ValueKind switch
        {
            NumericValue.Kind.NaN => NaN,
            NumericValue.Kind.PositiveInfinity => PositiveInfinity,
            NumericValue.Kind.NegativeInfinity => NegativeInfinity,
            _ => value.IsNegative ? Negative : (ushort)0,
        };
        BinaryPrimitives.WriteInt16BigEndian(span, (short)n);
        BinaryPrimitives.WriteInt16BigEndian(span[2..], (short)value.Weight);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], sign);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], (short)value.Dscale);
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(span[(8 + 2 * i)..], digits[i]);
        }
        w.Advance(8 + 2 * n);
    }

    public static NumericValue Read(ReadOnlySpan<byte> b)
    {
        if (b.Length < 8)
        {
            Throw.Error(SqlState.InvalidBinaryRepresentation, "insufficient data left in message");
        }
        int n = BinaryPrimitives.ReadInt16BigEndian(b);
        int weight = BinaryPrimitives.ReadInt16BigEndian(b[2..]);
        ushort sign = BinaryPrimitives.ReadUInt16BigEndian(b[4..]);
        int dscale = BinaryPrimitives.ReadInt16BigEndian(b[6..]);
        if (n < 0 || b.Length != 8 + 2 * n)
        {
            Throw.Error(SqlState.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter");
        }
        switch (sign)
        {
            case 0:
            case Negative:
                return NumericDigits.Read(b[8..], bigEndian: true, weight, dscale, sign == Negative);
            case NaN:
                return NumericValue.NaN;
            case PositiveInfinity:
                return NumericValue.PositiveInfinity;
            case NegativeInfinity:
                return NumericValue.NegativeInfinity;
            default:
                return Throw.Error<NumericValue>(SqlState.InvalidBinaryRepresentation,
                    "invalid sign in external \"numeric\" value");
        }
    }
}
