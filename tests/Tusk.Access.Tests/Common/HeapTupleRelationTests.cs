// Formed tuples through the heap: rows of a TupleDesc inserted with HeapRelation.Insert(desc, values) and read back
// deformed by HeapScan.Next(desc, values), next to the opaque-bytes API; a row too big for a page (54000); a scan
// with a wider descriptor after a column was added; and deforming and forming allocate nothing per row (the same
// operations as bench/Tusk.Benchmarks' TupleBenchmarks, budget in bench/allocation-budget.json).
using Tusk.LockHammer;
using Tusk.Access.Common;
using Tusk.Access.Heap;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Storage.Ipc;
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;

namespace Tusk.Access.Tests.Common;

[Collection(SharedStatics.Name)]
public sealed class HeapTupleRelationTests : IDisposable
{
    readonly TestSegment _segment = new("tuple", nbuffers: 16);

    public void Dispose() => _segment.Dispose();

    static readonly TupleDesc Desc = TupleDesc.Create(
    [
        ("id", TypeOid.Int4, -1), ("name", TypeOid.Text, -1), ("score", TypeOid.Float8, -1),
        ("flag", TypeOid.Bool, -1), ("amount", TypeOid.Numeric, -1),
    ]);

    static Datum[] Row(int i) =>
    [
        Datum.FromInt4(i), i % 3 == 0 ? Datum.Null(TypeOid.Text) : Datum.FromText(new string('n', i % 200)),
        Datum.FromFloat8(i / 4.0), Datum.FromBool(i % 2 == 0), Datum.FromNumeric(i * 1.25m),
    ];

    static void Commit(uint xid)
    {
        Clog.SetTreeStatus(xid, [], XidStatus.Committed);
        ProcArray.EndTransaction(xid);
    }

    [Fact]
    public void Formed_rows_are_inserted_and_scanned_back_deformed()
    {
        var rel = HeapRelation.Create(new RelFileLocator(RelFileLocator.DefaultTablespace, 1, 21000));
        uint xid = VarSup.GetNewTransactionId();
        const int n = 500;
        for (int i = 0; i < n; i++)
        {
            rel.Insert(Desc, Row(i), xid, 0);
        }
        rel.Insert("opaque"u8, xid, 0); // the opaque API still works beside it
        Commit(xid);

        var values = new Datum[Desc.Count];
        var seen = new HashSet<int>();
        int opaque = 0;
        using (var scan = rel.BeginScan(ProcArray.GetSnapshot(), Nobody.Instance))
        {
            while (scan.Next(out _, out var data))
            {
                opaque += data.SequenceEqual("opaque"u8) ? 1 : 0;
            }
        }
        Assert.Equal(1, opaque);
        using (var scan = rel.BeginScan(ProcArray.GetSnapshot(), Nobody.Instance))
        {
            while (scan.NextTuple(out _, out var tuple))
            {
                if (tuple[26] == 32 && tuple[32..].SequenceEqual("opaque"u8))
                {
                    continue;
                }
                HeapTuple.Deform(tuple, Desc, values);
                int i = (int)values[0].Int;
                Assert.True(seen.Add(i));
                var expected = Row(i);
                Assert.Equal(expected[1].IsNull, values[1].IsNull);
                if (!values[1].IsNull)
                {
                    Assert.Equal(i % 200, HeapTuple.GetBytes(tuple, values[1]).Length);
                    Assert.Equal(expected[1].Text, HeapTuple.Materialize(tuple, values[1]).Text);
                }
                Assert.Equal(i / 4.0, values[2].Float);
                Assert.Equal(i % 2 == 0, values[3].Bool);
                Assert.Equal(NumericValue.FromDecimal(i * 1.25m), HeapTuple.Materialize(tuple, values[4]).Numeric);
            }
        }
        Assert.Equal(n, seen.Count);
        Assert.True(rel.NBlocks > 1);
    }

