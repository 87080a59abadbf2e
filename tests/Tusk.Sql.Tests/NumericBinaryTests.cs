// numeric's binary wire format: PostgreSQL's bytes for a value, and round trips that keep the value and its scale.
using System.Buffers;
using Tusk.Common.Types;
using Xunit;

namespace Tusk.Sql.Tests;

public sealed class NumericBinaryTests
{
    static byte[] Send(decimal value)
    {
        var w = new ArrayBufferWriter<byte>();
        NumericBinary.Write(value, w);
        return w.WrittenSpan.ToArray();
    }

    [Fact]
    public void Writes_PostgreSQLs_send_format()
    {
        // ndigits 2, weight 0, sign +, dscale 2, digits 1 and 5000 (numeric_send of 1.50).
        Assert.Equal("0002000000000002" + "00011388", Convert.ToHexString(Send(1.50m)));
        // -0.0001: one digit 1 at weight -1, dscale 4, negative.
        Assert.Equal("0001FFFF40000004" + "0001", Convert.ToHexString(Send(-0.0001m)));
        // Zero keeps its scale and has no digits.
        Assert.Equal("0000000000000002", Convert.ToHexString(Send(0.00m)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.50")]
    [InlineData("-1234.5678")]
    [InlineData("10000")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001")]
    public void Round_trips_keep_value_and_scale(string text)
    {
        decimal value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        decimal back = NumericBinary.Read(Send(value));
        Assert.Equal(value, back);
        Assert.Equal(value.Scale, back.Scale);
    }
}
