// Storage manager (smgr.c + md.c): a relation fork is a sequence of 8 KB blocks kept in segment files of
// SegmentBlocks blocks each (1 GB): PATH, PATH.1, PATH.2, ... Every segment but the last is full.
//
// Per process: an SmgrRelation per relation (Smgr.Open caches it), holding open file handles per fork and
// segment. Reads and writes go straight to the files with pread/pwrite (RandomAccess): the only caller that
// holds pages in memory is the buffer manager. A written segment is remembered as needing fsync; SyncPending
// fsyncs them (the checkpointer takes this over once it absorbs fsync requests). Errors are PostgreSQL's:
// 58030/58P01 for file access, XX001 for a short read.
// Entry points: Smgr.Initialize(dataDir), Smgr.Open(locator), SmgrRelation.{Create, Exists, NBlocks, Extend,
// Read, Write, Truncate, Unlink, ImmediateSync}, Smgr.SyncPending, Smgr.CloseAll.
using Microsoft.Win32.SafeHandles;
using Tusk.Common.Errors;
using Tusk.Storage.Page;
using Tusk.Storage.Port;

namespace Tusk.Storage.Smgr;

public static class Smgr
{
    static readonly Dictionary<RelFileLocator, SmgrRelation> Relations = [];
    static readonly HashSet<(RelFileLocator, ForkNumber, int)> PendingSync = [];

    /// <summary>Blocks per segment file: 131072 (1 GB); tests make it small to cross segment boundaries.</summary>
    public static int SegmentBlocks { get; set; } = 131072;

    /// <summary>The data directory all relation paths are relative to.</summary>
    public static string DataDirectory { get; private set; } = ".";

    public static void Initialize(string dataDirectory)
    {
        CloseAll();
        PendingSync.Clear();
        DataDirectory = dataDirectory;
    }

    /// <summary>This process's handle for a relation's files (cached; opening touches no file).</summary>
    public static SmgrRelation Open(RelFileLocator locator)
    {
        if (!Relations.TryGetValue(locator, out var rel))
        {
            rel = new SmgrRelation(locator);
            Relations.Add(locator, rel);
        }
        return rel;
    }

    /// <summary>Closes every open file of this process (the relations stay usable and reopen on demand).</summary>
    public static void CloseAll()
    {
        foreach (var rel in Relations.Values)
        {
            rel.Close();
        }
        Relations.Clear();
    }

    /// <summary>
    /// Where a written segment's fsync goes: the checkpointer's queue in every process but the checkpointer (set
    /// at start). Returns false when it cannot take the request; the segment is then fsync'd at once.
    /// </summary>
    public static Func<RelFileLocator, ForkNumber, int, bool>? ForwardSync { get; set; }

    internal static void RegisterSync(RelFileLocator locator, ForkNumber fork, int segment)
    {
        if (ForwardSync is { } forward)
        {
            if (!forward(locator, fork, segment))
            {
                Open(locator).SyncSegment(fork, segment);
            }
            return;
        }
        PendingSync.Add((locator, fork, segment));
    }

    /// <summary>Adds a segment to this process's pending fsyncs (the checkpointer absorbing requests).</summary>
    public static void AddPendingSync(RelFileLocator locator, ForkNumber fork, int segment) =>
        PendingSync.Add((locator, fork, segment));

    internal static void ForgetSync(RelFileLocator locator, ForkNumber fork) =>
        PendingSync.RemoveWhere(p => p.Item1 == locator && p.Item2 == fork);

    /// <summary>fsyncs every segment this process wrote since the last call; returns how many.</summary>
    public static int SyncPending()
    {
        int n = 0;
        foreach (var (locator, fork, segment) in PendingSync)
        {
            if (Open(locator).SyncSegment(fork, segment))
            {
                n++;
            }
        }
        PendingSync.Clear();
        return n;
    }
}

