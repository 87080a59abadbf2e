// pg_subtrans in a real shared memory segment: parents recorded at assignment across a page boundary and read back
// from the files, the topmost transaction of nested subtransactions, truncation of old segments, and the start-up
// reset that forgets every parent from before a restart.
using Tusk.LockHammer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Transam;
using Xunit;

namespace Tusk.Storage.Tests.Transam;

[Collection(SharedStatics.Name)]
public sealed class SubTransTests : IDisposable
{
    readonly TestSegment _segment = new("subtrans");

    public void Dispose() => _segment.Dispose();

    string SegmentFile(int segment) => Path.Combine(_segment.DataDirectory, "pg_subtrans", $"{segment:X4}");

    [Fact]
    public void Parents_are_recorded_at_assignment_across_a_page_boundary_and_read_back_from_the_file()
    {
        VarSup.Initialize(SubTrans.XidsPerPage - 3);
        uint top = VarSup.GetNewTransactionId();
        var subs = new List<uint>();
        for (int i = 0; i < 6; i++)
        {
            subs.Add(VarSup.GetNewTransactionId(top));
        }
        Assert.True(top / SubTrans.XidsPerPage == 0 && subs[^1] / SubTrans.XidsPerPage == 1, "the ids crossed a page");

        Assert.Equal(TransactionId.Invalid, SubTrans.GetParent(top));
        Assert.All(subs, s => Assert.Equal(top, SubTrans.GetParent(s)));

        Assert.True(SubTrans.Flush() >= 2);
        SubTrans.ForgetCache();
        Assert.True(File.Exists(SegmentFile(0)));
        Assert.Equal(TransactionId.Invalid, SubTrans.GetParent(top));
        Assert.All(subs, s => Assert.Equal(top, SubTrans.GetParent(s)));
    }

    [Fact]
    public void The_topmost_transaction_of_nested_subtransactions_is_found_up_to_the_xmin()
    {
        uint top = VarSup.GetNewTransactionId();
        uint level1 = VarSup.GetNewTransactionId(top);
        uint level2 = VarSup.GetNewTransactionId(level1);
        uint level3 = VarSup.GetNewTransactionId(level2);
        uint otherTop = VarSup.GetNewTransactionId();

        Assert.Equal(level2, SubTrans.GetParent(level3));
        Assert.Equal(level1, SubTrans.GetParent(level2));
        Assert.Equal(top, SubTrans.GetParent(level1));
        Assert.Equal(top, SubTrans.GetTopmostTransaction(level3, top));
        Assert.Equal(top, SubTrans.GetTopmostTransaction(level1, top));
        Assert.Equal(top, SubTrans.GetTopmostTransaction(top, top));
        Assert.Equal(otherTop, SubTrans.GetTopmostTransaction(otherTop, top));
        // An xmin above the top: the walk stops at the first id older than it (that id had ended).
        Assert.Equal(level1, SubTrans.GetTopmostTransaction(level3, level2));

        Assert.Throws<ArgumentException>(() => VarSup.GetNewTransactionId(TransactionId.Invalid));
    }

    [Fact]
    public void A_checkpoint_style_truncation_deletes_only_segments_older_than_the_oldest_running_id()
    {
        const uint perSegment = (uint)SubTrans.XidsPerPage * Slru.PagesPerSegment;
        uint[] tops = [10, perSegment + 10, (2 * perSegment) + 10];
        foreach (uint t in tops)
        {
            SubTrans.SetParent(t + 1, t);
        }
        SubTrans.Flush();
        Assert.True(File.Exists(SegmentFile(0)) && File.Exists(SegmentFile(1)) && File.Exists(SegmentFile(2)));

        Assert.Equal(2, SubTrans.Truncate(tops[2]));
        Assert.False(File.Exists(SegmentFile(0)) || File.Exists(SegmentFile(1)));
        Assert.True(File.Exists(SegmentFile(2)));
        Assert.Equal(tops[2], SubTrans.GetParent(tops[2] + 1));
        Assert.Equal(TransactionId.Invalid, SubTrans.GetParent(tops[0] + 1)); // gone, and not cached either
    }

    [Fact]
    public void Start_up_forgets_every_parent_from_before_the_restart()
    {
        uint top = VarSup.GetNewTransactionId();
        uint sub = VarSup.GetNewTransactionId(top);
        SubTrans.Flush();
        Assert.True(File.Exists(SegmentFile(0)));

        // A restart without WAL for these ids hands the same numbers out again.
        SubTrans.ForgetCache();
        SubTrans.Startup(top);
        Assert.False(File.Exists(SegmentFile(0)));
        Assert.Equal(TransactionId.Invalid, SubTrans.GetParent(sub));
        VarSup.Initialize(top);
        Assert.Equal(top, VarSup.GetNewTransactionId());
        Assert.Equal(sub, VarSup.GetNewTransactionId()); // now a top-level id
        Assert.Equal(TransactionId.Invalid, SubTrans.GetParent(sub));
        Assert.Equal(sub, SubTrans.GetTopmostTransaction(sub, top));
    }
}
