// Arrays in the row format against PostgreSQL 15's bytes: the expected data areas are the t_data of the same rows
// on a PostgreSQL 15 server (pageinspect's heap_page_items), for a table
// (a int[], b text[], c numeric[], d int8[], e bool[], f int2[]): null bitmaps, 4-byte element headers, the
// MAXALIGNed data offset, 8-aligned int8 elements, empty arrays, explicit lower bounds, and 4-byte varlena headers
// for arrays over 126 bytes. Also the round trip back to the same ArrayValues.
using Tusk.Access.Common;
using Tusk.Common.Types;

namespace Tusk.Access.Tests.Common;

public sealed class ArrayCodecTests
{
    static readonly uint[] Types =
        [TypeOid.Int4Array, TypeOid.TextArray, TypeOid.NumericArray, TypeOid.Int8Array, TypeOid.BoolArray, TypeOid.Int2Array];

    static TupleDesc Desc() => TupleDesc.Create(Types.Select((t, i) => ($"c{i}", t, -1)).ToList());

    static Datum[] Row(params string?[] texts) => texts.Select((s, i) => s == null
        ? Datum.Null(Types[i])
        : TypeIO.FromText(s, Types[i], OutputContext.Default)).ToArray();

    public static TheoryData<string?[], string> Rows() => new()
    {
        {
            ["{1,2,NULL}", "{\"hello\",\"\",NULL,\"a b\"}", "{1.5,NULL,-2}", "{{1,2},{3,4}}", "{t,f}", "{1,2,3}"],
            "4b0100000020000000170000000300000001000000030000000000000001000000020000006b01000000200000001900000004000000010000000b000000000000002400000068656c6c6f000000100000001c00000061206200630100000020000000a4060000030000000100000005000000000000002800000080800100881300002000000000a002007b0200000000000000140000000200000002000000010000000100000001000000000000000200000000000000030000000000000004000000000000002f01000000000000001000000002000000010000000100370100000000000000150000000300000001000000010002000300"
        },
        {
            ["{}", "[0:1]={x,yy}", null, "{NULL}", "{}", null],
            "1b0000000000000000170000004b0100000000000000190000000200000000000000140000007800000018000000797900003b010000002000000014000000010000000100000000000000000000001b000000000000000010000000"
        },
        {
            ["{" + string.Join(',', Enumerable.Range(1, 40)) + "}",
             "{" + string.Join(',', Enumerable.Range(1, 12).Select(n => new string('z', n))) + "}", null, null, null, null],
            "e002000001000000000000001700000028000000010000000100000002000000030000000400000005000000060000000700000008000000090000000a0000000b0000000c0000000d0000000e0000000f000000100000001100000012000000130000001400000015000000160000001700000018000000190000001a0000001b0000001c0000001d0000001e0000001f000000200000002100000022000000230000002400000025000000260000002700000028000000a00200000100000000000000190000000c00000001000000140000007a000000180000007a7a00001c0000007a7a7a00200000007a7a7a7a240000007a7a7a7a7a000000280000007a7a7a7a7a7a00002c0000007a7a7a7a7a7a7a00300000007a7a7a7a7a7a7a7a340000007a7a7a7a7a7a7a7a7a000000380000007a7a7a7a7a7a7a7a7a7a00003c0000007a7a7a7a7a7a7a7a7a7a7a00400000007a7a7a7a7a7a7a7a7a7a7a7a"
        },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Arrays_are_stored_as_PostgreSQL_stores_them(string?[] texts, string expected)
    {
        var desc = Desc();
        var row = Row(texts);
        var tuple = HeapTuple.Form(desc, row);
        Assert.Equal(expected, Convert.ToHexStringLower(tuple[tuple[26]..]));

        var values = new Datum[desc.Count];
        HeapTuple.Deform(tuple, desc, values);
        for (int i = 0; i < values.Length; i++)
        {
            var back = HeapTuple.Materialize(tuple, values[i]);
            Assert.Equal(row[i].IsNull, back.IsNull);
            if (!back.IsNull)
            {
                Assert.Equal(row[i].Type, back.Type);
                Assert.Equal(TypeIO.ToText(row[i], OutputContext.Default), TypeIO.ToText(back, OutputContext.Default));
            }
        }
    }
}