/// <summary>One relation's files, as seen by this process.</summary>
public sealed class SmgrRelation
{
    const int Forks = 4;
    readonly List<SafeFileHandle?>[] _segments = new List<SafeFileHandle?>[Forks];

    internal SmgrRelation(RelFileLocator locator)
    {
        Locator = locator;
        for (int i = 0; i < Forks; i++)
        {
            _segments[i] = [];
        }
    }

    public RelFileLocator Locator { get; }

    /// <summary>
    /// Size of the free space map fork as this process last saw it (PostgreSQL's smgr_fsm_nblocks), uint.MaxValue
    /// when unknown. Kept by Freespace/FreeSpaceMap, which re-checks the file before taking a block as missing.
    /// </summary>
    internal uint FsmNBlocks { get; set; } = uint.MaxValue;

    /// <summary>Full path of a fork's segment file.</summary>
    public string SegmentPath(ForkNumber fork, int segment)
    {
        string path = Path.Combine(Smgr.DataDirectory, Locator.RelativePath(fork));
        return segment == 0 ? path : $"{path}.{segment}";
    }

    public bool Exists(ForkNumber fork) => Handle(fork, 0, create: false, missingOk: true) is not null;

    /// <summary>Creates the fork's first segment (mdcreate). In redo an existing file is fine.</summary>
    public void Create(ForkNumber fork, bool isRedo = false)
    {
        if (Exists(fork))
        {
            if (isRedo)
            {
                return;
            }
            throw new PgException("58P02", $"could not create file \"{Locator.RelativePath(fork)}\": File exists");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(SegmentPath(fork, 0))!);
        Handle(fork, 0, create: true, missingOk: false);
    }

    /// <summary>Number of blocks in the fork (mdnblocks): full segments plus the last one's length.</summary>
    public uint NBlocks(ForkNumber fork)
    {
        uint total = 0;
        for (int seg = 0; ; seg++)
        {
            var h = Handle(fork, seg, create: false, missingOk: seg > 0);
            if (h is null)
            {
                return total;
            }
            long blocks = RandomAccess.GetLength(h) / BufPage.BlockSize;
            total += (uint)blocks;
            if (blocks < Smgr.SegmentBlocks)
            {
                return total;
            }
        }
    }

    /// <summary>Adds a block at <paramref name="block"/>, which must be the fork's current end (mdextend).</summary>
    public void Extend(ForkNumber fork, uint block, ReadOnlySpan<byte> page, bool skipFsync = false) =>
        WriteBlock(fork, block, page, skipFsync, create: true);

    /// <summary>Reads a block (mdread); reading past the end is an error.</summary>
    public void Read(ForkNumber fork, uint block, Span<byte> buffer)
    {
        var (seg, offset) = Locate(block);
        var h = Handle(fork, seg, create: false, missingOk: true);
        int n = h is null ? 0 : RandomAccess.Read(h, buffer[..BufPage.BlockSize], offset);
        if (n != BufPage.BlockSize)
        {
            throw new PgException(
                SqlState.DataCorrupted,
                $"could not read block {block} in file \"{Locator.RelativePath(fork)}{(seg == 0 ? "" : $".{seg}")}\": read only {n} of {BufPage.BlockSize} bytes");
        }
    }

    /// <summary>Writes an existing block (mdwrite) and remembers the segment for the next fsync.</summary>
    public void Write(ForkNumber fork, uint block, ReadOnlySpan<byte> page, bool skipFsync = false) =>
        WriteBlock(fork, block, page, skipFsync, create: false);

    void WriteBlock(ForkNumber fork, uint block, ReadOnlySpan<byte> page, bool skipFsync, bool create)
    {
        var (seg, offset) = Locate(block);
        if (create && seg > 0)
        {
            // The previous segments are full by construction; make sure the file of this one exists.
            Directory.CreateDirectory(Path.GetDirectoryName(SegmentPath(fork, 0))!);
        }
        var h = Handle(fork, seg, create: create, missingOk: false)!;
        RandomAccess.Write(h, page[..BufPage.BlockSize], offset);
        if (!skipFsync)
        {
            Smgr.RegisterSync(Locator, fork, seg);
        }
    }

