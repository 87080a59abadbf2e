// Binary wire formats of the geometric and range types: PostgreSQL's bytes (point_send, path_send, box_send,
// poly_send, range_send) and round trips through the receive side.
using System.Buffers;
using Tusk.Common.Types;
using Xunit;

namespace Tusk.Sql.Tests;

public sealed class GeoRangeBinaryTests
{
    static string Send(uint type, string text)
    {
        var w = new ArrayBufferWriter<byte>();
        TypeIO.WriteBinary(TypeIO.FromText(text, type, OutputContext.Default), w);
        return Convert.ToHexString(w.WrittenSpan).ToLowerInvariant();
    }

    [Theory]
    [InlineData(TypeOid.Point, "(1,2)", "3ff00000000000004000000000000000")]
    [InlineData(TypeOid.Path, "[(1,2),(3,4)]", "00000000023ff0000000000000400000000000000040080000000000004010000000000000")]
    [InlineData(TypeOid.Path, "((1,2))", "01000000013ff00000000000004000000000000000")]
    [InlineData(TypeOid.Box, "(0,0),(1,1)", "3ff00000000000003ff000000000000000000000000000000000000000000000")]
    [InlineData(TypeOid.Polygon, "((0,0),(1,1))", "00000002000000000000000000000000000000003ff00000000000003ff0000000000000")]
    [InlineData(TypeOid.Int4Range, "[1,5)", "0200000004000000010000000400000005")]
    [InlineData(TypeOid.Int4Range, "empty", "01")]
    [InlineData(TypeOid.NumRange, "(,5.5]", "0c0000000c000200000000000100051388")]
    public void Writes_PostgreSQLs_send_format(uint type, string text, string hex) => Assert.Equal(hex, Send(type, text));

    [Theory]
    [InlineData(TypeOid.Point, "(1e-300,-Infinity)")]
    [InlineData(TypeOid.Path, "[(1,2),(3,4),(5,6)]")]
    [InlineData(TypeOid.Circle, "<(1,2),3>")]
    [InlineData(TypeOid.Lseg, "[(1,2),(3,4)]")]
    [InlineData(TypeOid.Line, "{1,-1,0}")]
    [InlineData(TypeOid.DateRange, "[2020-01-01,2020-02-02)")]
    [InlineData(TypeOid.TsRange, "[\"2020-01-01 10:00:00\",)")]
    public void Round_trips(uint type, string text)
    {
        var v = TypeIO.FromText(text, type, OutputContext.Default);
        var w = new ArrayBufferWriter<byte>();
        TypeIO.WriteBinary(v, w);
        var back = TypeIO.FromBinary(w.WrittenSpan, type);
        Assert.Equal(text, TypeIO.ToText(back, OutputContext.Default));
    }

    [Fact]
    public void Canonical_discrete_ranges_have_equal_bytes()
    {
        var a = TypeIO.FromText("[1,4]", TypeOid.Int4Range, OutputContext.Default);
        var b = TypeIO.FromText("(0,5)", TypeOid.Int4Range, OutputContext.Default);
        Assert.Equal((byte[])a.Ref!, (byte[])b.Ref!);
        Assert.Equal(0, RangeIO.Compare(a, b));
    }
}
