// numeric's stored form (numeric.c, NumericData) ⇄ NumericValue (digits checked by Common NumericDigits). Writes use
// the short format when the value allows it (dscale ≤ 63, -64 ≤ weight ≤ 63): uint16 header = 0x8000 | sign
// 0x2000 | dscale << 7 | weight (7 bits, two's complement), then base-10000 digits as int16; otherwise the long
// format: uint16 sign (0x4000 negative) | dscale, int16 weight, digits. NaN and ±Infinity are a lone header
// (0xC000, 0xD000, 0xF000). Reads accept all of them. Nothing allocates beyond the value read.
// Entry points: Length, Write, Read.
using System.Buffers.Binary;
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Access.Common;

static class NumericCodec
{
    const ushort Short = 0x8000;
    const ushort ShortNegative = 0x2000;
    const ushort ShortWeightSign = 0x0040;
    const ushort ShortWeightMask = 0x003F;
    const ushort ShortDscaleMask = 0x1F80;
    const int ShortDscaleShift = 7;
    const int ShortDscaleMax = 63;
    const ushort SignMask = 0xC000;
    const ushort Negative = 0x4000;
    const ushort Special = 0xC000;
    const ushort SpecialMask = 0xF000;
    const ushort NaN = 0xC000;
    const ushort PositiveInfinity = 0xD000;
    const ushort NegativeInfinity = 0xF000;

    static bool CanBeShort(NumericValue v) => v.Dscale <= ShortDscaleMax && v.Weight is >= -64 and <= 63;

    /// <summary>Bytes of the stored payload of <paramref name="value"/>.</summary>
    public static int Length(NumericValue value) =>
        !value.IsFinite ? 2 : (CanBeShort(value) ? 2 : 4) + 2 * value.Digits.Length;

    /// <summary>Writes the payload: <see cref="Length"/> bytes.</summary>
    public static void Write(NumericValue value, Span<byte> dst)
    {
        if (!value.IsFinite)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(dst, value.ValueKind switch
            {
                NumericValue.Kind.NaN => NaN,
                NumericValue.Kind.PositiveInfinity => PositiveInfinity,
                _ => NegativeInfinity,
            });
            return;
        }
        int weight = value.Weight;
        int first;
        if (CanBeShort(value))
        {
            int header = Short | (value.IsNegative ? ShortNegative : 0) | (value.Dscale << ShortDscaleShift)
                         | (weight < 0 ? ShortWeightSign : 0) | (weight & ShortWeightMask);
            BinaryPrimitives.WriteUInt16LittleEndian(dst, (ushort)header);
            first = 2;
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(dst, (ushort)((value.IsNegative ? Negative : 0) | value.Dscale));
            BinaryPrimitives.WriteInt16LittleEndian(dst[2..], (short)weight);
            first = 4;
        }
        var digits = value.Digits;
        for (int i = 0; i < digits.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(dst[(first + 2 * i)..], digits[i]);
        }
    }

    /// <summary>The value a stored numeric payload holds.</summary>
    public static NumericValue Read(ReadOnlySpan<byte> src)
    {
        ushort header = BinaryPrimitives.ReadUInt16LittleEndian(src);
        int weight, dscale, first;
        bool negative;
        if ((header & SignMask) == Special)
        {
            return (header & SpecialMask) switch
            {
                NaN => NumericValue.NaN,
                PositiveInfinity => NumericValue.PositiveInfinity,
                NegativeInfinity => NumericValue.NegativeInfinity,
                _ => Throw.Error<NumericValue>(SqlState.DataCorrupted, "invalid numeric header"),
            };
        }
        if ((header & Short) != 0)
        {
            negative = (header & ShortNegative) != 0;
            dscale = (header & ShortDscaleMask) >> ShortDscaleShift;
            weight = (header & ShortWeightSign) != 0 ? (header & ShortWeightMask) | ~ShortWeightMask : header & ShortWeightMask;
            first = 2;
        }
        else
        {
            negative = (header & SignMask) == Negative;
            dscale = header & 0x3FFF;
            weight = BinaryPrimitives.ReadInt16LittleEndian(src[2..]);
            first = 4;
        }
        return NumericDigits.Read(src[first..], bigEndian: false, weight, dscale, negative);
    }
}
