// Heap tuple forming and deforming against PostgreSQL's own bytes: the data areas expected here were read from the
// heap files of a PostgreSQL 15 server (x86-64) holding the same rows (INSERT, CHECKPOINT, line pointers followed
// to each tuple, bytes from t_hoff on). PostgreSQL's header is 23 bytes and Tusk's 27 (separate Cmin/Cmax), so
// Hoff differs; the data area, the bitmap and HasNulls/HasVarWidth must not. Also round trips of every type with
// NULLs in every position, short and 4-byte varlena headers, attributes added after the tuple was written,
// cached offsets, and the single-attribute fast path.
using Tusk.Access.Common;
using Tusk.Access.Heap;
using Tusk.Common.Types;

namespace Tusk.Access.Tests.Common;

public sealed class HeapTupleTests
{
    static TupleDesc Desc(params uint[] types) =>
        TupleDesc.Create(types.Select((t, i) => ($"c{i}", t, -1)).ToList());

    static byte[] DataArea(byte[] tuple) => tuple[tuple[26]..];

    static HeapTupleHeader Header(byte[] tuple) =>
        System.Runtime.InteropServices.MemoryMarshal.Read<HeapTupleHeader>(tuple);

    static Datum Text(string s) => Datum.FromText(s);

    /// <summary>Every value deformed and materialized, as (type, payload) for comparison.</summary>
    static Datum[] ReadBack(byte[] tuple, TupleDesc desc)
    {
        var values = new Datum[desc.Count];
        HeapTuple.Deform(tuple, desc, values);
        for (int i = 0; i < values.Length; i++)
        {
            var one = HeapTuple.GetAttr(tuple, desc, i);
            Assert.Equal(values[i].IsNull, one.IsNull);
            Assert.Equal(values[i].Int, one.Int);
            values[i] = HeapTuple.Materialize(tuple, values[i]);
        }
        return values;
    }

