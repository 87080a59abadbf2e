// numeric's digits (numeric.c NumericVar) ⇄ decimal, shared by the stored form (Tusk.Access NumericCodec) and the
// binary wire format (NumericBinary): base-10000 digits, most significant first, with the weight (power of 10000
// of the first digit), the display scale and the sign. Neither direction allocates.
// Entry points: FromDecimal, ToDecimal.
using System.Buffers.Binary;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

public static class NumericDigits
{
    /// <summary>Most digits a decimal gives: a 96-bit mantissa scaled to a multiple of 4 digits (32 digits).</summary>
    public const int MaxDigits = 10;

    /// <summary>
    /// The digits of <paramref name="value"/> into <paramref name="digits"/> (at least <see cref="MaxDigits"/> long),
    /// without leading or trailing zero digits; returns how many. Zero has none, weight 0 and is not negative.
    /// </summary>
    public static int FromDecimal(decimal value, Span<short> digits, out int weight, out int dscale, out bool negative)
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

    /// <summary>
    /// The decimal whose digits are the int16 values in <paramref name="digitBytes"/> (little- or big-endian), with
    /// its display scale (ERROR 22003 if it does not fit a decimal).
    /// </summary>
    public static decimal ToDecimal(ReadOnlySpan<byte> digitBytes, bool bigEndian, int weight, int dscale, bool negative)
    {
        int n = digitBytes.Length / 2;
        // value = digits as one integer × 10000^(weight - n + 1) = mantissa / 10^dscale
        UInt128 mantissa = 0;
        int shift = 4 * (weight - n + 1) + dscale; // decimal places to move the digit integer left
        for (int i = 0; i < n; i++)
        {
            if (mantissa >> 110 != 0)
            {
                return Throw.Error<decimal>(SqlState.NumericValueOutOfRange, "value overflows numeric format");
            }
            var d = digitBytes[(2 * i)..];
            mantissa = mantissa * 10000
                + (ushort)(bigEndian ? BinaryPrimitives.ReadInt16BigEndian(d) : BinaryPrimitives.ReadInt16LittleEndian(d));
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
