// The storage manager: segment files per fork, extend/read/write/truncate/unlink, errors as PostgreSQL's.
using Tusk.Common.Errors;
using Tusk.Storage.Page;
using Tusk.Storage.Smgr;
using Xunit;

namespace Tusk.Storage.Tests;

[Collection(SharedStatics.Name)]
public sealed class SmgrTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("tusk-smgr-").FullName;
    readonly int _segmentBlocks = Smgr.Smgr.SegmentBlocks;

    public SmgrTests()
    {
        Smgr.Smgr.Initialize(_dir);
        Smgr.Smgr.SegmentBlocks = 2;
    }

    public void Dispose()
    {
        Smgr.Smgr.CloseAll();
        Smgr.Smgr.SegmentBlocks = _segmentBlocks;
        Directory.Delete(_dir, recursive: true);
    }

    static byte[] Block(byte fill)
    {
        var b = new byte[BufPage.BlockSize];
        Array.Fill(b, fill);
        return b;
    }

    [Fact]
    public void Blocks_span_segment_files_and_read_back()
    {
        var rel = Smgr.Smgr.Open(new RelFileLocator(RelFileLocator.DefaultTablespace, 5, 16384));
        Assert.False(rel.Exists(ForkNumber.Main));
        rel.Create(ForkNumber.Main);
        for (uint b = 0; b < 5; b++)
        {
            rel.Extend(ForkNumber.Main, b, Block((byte)(b + 1)));
        }
        Assert.Equal(5u, rel.NBlocks(ForkNumber.Main));
        Assert.True(File.Exists(Path.Combine(_dir, "base/5/16384")));
        Assert.True(File.Exists(Path.Combine(_dir, "base/5/16384.1")));
        Assert.True(File.Exists(Path.Combine(_dir, "base/5/16384.2")));
        var buf = new byte[BufPage.BlockSize];
        for (uint b = 0; b < 5; b++)
        {
            rel.Read(ForkNumber.Main, b, buf);
            Assert.Equal(Block((byte)(b + 1)), buf);
        }
        rel.Write(ForkNumber.Main, 3, Block(0x77));
        rel.Read(ForkNumber.Main, 3, buf);
        Assert.Equal(Block(0x77), buf);
        Assert.Equal(3, Smgr.Smgr.SyncPending()); // segments 0, 1 and 2 were written

        var e = Assert.Throws<PgException>(() => rel.Read(ForkNumber.Main, 5, buf));
        Assert.Equal(SqlState.DataCorrupted, e.SqlState);
        Assert.Equal("could not read block 5 in file \"base/5/16384.2\": read only 0 of 8192 bytes", e.Message);

        rel.Truncate(ForkNumber.Main, 3);
        Assert.Equal(3u, rel.NBlocks(ForkNumber.Main));
        rel.Read(ForkNumber.Main, 2, buf);
        Assert.Equal(Block(3), buf);
        Assert.Throws<PgException>(() => rel.Read(ForkNumber.Main, 3, buf));
    }

    [Fact]
    public void Forks_have_their_own_files_and_unlink_removes_them()
    {
        var rel = Smgr.Smgr.Open(new RelFileLocator(RelFileLocator.DefaultTablespace, 5, 16385));
        rel.Create(ForkNumber.Main);
        rel.Create(ForkNumber.FreeSpaceMap);
        rel.Extend(ForkNumber.FreeSpaceMap, 0, Block(9));
        Assert.True(File.Exists(Path.Combine(_dir, "base/5/16385_fsm")));
        Assert.Equal(0u, rel.NBlocks(ForkNumber.Main));
        Assert.Equal(1u, rel.NBlocks(ForkNumber.FreeSpaceMap));
        var e = Assert.Throws<PgException>(() => rel.Create(ForkNumber.Main));
        Assert.Equal("58P02", e.SqlState);
        rel.Create(ForkNumber.Main, isRedo: true);
        rel.Unlink(ForkNumber.FreeSpaceMap);
        Assert.False(rel.Exists(ForkNumber.FreeSpaceMap));
        Assert.False(File.Exists(Path.Combine(_dir, "base/5/16385_fsm")));
        Assert.Equal(0, Smgr.Smgr.SyncPending());
    }
}

/// <summary>Tests that point process-wide statics (shared memory, smgr) at their own fixtures run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedStatics
{
    public const string Name = "process-wide storage statics";
}