    /// <summary>Cuts the fork down to <paramref name="nblocks"/> blocks (mdtruncate); later segments are emptied.</summary>
    public void Truncate(ForkNumber fork, uint nblocks)
    {
        uint current = NBlocks(fork);
        if (nblocks > current)
        {
            throw new PgException(
                SqlState.InternalError,
                $"could not truncate file \"{Locator.RelativePath(fork)}\" to {nblocks} blocks: it's only {current} blocks now");
        }
        int lastSeg = (int)(Math.Max(current, 1) - 1) / Smgr.SegmentBlocks;
        for (int seg = lastSeg; seg >= 0; seg--)
        {
            long segStart = (long)seg * Smgr.SegmentBlocks;
            long keep = Math.Clamp(nblocks - segStart, 0, Smgr.SegmentBlocks);
            var h = Handle(fork, seg, create: false, missingOk: true);
            if (h is null)
            {
                continue;
            }
            RandomAccess.SetLength(h, keep * BufPage.BlockSize);
            Libc.Fsync(h, SegmentPath(fork, seg));
        }
    }

    /// <summary>Removes the fork's files (mdunlink) and forgets pending fsyncs for them.</summary>
    public void Unlink(ForkNumber fork)
    {
        CloseFork(fork);
        Smgr.ForgetSync(Locator, fork);
        for (int seg = 0; ; seg++)
        {
            string path = SegmentPath(fork, seg);
            if (!File.Exists(path))
            {
                break;
            }
            File.Delete(path);
        }
    }

    /// <summary>fsyncs every segment of the fork now (mdimmedsync: after a write that skipped WAL).</summary>
    public void ImmediateSync(ForkNumber fork)
    {
        for (int seg = 0; ; seg++)
        {
            var h = Handle(fork, seg, create: false, missingOk: true);
            if (h is null)
            {
                return;
            }
            Libc.Fsync(h, SegmentPath(fork, seg));
        }
    }

    internal bool SyncSegment(ForkNumber fork, int segment)
    {
        var h = Handle(fork, segment, create: false, missingOk: true);
        if (h is null)
        {
            return false; // unlinked or truncated away since it was written
        }
        Libc.Fsync(h, SegmentPath(fork, segment));
        return true;
    }

    internal void Close()
    {
        for (int f = 0; f < Forks; f++)
        {
            CloseFork((ForkNumber)f);
        }
    }

    void CloseFork(ForkNumber fork)
    {
        foreach (var h in _segments[(int)fork])
        {
            h?.Dispose();
        }
        _segments[(int)fork].Clear();
    }

    static (int Segment, long Offset) Locate(uint block) =>
        ((int)(block / (uint)Smgr.SegmentBlocks), (long)(block % (uint)Smgr.SegmentBlocks) * BufPage.BlockSize);

    SafeFileHandle? Handle(ForkNumber fork, int segment, bool create, bool missingOk)
    {
        var list = _segments[(int)fork];
        while (list.Count <= segment)
        {
            list.Add(null);
        }
        if (list[segment] is { IsClosed: false } open)
        {
            return open;
        }
        string path = SegmentPath(fork, segment);
        try
        {
            var h = File.OpenHandle(
                path,
                create ? FileMode.OpenOrCreate : FileMode.Open,
                FileAccess.ReadWrite,
                FileShare.ReadWrite | FileShare.Delete);
            list[segment] = h;
            return h;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            if (missingOk)
            {
                return null;
            }
            throw new PgException("58P01", $"could not open file \"{Locator.RelativePath(fork)}{(segment == 0 ? "" : $".{segment}")}\": No such file or directory");
        }
        catch (IOException e)
        {
            throw new PgException(SqlState.IoError, $"could not open file \"{path}\": {e.Message}");
        }
    }
}
