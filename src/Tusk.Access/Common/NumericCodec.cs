// numeric's stored form (numeric.c, NumericData) ⇄ decimal, without allocating on the writing side. Writes always
// use the short format (a decimal's weight and scale always fit it): uint16 header = 0x8000 | sign 0x2000 |
// dscale << 7 | weight (7 bits, two's complement), then base-10000 digits as int16, no leading or trailing zero
// digits. Reads both the short and the long format (uint16 sign|dscale, int16 weight, digits).
// Entry points: CountDigits, Write, Read.
using System.Buffers.Binary;
using Tusk.Common.Errors;

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
    const int MaxDigits = 10; // a 96-bit mantissa scaled up to a multiple of 4 digits: at most 32 digits

    /// <summary>Number of base-10000 digits the stored form of <paramref name="value"/> has.</summary>
    public static int CountDigits(decimal value)
    {
        Span<short> digits = stackalloc short[MaxDigits];
        return ToDigits(value, digits, out _, out _, out _);
    }

    /// <summary>Writes the short-format payload: 2 + 2 × CountDigits bytes.</summary>
    public static void Write(decimal value, Span<byte> dst)
    {
        Span<short> digits = stackalloc short[MaxDigits];
        int n = ToDigits(value, digits, out int weight, out int dscale, out bool negative);
        int header = Short | (negative ? ShortNegative : 0) | (dscale << ShortDscaleShift)
                     | (weight < 0 ? ShortWeightSign : 0) | (weight & ShortWeightMask);
        BinaryPrimitives.WriteUInt16LittleEndian(dst, (ushort)header);
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(dst[(2 + 2 * i)..], digits[i]);
        }
    }

    /// <summary>
    /// Base-10000 digits, most significant first, without leading or trailing zero digits; weight is the power of
    /// 10000 of the first digit; dscale the decimal's scale (digits shown after the point).
    /// </summary>
    static int ToDigits(decimal value, Span<short> digits, out int weight, out int dscale, out bool negative)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var m = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        dscale = (bits[3] >> 16) & 0xFF;
        negative = bits[3] < 0;
        int pad = (4 - dscale % 4) % 4; // scale the mantissa so that the point falls between digits
        for (int k = 0; k < pad; k++)
        {
            m *= 10;
        }
        int fracDigits = (dscale + pad) / 4;
        Span<short> reversed = stackalloc short[MaxDigits];
        int n = 0;
        while (m != 0)
        {
            reversed[n++] = (short)(ushort)(m % 10000);
            m /= 10000;
        }
        int low = 0;
        while (low < n && reversed[low] == 0)
        {
            low++;
        }
        if (low == n)
        {
            weight = 0;
            negative = false;
            return 0;
        }
        weight = n - 1 - fracDigits;
        int count = n - low;
        for (int j = 0; j < count; j++)
        {
            digits[j] = reversed[n - 1 - j];
        }
        return count;
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
        int n = (src.Length - first) / 2;
        // value = digits as one integer × 10000^(weight - n + 1) = mantissa / 10^dscale
        UInt128 mantissa = 0;
        int shift = 4 * (weight - n + 1) + dscale; // decimal places to move the digit integer left
        for (int i = 0; i < n; i++)
        {
            if (mantissa >> 110 != 0)
            {
                return Throw.Error<decimal>(SqlState.NumericValueOutOfRange, "value overflows numeric format");
            }
            mantissa = mantissa * 10000 + (ushort)BinaryPrimitives.ReadInt16LittleEndian(src[(first + 2 * i)..]);
        }
        for (; shift > 0 && mantissa >> 100 == 0; shift--)
        {
            mantissa *= 10;
        }
        for (; shift < 0; shift++)
        {
            mantissa /= 10; // digits past dscale are zero in a well-formed value
        }
        if (dscale > 28 || shift > 0 || mantissa >> 96 != 0)
        {
            return Throw.Error<decimal>(SqlState.NumericValueOutOfRange, "value overflows numeric format");
        }
        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), negative,
            (byte)dscale);
    }
}
