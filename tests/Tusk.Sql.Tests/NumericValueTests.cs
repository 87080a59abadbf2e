// NumericValue internals: text round trips and display scales, comparison/hash consistency, exact + - * checked
// against BigInteger arithmetic, division rounding, rounding at any decimal position, integer conversion.
// Behaviour through SQL (against PostgreSQL 15) is in tests/sql/types/numeric*.test.
using System.Globalization;
using System.Numerics;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Xunit;

namespace Tusk.Sql.Tests;

public sealed class NumericValueTests
{
    static NumericValue N(string s) => NumericValue.Parse(s);

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0.00", "0.00")]
    [InlineData("1.50", "1.50")]
    [InlineData(" +12.5e2 ", "1250")]
    [InlineData("1.5e-3", "0.0015")]
    [InlineData(".5", "0.5")]
    [InlineData("000123.4500", "123.4500")]
    [InlineData("12345678901234567890.000000000000000000001", "12345678901234567890.000000000000000000001")]
    [InlineData("-inf", "-Infinity")]
    [InlineData("NAN", "NaN")]
    public void Text_round_trips_keep_the_display_scale(string input, string output) =>
        Assert.Equal(output, N(input).ToString());

    [Theory]
    [InlineData("abc", "22P02")]
    [InlineData("1e", "22P02")]
    [InlineData("1.2.3", "22P02")]
    [InlineData("", "22P02")]
    [InlineData("1e131072", "22003")]
    [InlineData("1e-16384", "22003")]
    public void Bad_input_is_rejected(string input, string sqlState) =>
        Assert.Equal(sqlState, Assert.Throws<PgException>(() => N(input)).SqlState);

    [Fact]
    public void Equal_values_compare_and_hash_alike_whatever_their_scale()
    {
        Assert.Equal(N("1.0"), N("1.00"));
        Assert.Equal(N("1.0").GetHashCode(), N("1.00").GetHashCode());
        Assert.Equal(N("0").GetHashCode(), N("0.000").GetHashCode());
        Assert.True(N("NaN").CompareTo(N("Infinity")) > 0);
        Assert.True(N("-Infinity").CompareTo(N("-1e1000")) < 0);
        Assert.True(N("-2.5").CompareTo(N("-2.4")) < 0);
        Assert.Equal(0, N("NaN").CompareTo(N("nan")));
    }

    static string Plain(BigInteger unscaled, int scale)
    {
        string digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        string s = scale == 0 ? digits : digits[..^scale] + "." + digits[^scale..];
        return (unscaled.Sign < 0 ? "-" : "") + s;
    }

    [Fact]
    public void Add_sub_mul_are_exact()
    {
        var rng = new Random(42);
        for (int i = 0; i < 500; i++)
        {
            var (ua, sa) = (RandomInteger(rng), rng.Next(0, 30));
            var (ub, sb) = (RandomInteger(rng), rng.Next(0, 30));
            var a = N(Plain(ua, sa));
            var b = N(Plain(ub, sb));
            int s = Math.Max(sa, sb);
            var ax = ua * BigInteger.Pow(10, s - sa);
            var bx = ub * BigInteger.Pow(10, s - sb);
            Assert.Equal(Plain(ax + bx, s), NumericValue.Add(a, b).ToString());
            Assert.Equal(Plain(ax - bx, s), NumericValue.Sub(a, b).ToString());
            Assert.Equal(Plain(ua * ub, sa + sb), NumericValue.Mul(a, b).ToString());
        }
    }

    static BigInteger RandomInteger(Random rng)
    {
        var bytes = new byte[rng.Next(1, 20)];
        rng.NextBytes(bytes);
        var v = new BigInteger(bytes);
        return rng.Next(10) == 0 ? BigInteger.Zero : v;
    }

    [Theory]
    [InlineData("1", "3", "0.33333333333333333333")]
    [InlineData("2", "3", "0.66666666666666666667")]
    [InlineData("-2", "3", "-0.66666666666666666667")]
    [InlineData("100000000000.0", "3", "33333333333.33333333")]
    [InlineData("1.0000", "0.0001", "10000.0000000000000000")]
    [InlineData("5", "Infinity", "0")]
    [InlineData("Infinity", "-2", "-Infinity")]
    public void Division_uses_select_div_scale_and_rounds_half_away(string a, string b, string q) =>
        Assert.Equal(q, NumericValue.Div(N(a), N(b)).ToString());

    [Fact]
    public void Division_by_zero_is_an_error()
    {
        Assert.Equal("22012", Assert.Throws<PgException>(() => NumericValue.Div(N("1"), N("0.00"))).SqlState);
        Assert.Equal("22012", Assert.Throws<PgException>(() => NumericValue.Mod(N("1"), N("0"))).SqlState);
        Assert.True(NumericValue.Div(N("NaN"), N("0")).IsNaN);
    }

    [Theory]
    [InlineData("1234.5678", 2, "1234.57", "1234.56")]
    [InlineData("1234.5678", -2, "1200", "1200")]
    [InlineData("-1250", -2, "-1300", "-1200")]
    [InlineData("9999.5", 0, "10000", "9999")]
    [InlineData("0.00005", 4, "0.0001", "0.0000")]
    [InlineData("55555.5", -5, "100000", "0")]
    [InlineData("12.5", 5, "12.50000", "12.50000")]
    [InlineData("99999999.99999", 4, "100000000.0000", "99999999.9999")]
    public void Round_and_trunc_work_at_any_position(string v, int scale, string rounded, string truncated)
    {
        Assert.Equal(rounded, N(v).Round(scale).ToString());
        Assert.Equal(truncated, N(v).Trunc(scale).ToString());
    }

    [Theory]
    [InlineData("2.5", true, 3L)]
    [InlineData("-2.5", true, -3L)]
    [InlineData("9223372036854775807.4", true, long.MaxValue)]
    [InlineData("9223372036854775807.5", false, 0L)]
    [InlineData("-9223372036854775808.4", true, long.MinValue)]
    [InlineData("NaN", false, 0L)]
    public void Conversion_to_long_rounds_half_away(string v, bool ok, long expected)
    {
        Assert.Equal(ok, N(v).TryToInt64(out long l));
        Assert.Equal(expected, l);
    }

    [Theory]
    [InlineData("1.500", 1)]
    [InlineData("100", 0)]
    [InlineData("0.00", 0)]
    [InlineData("0.00012300", 6)]
    public void Min_scale_is_the_shortest_exact_scale(string v, int minScale) =>
        Assert.Equal(minScale, N(v).MinScale());

    [Theory]
    [InlineData(0.1, 15, "0.1")]
    [InlineData(1e20, 15, "100000000000000000000")]
    [InlineData(1.23456789012345678, 15, "1.23456789012346")]
    [InlineData(1.0 / 3, 6, "0.333333")]
    public void Floats_convert_through_their_printed_digits(double d, int digits, string expected) =>
        Assert.Equal(expected, NumericValue.FromDouble(d, digits).ToString());

    [Theory]
    [InlineData("2", "0.5", "1.4142135623730950")]
    [InlineData("2", "10", "1024.0000000000000000")]
    [InlineData("4", "-2", "0.0625000000000000")]
    [InlineData("1.5", "2.5", "2.7556759606310754")]
    public void Power_follows_PostgreSQLs_scales(string a, string b, string expected) =>
        Assert.Equal(expected, NumericValue.Power(N(a), N(b)).ToString());
}
