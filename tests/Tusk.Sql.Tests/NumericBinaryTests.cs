// numeric's binary wire format: PostgreSQL's bytes for a value, and round trips that keep the value and its scale.
using System.Buffers;
using Tusk.Common.Types;
using Xunit;

namespace Tusk.Sql.Tests;

public sealed class NumericBinaryTests
{
    static byte[] Send(string value)
    {
        var w = new ArrayBufferWriter<byte>();
        NumericBinary.Write(NumericValue.Parse(value), w);
        return w.WrittenSpan.ToArray();
    }

    [Fact]
    public void Writes_PostgreSQLs_send_format()
    {
        // ndigits 2, weight 0, sign +, dscale 2, digits 1 and 5000 (numeric_send of 1.50).
        Assert.Equal("0002000000000002" + "00011388", Convert.ToHexString(Send("1.50")));
        // -0.0001: one digit 1 at weight -1, dscale 4, negative.
        Assert.Equal("0001FFFF40000004" + "0001", Convert.ToHexString(Send("-0.0001")));
        // Zero keeps its scale and has no digits.
        Assert.Equal("0000000000000002", Convert.ToHexString(Send("0.00")));
        Assert.Equal("00000000C0000000", Convert.ToHexString(Send("NaN")));
        Assert.Equal("00000000D0000000", Convert.ToHexString(Send("Infinity")));
        Assert.Equal("00000000F0000000", Convert.ToHexString(Send("-Infinity")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.50")]
    [InlineData("-1234.5678")]
    [InlineData("10000")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001")]
    [InlineData("123456789012345678901234567890123456789012345678901234567890.000000000000000000000000000000001")]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    public void Round_trips_keep_value_and_scale(string text)
    {
        var back = NumericBinary.Read(Send(text));
        Assert.Equal(text, back.ToString());
    }

    [Fact]
    public void Digits_past_the_scale_are_rounded_and_bad_digits_rejected()
    {
        // 1.2345 sent with dscale 2 reads as 1.23 (numeric_recv rounds to the scale).
        Assert.Equal("1.23", NumericBinary.Read(Convert.FromHexString("00020000000000020001" + "0929")).ToString());
        var e = Assert.Throws<Tusk.Common.Errors.PgException>(
            () => NumericBinary.Read(Convert.FromHexString("0001000000000000" + "2710")));
        Assert.Equal("22P03", e.SqlState);
    }
}