    static void AssertSame(Datum expected, Datum actual)
    {
        Assert.Equal(expected.IsNull, actual.IsNull);
        if (expected.IsNull)
        {
            return;
        }
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Int, actual.Int);
        Assert.Equal(expected.Float, actual.Float);
        if (expected.Ref is byte[] b)
        {
            Assert.Equal(b, (byte[])actual.Ref!);
        }
        else
        {
            Assert.Equal(expected.Ref, actual.Ref);
        }
    }

    static readonly uint[] MixedTypes = [TypeOid.Int2, TypeOid.Int8, TypeOid.Bool, TypeOid.Text, TypeOid.Int4];

    [Theory]
    // (1, 2, true, 'hello', 3): int2 at 0, int8 padded to 8, bool at 16, short text at 17 unaligned, int4 at 24.
    [InlineData(false, "01000000000000000200000000000000010d68656c6c6f0003000000")]
    // (-1, -2, false, '', -3): an empty text is one header byte.
    [InlineData(true, "ffff000000000000feffffffffffffff00030000fdffffff")]
    public void Alignment_padding_matches_PostgreSQL(bool negative, string expected)
    {
        var desc = Desc(MixedTypes);
        Datum[] row = negative
            ? [Datum.FromInt2(-1), Datum.FromInt8(-2), Datum.FromBool(false), Text(""), Datum.FromInt4(-3)]
            : [Datum.FromInt2(1), Datum.FromInt8(2), Datum.FromBool(true), Text("hello"), Datum.FromInt4(3)];
        var tuple = HeapTuple.Form(desc, row);
        var h = Header(tuple);
        Assert.Equal(32, h.Hoff);
        Assert.Equal(5, h.Natts);
        Assert.Equal(InfoMask.HasVarWidth, h.Infomask);
        Assert.Equal(Convert.FromHexString(expected), DataArea(tuple));
        Assert.Equal(tuple.Length, HeapTuple.ComputeSize(desc, row));
        var back = ReadBack(tuple, desc);
        for (int i = 0; i < row.Length; i++)
        {
            AssertSame(row[i], back[i]);
        }
    }

    [Fact]
    public void Nulls_set_the_bitmap_and_a_long_text_gets_an_aligned_4_byte_header()
    {
        var desc = Desc(MixedTypes);
        string x127 = new('x', 127);
        Datum[] row = [Datum.Null(TypeOid.Int2), Datum.FromInt8(2), Datum.Null(TypeOid.Bool), Text(x127), Datum.FromInt4(3)];
        var tuple = HeapTuple.Form(desc, row);
        var h = Header(tuple);
        Assert.Equal(InfoMask.HasNulls | InfoMask.HasVarWidth, h.Infomask);
        Assert.Equal(0x1a, tuple[HeapTupleHeader.Size]); // PostgreSQL's bitmap byte: attributes 2, 4, 5 present
        Assert.Equal(32, h.Hoff); // 27 + 1 bitmap byte, padded to 8
        string expected = "02000000000000000c020000" + Convert.ToHexStringLower(new byte[127].Select(_ => (byte)'x').ToArray())
                          + "0003000000";
        Assert.Equal(expected, Convert.ToHexStringLower(DataArea(tuple)));
        var back = ReadBack(tuple, desc);
        for (int i = 0; i < row.Length; i++)
        {
            AssertSame(row[i], back[i]);
        }

        // All NULL: no data, HasNulls only (PostgreSQL's infomask 0x0801 without its XmaxInvalid).
        Datum[] nulls = [.. MixedTypes.Select(Datum.Null)];
        var empty = HeapTuple.Form(desc, nulls);
        Assert.Equal(InfoMask.HasNulls, Header(empty).Infomask);
        Assert.Empty(DataArea(empty));
        Assert.Equal(0, empty[HeapTupleHeader.Size]);
        Assert.All(ReadBack(empty, desc), d => Assert.True(d.IsNull));
    }

    [Theory]
    [InlineData(126, "07000000ff")] // 127 bytes with its header: the largest short varlena
    [InlineData(127, "080000000c020000")] // 4-byte header: (127 + 4) << 2
    public void Varlena_header_is_short_up_to_126_bytes_of_payload(int length, string prefix)
    {
        var desc = Desc(TypeOid.Int4, TypeOid.Text);
        var s = new string(length == 126 ? 'a' : 'b', length);
        Datum[] row = [Datum.FromInt4(length == 126 ? 7 : 8), Text(s)];
        var data = DataArea(HeapTuple.Form(desc, row));
        Assert.Equal(prefix, Convert.ToHexStringLower(data)[..prefix.Length]);
        Assert.Equal(prefix.Length / 2 + length, data.Length);
        var tuple = HeapTuple.Form(desc, row);
        var values = new Datum[2];
        HeapTuple.Deform(tuple, desc, values);
        Assert.True(values[1].IsInTuple);
        Assert.Equal(length, values[1].TupleLength);
        Assert.True(HeapTuple.GetBytes(tuple, values[1]).SequenceEqual(System.Text.Encoding.UTF8.GetBytes(s)));
    }

    static readonly uint[] AllTypes =
    [
        TypeOid.Bool, TypeOid.Int2, TypeOid.Int4, TypeOid.Int8, TypeOid.Float4, TypeOid.Float8, TypeOid.Numeric,
        TypeOid.Text, TypeOid.Varchar, TypeOid.Bpchar, TypeOid.Bytea, TypeOid.Date, TypeOid.Time, TypeOid.Timestamp,
        TypeOid.TimestampTz, TypeOid.Interval, TypeOid.Uuid, TypeOid.Json, TypeOid.Name, TypeOid.Oid,
    ];

    /// <summary>The row of PostgreSQL's table t3 (one column per type above), in the executor's representation.</summary>
    static Datum[] AllTypesRow() =>
    [
        Datum.FromBool(true), Datum.FromInt2(2), Datum.FromInt4(3), Datum.FromInt8(4), Datum.FromFloat4(1.5f),
        Datum.FromFloat8(2.25), Datum.FromNumeric(1.50m), Text("txt"), Datum.FromText("vc", TypeOid.Varchar),
        Datum.FromText("ab   ", TypeOid.Bpchar), Datum.FromBytes([1, 2, 0xff]), Datum.FromDate(8825),
        Datum.FromTime(45_296_789_000), Datum.FromTimestamp(TypeIO.ToPgMicros(new DateTime(2024, 2, 29, 12, 34, 56, 500, DateTimeKind.Utc))),
        Datum.FromTimestampTz(1_000_000), Datum.FromInterval(new Interval(14, 3, 14_706_000_000)),
        Datum.FromText("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", TypeOid.Uuid), Datum.FromText("{\"k\": 1}", TypeOid.Json),
        Datum.FromText("nm", TypeOid.Name), Datum.FromOid(4242),
    ];

    [Fact]
    public void Every_type_is_laid_out_as_PostgreSQL_does()
    {
        // INSERT INTO t3 VALUES (true, 2, 3, 4, 1.5, 2.25, 1.50, 'txt', 'vc', 'ab', '\x0102ff', '2024-02-29',
        // '12:34:56.789', '2024-02-29 12:34:56.5', '2000-01-01 00:00:01+00', '1 year 2 mons 3 days 04:05:06',
        // 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"k": 1}', 'nm', 4242) with timezone UTC.
        const string expected =
            "010002000300000004000000000000000000c03f0000000000000000000002400f008101008813097478740776630d616220" +
            "2020090102ff79220000000000000826e68b0a000000201d6e4183b5020040420f000000000080c08b6c0300000003000000" +
            "0e000000a0eebc999c0b4ef8bb6d6bb9bd380a11137b226b223a20317d6e6d00000000000000000000000000000000000000" +
            "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000092100000";
        var desc = Desc(AllTypes);
        var row = AllTypesRow();
        var tuple = HeapTuple.Form(desc, row);
        Assert.Equal(expected, Convert.ToHexStringLower(DataArea(tuple)));
        var back = ReadBack(tuple, desc);
        for (int i = 0; i < row.Length; i++)
        {
            AssertSame(row[i], back[i]);
        }
    }

    [Fact]
    public void Interval_and_timetz_are_stored_as_PostgreSQL_does()
    {
        // '1 year 2 mons 3 days 04:05:06'::interval and '10:00:00.5+02'::timetz: int8 time, then int4 days and
        // months / int4 zone in seconds west of UTC.
        var desc = Desc(TypeOid.Interval, TypeOid.TimeTz);
        Datum[] row = [Datum.FromInterval(new Interval(14, 3, 14_706_000_000)), Datum.FromTimeTz(36_000_500_000, 7200)];
        var tuple = HeapTuple.Form(desc, row);
        Assert.Equal("80c08b6c03000000030000000e000000" + "2009cc6108000000e0e3ffff",
            Convert.ToHexStringLower(DataArea(tuple)));
        var back = ReadBack(tuple, desc);
        AssertSame(row[0], back[0]);
        AssertSame(row[1], back[1]);
    }

    [Theory]
    [InlineData("0", "070080")]
    [InlineData("-123456.789", "1381a10c00800dd21e")]
    [InlineData("0.0001", "0b7f820100")]
    [InlineData("100000000000000000000", "0b05800100")]
    [InlineData("1.50", "0f008101008813")]
    [InlineData("79228162514264337593543950335", "27078007000c2459069205f1102f172b114f01")]
    [InlineData("0.0000000000000000000000000001", "0b798e0100")]
    [InlineData("NaN", "0700c0")]
    [InlineData("Infinity", "0700d0")]
    [InlineData("-Infinity", "0700f0")]
    // Weight 75 and dscale 64 are beyond the short format: uint16 sign|dscale, int16 weight, digits.
    [InlineData("1" + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
        + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
        "0f00004b000100")]
    [InlineData("0.1000000000000000000000000000000000000000000000000000000000000000", "0f4000ffffe803")]
    public void Numeric_is_stored_in_PostgreSQLs_format(string value, string expected)
    {
        var desc = Desc(TypeOid.Numeric);
        var m = NumericValue.Parse(value);
        var tuple = HeapTuple.Form(desc, [Datum.FromNumeric(m)]);
        Assert.Equal(expected, Convert.ToHexStringLower(DataArea(tuple)));
        var back = ReadBack(tuple, desc)[0].Numeric;
        Assert.Equal(value, back.ToString()); // value and dscale survive: 1.50 stays 1.50
    }

    [Fact]
    public void Numeric_in_the_long_format_is_read()
    {
        // -12.5 as PostgreSQL's long format (older tuples, or weights out of the short range): 4-byte varlena
        // header, sign|dscale = 0x4001, weight 0, digits 12, 5000.
        var tuple = HeapTuple.Form(Desc(TypeOid.Bytea), [Datum.FromBytes(Convert.FromHexString("014000000c008813"))]);
        var asNumeric = Desc(TypeOid.Numeric);
        Assert.Equal("-12.5", ReadBack(tuple, asNumeric)[0].Numeric.ToString());
    }

    [Fact]
    public void Every_type_round_trips_with_NULLs_in_every_position()
    {
        var desc = Desc(AllTypes);
        var full = AllTypesRow();
        var rnd = new Random(7);
        var patterns = Enumerable.Range(0, AllTypes.Length).Select(i => 1L << i).Concat(Enumerable.Range(0, 200)
            .Select(_ => rnd.NextInt64(1L << AllTypes.Length))).Append((1L << AllTypes.Length) - 1);
        foreach (long nulls in patterns)
        {
            var row = full.Select((d, i) => (nulls & (1L << i)) != 0 ? Datum.Null(d.Type) : d).ToArray();
            var tuple = HeapTuple.Form(desc, row);
            Assert.Equal(nulls != 0, Header(tuple).Has(InfoMask.HasNulls));
            Assert.Equal(0, tuple[26] % 8);
            var back = ReadBack(tuple, desc);
            for (int i = 0; i < row.Length; i++)
            {
                AssertSame(row[i], back[i]);
            }
        }
    }

    [Fact]
    public void Attributes_the_tuple_does_not_have_read_as_NULL()
    {
        var old = Desc(TypeOid.Int4, TypeOid.Text);
        var tuple = HeapTuple.Form(old, [Datum.FromInt4(1), Text("a")]);
        var wider = old.AddColumn("added", TypeOid.Int8).AddColumn("added2", TypeOid.Text);
        var back = ReadBack(tuple, wider);
        Assert.Equal(1, back[0].Int);
        Assert.Equal("a", back[1].Text);
        Assert.True(back[2].IsNull);
        Assert.True(back[3].IsNull);
        Assert.Equal(2, Header(tuple).Natts);

        // A dropped attribute keeps its place: older tuples still hold its bytes, new ones store NULL there.
        var dropped = wider.DropColumn(1);
        var after = ReadBack(tuple, dropped);
        Assert.True(after[1].IsNull);
        Assert.Equal(1, after[0].Int);
        var newer = HeapTuple.Form(dropped, [Datum.FromInt4(2), Text("gone"), Datum.FromInt8(3), Text("b")]);
        Assert.True(Header(newer).Has(InfoMask.HasNulls));
        var newBack = ReadBack(newer, dropped);
        Assert.True(newBack[1].IsNull);
        Assert.Equal(3, newBack[2].Int);
        Assert.Equal("b", newBack[3].Text);
    }

    [Fact]
    public void Offsets_are_cached_for_leading_fixed_width_attributes()
    {
        var d = Desc(MixedTypes); // int2, int8, bool, text, int4
        Assert.Equal([0, 8, 16, -1, -1], Enumerable.Range(0, d.Count).Select(i => d[i].CacheOff));
        Assert.Equal(3, d.CachedPrefix);
        var aligned = Desc(TypeOid.Int4, TypeOid.Text, TypeOid.Int4); // the text starts aligned: cached too
        Assert.Equal([0, 4, -1], Enumerable.Range(0, aligned.Count).Select(i => aligned[i].CacheOff));
        Assert.Equal(['s', 'd', 'c', 'i', 'i'], Enumerable.Range(0, d.Count).Select(i => d[i].AlignChar));
        Assert.Equal(-1, d[3].Len);
        Assert.False(d[3].ByVal);
        Assert.True(d[1].ByVal);
    }

    [Fact]
    public void Many_attributes_widen_the_bitmap_and_Hoff()
    {
        var types = Enumerable.Repeat(TypeOid.Int4, 41).ToArray();
        var desc = Desc(types);
        var row = types.Select((t, i) => i == 40 ? Datum.Null(t) : Datum.FromInt4(i)).ToArray();
        var tuple = HeapTuple.Form(desc, row);
        Assert.Equal(40, tuple[26]); // 27 + 6 bitmap bytes, padded to 8
        Assert.Equal(41 * 4 - 4, DataArea(tuple).Length);
        Assert.Equal(39, HeapTuple.GetAttr(tuple, desc, 39).Int);
        Assert.True(HeapTuple.GetAttr(tuple, desc, 40).IsNull);
    }

    [Fact]
    public void Values_of_the_wrong_kind_are_refused()
    {
        var desc = Desc(TypeOid.Text);
        var e = Assert.Throws<Tusk.Common.Errors.PgException>(() => HeapTuple.Form(desc, [Datum.FromNumeric(1m)]));
        Assert.Equal("42804", e.SqlState);
        Assert.Throws<ArgumentException>(() => HeapTuple.Form(desc, [Text("a"), Text("b")]));
        // A by-value column given a string is refused, not stored as 0.
        var date = Assert.Throws<Tusk.Common.Errors.PgException>(
            () => HeapTuple.Form(Desc(TypeOid.Date), [Datum.FromText("2026-11-24", TypeOid.Date)]));
        Assert.Equal("42804", date.SqlState);
    }

    [Fact]
    public void A_name_is_cut_to_63_bytes_at_a_character_boundary()
    {
        var desc = Desc(TypeOid.Name);
        // 60 ASCII bytes and a 4-byte character: 64 bytes, so the character goes whole (PostgreSQL keeps 60 bytes).
        string s = new string('a', 60) + "\U0001F600";
        var data = DataArea(HeapTuple.Form(desc, [Text(s)]));
        Assert.Equal(64, data.Length);
        Assert.Equal(new string('a', 60), System.Text.Encoding.UTF8.GetString(data.AsSpan(0, 60)));
        Assert.All(data[60..], b => Assert.Equal(0, b));
        // 63 bytes fit exactly.
        var full = DataArea(HeapTuple.Form(desc, [Text(new string('b', 70))]));
        Assert.Equal(new string('b', 63), System.Text.Encoding.UTF8.GetString(full.AsSpan(0, 63)));
        Assert.Equal(0, full[63]);
    }
}
