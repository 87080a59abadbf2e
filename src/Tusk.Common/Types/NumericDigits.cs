// numeric's digits (numeric.c NumericVar) as stored int16 values, shared by the stored form (Tusk.Access
// NumericCodec) and the binary wire format (NumericBinary): base-10000 digits, most significant first, with the
// weight (power of 10000 of the first digit), the display scale and the sign. A NumericValue already holds its
// digits in this form, so writing needs no conversion; reading validates each digit (0..9999).
// Entry points: Read.
using System.Buffers.Binary;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

public static class NumericDigits
{
    /// <summary>
    /// The finite value whose digits are the int16 values in <paramref name="digitBytes"/> (little- or big-endian),
    /// with its display scale (ERROR 22P03 on a digit outside 0..9999, 22003 when out of range).
    /// </summary>
    public static NumericValue Read(ReadOnlySpan<byte> digitBytes, bool bigEndian, int weight, int dscale, bool negative)
    {
        int n = digitBytes.Length / 2;
        Span<short> digits = n <= 256 ? stackalloc short[n] : new short[n];
        for (int i = 0; i < n; i++)
        {
            var d = digitBytes[(2 * i)..];
            short v = bigEndian ? BinaryPrimitives.ReadInt16BigEndian(d) : BinaryPrimitives.ReadInt16LittleEndian(d);
            if (v is < 0 or >= 10000)
            {
                Throw.Error(SqlState.InvalidBinaryRepresentation, "invalid digit in external \"numeric\" value");
            }
            digits[i] = v;
        }
        if (dscale is < 0 or > NumericValue.MaxDscale)
        {
            Throw.Error(SqlState.InvalidBinaryRepresentation, "invalid scale in external \"numeric\" value");
        }
        var value = NumericValue.FromDigits(negative, weight, digits, dscale);
        return value.MinScale() > dscale ? value.Round(dscale) : value; // as numeric_recv rounds to the scale
    }
}