    [Fact]
    public void A_scan_with_a_column_added_since_reads_it_as_NULL()
    {
        var rel = HeapRelation.Create(new RelFileLocator(RelFileLocator.DefaultTablespace, 1, 21001));
        uint xid = VarSup.GetNewTransactionId();
        rel.Insert(Desc, Row(1), xid, 0);
        var wider = Desc.AddColumn("note", TypeOid.Text);
        rel.Insert(wider, [.. Row(2), Datum.FromText("new")], xid, 0);
        Commit(xid);
        var values = new Datum[wider.Count];
        var notes = new Dictionary<long, string?>();
        using var scan = rel.BeginScan(ProcArray.GetSnapshot(), Nobody.Instance);
        while (scan.Next(wider, values, out _, out var tuple))
        {
            notes[values[0].Int] = values[5].IsNull ? null : HeapTuple.Materialize(tuple, values[5]).Text;
        }
        Assert.Equal(new Dictionary<long, string?> { [1] = null, [2] = "new" }, notes);
    }

    [Fact]
    public void A_row_too_big_for_a_page_is_refused()
    {
        var rel = HeapRelation.Create(new RelFileLocator(RelFileLocator.DefaultTablespace, 1, 21002));
        var desc = TupleDesc.Create([("id", TypeOid.Int4, -1), ("body", TypeOid.Text, -1)]);
        uint xid = VarSup.GetNewTransactionId();
        // 32 (Hoff) + 4 + 4 (header) + 8120 = 8160 = MaxTupleSize: fits; one more byte does not.
        rel.Insert(desc, [Datum.FromInt4(1), Datum.FromText(new string('x', 8120))], xid, 0);
        var e = Assert.Throws<PgException>(() =>
            rel.Insert(desc, [Datum.FromInt4(2), Datum.FromText(new string('x', 8121))], xid, 0));
        Assert.Equal(SqlState.ProgramLimitExceeded, e.SqlState);
        Assert.Equal($"row is too big: size 8161, maximum size {HeapRelation.MaxTupleSize}", e.Message);
        Commit(xid);
    }

    /// <summary>The mixed 10-column row of the benchmark.</summary>
    internal static TupleDesc BenchDesc() => TupleDesc.Create(
    [
        ("a", TypeOid.Int4, -1), ("b", TypeOid.Int8, -1), ("c", TypeOid.Bool, -1), ("d", TypeOid.Int2, -1),
        ("e", TypeOid.Text, -1), ("f", TypeOid.Float8, -1), ("g", TypeOid.TimestampTz, -1),
        ("h", TypeOid.Numeric, -1), ("i", TypeOid.Text, -1), ("j", TypeOid.Date, -1),
    ]);

    internal static Datum[] BenchRow() =>
    [
        Datum.FromInt4(42), Datum.FromInt8(1L << 40), Datum.FromBool(true), Datum.FromInt2(7),
        Datum.FromText("a short text value"), Datum.FromFloat8(3.25), Datum.FromTimestampTz(800_000_000_000_000),
        Datum.FromNumeric(12345.678m), Datum.Null(TypeOid.Text), Datum.FromDate(9000),
    ];

    [Fact]
    public void Deforming_and_forming_allocate_nothing_per_row()
    {
        var desc = BenchDesc();
        var row = BenchRow();
        var tuple = HeapTuple.Form(desc, row);
        var buffer = new byte[tuple.Length];
        var values = new Datum[desc.Count];
        long sum = 0;
        for (int pass = 0; pass < 2; pass++) // the first pass warms up (JIT, statics)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                HeapTuple.Deform(tuple, desc, values);
                sum += values[0].Int + HeapTuple.GetBytes(tuple, values[4]).Length;
                sum += HeapTuple.GetAttr(tuple, desc, 9).Int;
                sum += HeapTuple.Form(desc, row, buffer);
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (pass == 1)
            {
                Assert.Equal(0, allocated);
            }
        }
        Assert.Equal(tuple, buffer);
        Assert.True(sum > 0);
    }
}
