// numeric's stored form (numeric.c, NumericData) ⇄ decimal, without allocating (digits: Common NumericDigits). Writes always
// use the short format (a decimal's weight and scale always fit it): uint16 header = 0x8000 | sign 0x2000 |
// dscale << 7 | weight (7 bits, two's complement), then base-10000 digits as int16, no leading or trailing zero
// digits. Reads both the short and the long format (uint16 sign|dscale, int16 weight, digits).
// Entry points: CountDigits, Write, Read.
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
    const ushort SignMask = 0xC000;
    const ushort Negative = 0x4000;
    const ushort Special = 0xC000;

    /// <summary>Number of base-10000 digits the stored form of <paramref name="value"/> has.</summary>
    public static int CountDigits(decimal value)
    {
        Span<short> digits = stackalloc short[NumericDigits.MaxDigits];
        return NumericDigits.FromDecimal(value, digits, out _, out _, out _);
    }

    /// <summary>Writes the short-format payload: 2 + 2 × CountDigits bytes.</summary>
    public static void Write(decimal value, Span<byte> dst)
    {
        Span<short> digits = stackalloc short[NumericDigits.MaxDigits];
        int n = NumericDigits.FromDecimal(value, digits, out int weight, out int dscale, out bool negative);
        int header = Short | (negative ? ShortNegative : 0) | (dscale << ShortDscaleShift)
                     | (weight < 0 ? ShortWeightSign : 0) | (weight & ShortWeightMask);
        BinaryPrimitives.WriteUInt16LittleEndian(dst, (ushort)header);
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(dst[(2 + 2 * i)..], digits[i]);
        }
    }

    /// <summary>The decimal a stored numeric payload holds (ERROR 22003 if it does not fit a decimal).</summary>
    public static decimal Read(ReadOnlySpan<byte> src)
    {
        ushort header = BinaryPrimitives.ReadUInt16LittleEndian(src);
        int weight, dscale, first;
        bool negative;
        if ((header & SignMask) == Special)
        {
            return Throw.Error<decimal>(SqlState.FeatureNotSupported, "numeric NaN and infinity are not supported yet");
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
        return NumericDigits.ToDecimal(src[first..], bigEndian: false, weight, dscale, negative);
    }
}
