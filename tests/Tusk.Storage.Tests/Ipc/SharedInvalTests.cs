// The shared invalidation queue: every registered reader gets every message sent after it registered, in order;
// a reader that falls too far behind is told to reset instead of losing messages silently; concurrent senders
// lose nothing.
using Tusk.Common.Utils;
using Tusk.LockHammer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Xunit;

namespace Tusk.Storage.Tests.Ipc;

[Collection(SharedStatics.Name)]
public sealed class SharedInvalTests : IDisposable
{
    const int Slots = 8;
    readonly TestSegment _segment = new("sinval", extra: SharedInval.Request(Slots + ProcGlobal.AuxKinds.Length));

    public void Dispose() => _segment.Dispose();

    static InvalMessage Msg(uint n) => new(InvalKind.Relation, 0, 5, n);

    static List<InvalMessage> ReceiveAll(int slot, out bool reset)
    {
        var got = new List<InvalMessage>();
        Span<InvalMessage> buf = stackalloc InvalMessage[100];
        reset = false;
        while (true)
        {
            int n = SharedInval.Receive(slot, buf, out bool r);
            reset |= r;
            if (n == 0 && !r)
            {
                return got;
            }
            for (int i = 0; i < n; i++)
            {
                got.Add(buf[i]);
            }
        }
    }

    [Fact]
    public void Every_reader_gets_the_messages_sent_after_it_registered_in_order()
    {
        SharedInval.Register(1);
        SharedInval.Send([Msg(1), Msg(2)]);
        SharedInval.Register(2);
        Assert.True(SharedInval.HasPending(1));
        Assert.False(SharedInval.HasPending(2));
        SharedInval.Send([Msg(3)]);
        Assert.Equal([Msg(1), Msg(2), Msg(3)], ReceiveAll(1, out bool r1));
        Assert.Equal([Msg(3)], ReceiveAll(2, out bool r2));
        Assert.False(r1 || r2);
        Assert.False(SharedInval.HasPending(1));
    }

    [Fact]
    public void A_reader_that_falls_behind_is_reset_and_the_others_lose_nothing()
    {
        SharedInval.Register(1); // keeps up
        SharedInval.Register(2); // never reads
        var got = new List<InvalMessage>();
        for (uint i = 0; i < SharedInval.MaxMessages * 3; i++)
        {
            SharedInval.Send([Msg(i)]);
            if (i % 100 == 99)
            {
                got.AddRange(ReceiveAll(1, out bool r));
                Assert.False(r);
            }
        }
        got.AddRange(ReceiveAll(1, out _));
        Assert.Equal(SharedInval.MaxMessages * 3, got.Count);
        Assert.True(got.Select(m => m.ObjectOrHash).SequenceEqual(Enumerable.Range(0, SharedInval.MaxMessages * 3).Select(i => (uint)i)));
        ReceiveAll(2, out bool reset);
        Assert.True(reset);
        Assert.True(SharedInval.Resets >= 1);
        // After the reset the slow reader continues with new messages.
        SharedInval.Send([Msg(7)]);
        Assert.Equal([Msg(7)], ReceiveAll(2, out bool again));
        Assert.False(again);
    }

    [Fact]
    public void An_unregistered_slot_does_not_hold_the_ring_back()
    {
        SharedInval.Register(1);
        SharedInval.Register(3);
        SharedInval.Unregister(3);
        for (uint i = 0; i < SharedInval.MaxMessages * 2; i++)
        {
            SharedInval.Send([Msg(i)]);
            if (i % 500 == 0)
            {
                ReceiveAll(1, out bool r);
                Assert.False(r);
            }
        }
        Assert.Equal(0, SharedInval.Resets);
    }

    [Fact]
    public void Concurrent_senders_lose_nothing()
    {
        const int senders = 4, each = 500; // 2000 in all: below the reset threshold even if the reader never keeps up
        SharedInval.Register(1);
        var got = new List<InvalMessage>();
        Exception? failure = null;
        var threads = Enumerable.Range(0, senders).Select(t => new Thread(() =>
        {
            try
            {
                ProcGlobal.ClaimThreadSlot(BackendType.ClientBackend);
                for (uint i = 0; i < each; i++)
                {
                    SharedInval.Send([new InvalMessage(InvalKind.CatalogEntry, t, 5, i)]);
                }
                ProcGlobal.ReleaseThreadSlot();
            }
            catch (Exception e)
            {
                failure = e;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        while (threads.Any(t => t.IsAlive))
        {
            got.AddRange(ReceiveAll(1, out bool r));
            Assert.False(r);
        }
        got.AddRange(ReceiveAll(1, out _));
        Assert.Null(failure);
        Assert.Equal(senders * each, got.Count);
        foreach (var g in got.GroupBy(m => m.CatalogId))
        {
            Assert.True(g.Select(m => m.ObjectOrHash).SequenceEqual(Enumerable.Range(0, each).Select(i => (uint)i)));
        }
    }
}
