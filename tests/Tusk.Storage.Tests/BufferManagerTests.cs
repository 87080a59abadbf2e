// The shared buffer manager: pages survive eviction through a pool far smaller than the relation, checksums are
// set on write and verified on read, and several real processes changing pages at once lose no update. The bulk
// writers (background writer, checkpoint pacing) are in BufferManagerTests.Sync.cs.
using System.Buffers.Binary;
using Tusk.Common.Errors;
using Tusk.LockHammer;
using Tusk.Storage.Buffer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Page;
using Tusk.Storage.Smgr;
using Tusk.Storage.Sync;
using Xunit;

namespace Tusk.Storage.Tests;

[Collection(SharedStatics.Name)]
public sealed unsafe partial class BufferManagerTests : IDisposable
{
    const int NBuffers = 16;
    readonly TestSegment _segment = new("bufmgr", NBuffers, new ShmemRegion(HammerRegion.Name, sizeof(HammerRegion), null),
        SyncQueue.Request(NBuffers));
    readonly SmgrRelation _rel;

    public BufferManagerTests()
    {
        _rel = Smgr.Smgr.Open(Program.HammerRelation);
        _rel.Create(ForkNumber.Main);
    }

    public void Dispose() => _segment.Dispose();

    /// <summary>Adds <paramref name="blocks"/> pages, each with one 8-byte item holding <paramref name="value"/>(block).</summary>
    void Fill(int blocks, Func<uint, long> value)
    {
        Span<byte> item = stackalloc byte[8];
        for (int i = 0; i < blocks; i++)
        {
            var b = BufMgr.ExtendBuffer(_rel, ForkNumber.Main);
            uint block = BufMgr.GetTag(b).Block;
            Assert.Equal((uint)i, block);
            BufPage.Init(BufMgr.GetPage(b).Pointer);
            BinaryPrimitives.WriteInt64LittleEndian(item, value(block));
            Assert.Equal(1, BufMgr.GetPage(b).AddItem(item));
            BufMgr.MarkBufferDirty(b);
            BufMgr.UnlockReleaseBuffer(b);
        }
    }

    long Counter(uint block)
    {
        var b = BufMgr.ReadBuffer(_rel, ForkNumber.Main, block);
        BufMgr.LockBuffer(b, LWLockMode.Shared);
        long v = BinaryPrimitives.ReadInt64LittleEndian(BufMgr.GetPage(b).GetItem(1));
        BufMgr.UnlockReleaseBuffer(b);
        return v;
    }

    [Fact]
    public void Pages_survive_eviction_through_a_small_pool()
    {
        Fill(100, b => (b * 1000) + 7);
        Assert.Equal(100u, _rel.NBlocks(ForkNumber.Main));
        for (uint b = 0; b < 100; b++)
        {
            Assert.Equal((b * 1000) + 7, Counter(b));
        }
        Assert.True(BufMgr.Writes >= 100 - NBuffers, $"only {BufMgr.Writes} writes: pages were not evicted");
        Assert.Equal(0, BufMgr.ReleaseAllPins());
    }

    [Fact]
    public void Written_pages_carry_checksums_and_a_corrupt_block_is_an_error_naming_it()
    {
        Fill(3, b => b);
        Assert.True(BufMgr.FlushAllBuffers() >= 1);
        BufMgr.DropRelationBuffers(_rel.Locator, ForkNumber.Main, 0);
        var raw = new byte[BufPage.BlockSize];
        _rel.Read(ForkNumber.Main, 1, raw);
        fixed (byte* p = raw)
        {
            Assert.True(PageChecksum.Verify(p, 1, checksums: true, out _, out _));
        }
        raw[5000] ^= 0x10; // a bit flipped on disk
        _rel.Write(ForkNumber.Main, 1, raw);
        var e = Assert.Throws<PgException>(() => BufMgr.ReadBuffer(_rel, ForkNumber.Main, 1));
        Assert.Equal(SqlState.DataCorrupted, e.SqlState);
        Assert.Equal("invalid page in block 1 of relation base/1/16384", e.Message);
        Assert.StartsWith("page verification failed, calculated checksum", e.Detail, StringComparison.Ordinal);
        Assert.Equal(0, BufMgr.ReleaseAllPins());
        Assert.Equal(2, Counter(2)); // the neighbours are fine
    }

    [Fact]
    public void When_every_buffer_is_pinned_a_new_block_cannot_come_in()
    {
        Fill(NBuffers + 1, b => b);
        var pinned = new List<Tusk.Storage.Buffer.Buffer>();
        for (uint b = 0; b < NBuffers; b++)
        {
            pinned.Add(BufMgr.ReadBuffer(_rel, ForkNumber.Main, b));
        }
        var e = Assert.Throws<PgException>(() => BufMgr.ReadBuffer(_rel, ForkNumber.Main, NBuffers));
        Assert.Equal("53000", e.SqlState);
        Assert.Equal("no unpinned buffers available", e.Message);
        pinned.ForEach(BufMgr.ReleaseBuffer);
        Assert.Equal(NBuffers, Counter(NBuffers));
    }

    [Fact]
    public void Pins_are_counted_per_process_and_once_in_shared_memory()
    {
        Fill(1, b => b);
        var a = BufMgr.ReadBuffer(_rel, ForkNumber.Main, 0);
        var b = BufMgr.ReadBuffer(_rel, ForkNumber.Main, 0);
        Assert.Equal(a, b);
        Assert.Equal(2, BufMgr.PinCount(a));
        Assert.Equal(1, BufState.RefCount(BufMgr.State(a)));
        BufMgr.ReleaseBuffer(a);
        Assert.Equal(1, BufState.RefCount(BufMgr.State(a)));
        BufMgr.ReleaseBuffer(b);
        Assert.Equal(0, BufState.RefCount(BufMgr.State(a)));
    }

    [Fact]
    public void Processes_updating_pages_concurrently_through_a_small_pool_lose_nothing()
    {
        const int workers = 4, iterations = 4000, blocks = 64;
        Fill(blocks, _ => 0);
        BufMgr.FlushAllBuffers();
        RunWorkers(workers, "buffers", $"{iterations}", _segment.DataDirectory, $"{blocks}");

        var h = (HammerRegion*)_segment.Shm.Region(HammerRegion.Name);
        Assert.Equal(0, h->BadPages);
        long sum = 0;
        for (uint b = 0; b < blocks; b++)
        {
            sum += Counter(b);
        }
        Assert.Equal(h->Increments, sum);
        Assert.Equal(workers * (long)iterations * 9 / 10, sum);
        var written = Freelist.Counters;
        Assert.True(written.BuffersClean > 0 && written.BuffersCheckpoint > 0, "the workers' background writes ran");
        for (int i = 0; i < NBuffers; i++)
        {
            Assert.Equal(0, BufState.RefCount(BufMgr.State(new Tusk.Storage.Buffer.Buffer(i))));
        }

        // And on disk, read back by nobody's buffers but fresh ones.
        BufMgr.FlushAllBuffers();
        BufMgr.DropRelationBuffers(_rel.Locator, ForkNumber.Main, 0);
        long onDisk = 0;
        for (uint b = 0; b < blocks; b++)
        {
            onDisk += Counter(b);
        }
        Assert.Equal(sum, onDisk);
    }

    void RunWorkers(int workers, params string[] args) => Workers.Run(_segment.Path, workers, args, TimeSpan.FromSeconds(60));
}
