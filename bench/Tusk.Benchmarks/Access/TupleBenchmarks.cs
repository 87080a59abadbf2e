// Heap tuple deform and form of one 10-column mixed row (int4, int8, bool, int2, short text, float8, timestamptz,
// numeric, NULL text, date): deforming reads it in place (the text as an in-tuple reference read as a span),
// forming writes it into a caller's buffer. Both allocate nothing per row (budget 0 B in
// bench/allocation-budget.json; tests/Tusk.Access.Tests/Common/HeapTupleRelationTests.cs checks the same).
using BenchmarkDotNet.Attributes;
using Tusk.Access.Common;
using Tusk.Common.Types;

namespace Tusk.Benchmarks.Access;

[MemoryDiagnoser]
public class TupleBenchmarks
{
    readonly TupleDesc _desc = TupleDesc.Create(
    [
        ("a", TypeOid.Int4, -1), ("b", TypeOid.Int8, -1), ("c", TypeOid.Bool, -1), ("d", TypeOid.Int2, -1),
        ("e", TypeOid.Text, -1), ("f", TypeOid.Float8, -1), ("g", TypeOid.TimestampTz, -1),
        ("h", TypeOid.Numeric, -1), ("i", TypeOid.Text, -1), ("j", TypeOid.Date, -1),
    ]);

    readonly Datum[] _row =
    [
        Datum.FromInt4(42), Datum.FromInt8(1L << 40), Datum.FromBool(true), Datum.FromInt2(7),
        Datum.FromText("a short text value"), Datum.FromFloat8(3.25), Datum.FromTimestampTz(800_000_000_000_000),
        Datum.FromNumeric(12345.678m), Datum.Null(TypeOid.Text), Datum.FromDate(9000),
    ];

    readonly Datum[] _values = new Datum[10];
    byte[] _tuple = [];
    byte[] _buffer = [];

    [GlobalSetup]
    public void Setup()
    {
        _tuple = HeapTuple.Form(_desc, _row);
        _buffer = new byte[_tuple.Length];
    }

    /// <summary>All ten attributes into Datums, then the text's bytes: per row.</summary>
    [Benchmark]
    public int DeformMixedRow()
    {
        HeapTuple.Deform(_tuple, _desc, _values);
        return (int)_values[0].Int + HeapTuple.GetBytes(_tuple, _values[4]).Length;
    }

    /// <summary>One attribute after the varlena (no cached offset): the walk of GetAttr.</summary>
    [Benchmark]
    public long GetAttrAfterVarlena() => HeapTuple.GetAttr(_tuple, _desc, 9).Int;

    /// <summary>The same row formed into a buffer: sizes, bitmap, alignment, UTF-8 text, numeric digits.</summary>
    [Benchmark]
    public int FormMixedRow() => HeapTuple.Form(_desc, _row, _buffer);
}
