// Buffer descriptors (buf_internals.h): one 64-byte struct per shared buffer, in the "Buffer Descriptors" region.
//
// State is one 64-bit word changed only with atomic operations:
//   bits 0..31  reference count (processes pinning the buffer; a process counts once however often it pins)
//   bits 32..35 usage count (0..MaxUsageCount, for the clock sweep)
//   bits 40..   flags (Locked is the buffer-header spinlock, held for a few instructions to change the tag)
// The tag (which block the buffer holds) changes only with the header lock held, the buffer unpinned by others,
// and the mapping partitions of the old and new tag locked exclusively. The page itself is read and written
// under the content LWLock; the I/O of one buffer is serialised by IoInProgress, waited for on IoSeq (a futex).
using System.Runtime.InteropServices;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Smgr;

namespace Tusk.Storage.Buffer;

/// <summary>Which block a buffer holds (BufferTag).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct BufferTag : IEquatable<BufferTag>
{
    public uint SpcOid;
    public uint DbOid;
    public uint RelNumber;
    public uint Block;
    public ForkNumber Fork;

    public BufferTag(RelFileLocator locator, ForkNumber fork, uint block)
    {
        SpcOid = locator.SpcOid;
        DbOid = locator.DbOid;
        RelNumber = locator.RelNumber;
        Fork = fork;
        Block = block;
    }

    public readonly RelFileLocator Locator => new(SpcOid, DbOid, RelNumber);

    public readonly bool Equals(BufferTag o) =>
        SpcOid == o.SpcOid && DbOid == o.DbOid && RelNumber == o.RelNumber && Block == o.Block && Fork == o.Fork;

    public override readonly bool Equals(object? obj) => obj is BufferTag t && Equals(t);

    public override readonly int GetHashCode() => (int)Hash();

    /// <summary>A well-mixed 32-bit hash (the mapping table's bucket and partition come from its low bits).</summary>
    public readonly uint Hash()
    {
        ulong h = (((ulong)RelNumber << 32) | Block) * 0x9E3779B97F4A7C15UL;
        h ^= (((ulong)DbOid << 8) | (byte)Fork) * 0xC2B2AE3D27D4EB4FUL;
        h ^= SpcOid;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 32;
        return (uint)h;
    }

    public override readonly string ToString() => $"{Locator} fork {Fork} block {Block}";
}

[StructLayout(LayoutKind.Explicit, Size = 64)]
public struct BufferDesc
{
    [FieldOffset(0)] public BufferTag Tag;
    [FieldOffset(24)] public int BufId;
    [FieldOffset(32)] public long State;
    /// <summary>Bumped (and futex-woken) whenever an I/O on this buffer ends.</summary>
    [FieldOffset(40)] public int IoSeq;
    /// <summary>Processes sleeping in WaitIO (so the ender knows whether to wake).</summary>
    [FieldOffset(44)] public int IoWaiters;
    [FieldOffset(48)] public LWLock ContentLock;
}

/// <summary>The bits of <see cref="BufferDesc.State"/>.</summary>
public static class BufState
{
    public const long RefCountOne = 1;
    public const long RefCountMask = 0xFFFF_FFFFL;
    public const int UsageShift = 32;
    public const long UsageOne = 1L << UsageShift;
    public const long UsageMask = 0xFL << UsageShift;
    public const int MaxUsageCount = 5;

    /// <summary>Buffer-header spinlock.</summary>
    public const long Locked = 1L << 40;
    /// <summary>The page differs from the disk copy.</summary>
    public const long Dirty = 1L << 41;
    /// <summary>The page holds the block's data.</summary>
    public const long Valid = 1L << 42;
    /// <summary>The tag is meaningful (and in the mapping table).</summary>
    public const long TagValid = 1L << 43;
    /// <summary>A read or write of the page is under way.</summary>
    public const long IoInProgress = 1L << 44;
    /// <summary>The last I/O failed.</summary>
    public const long IoError = 1L << 45;
    /// <summary>Dirtied again while being written: the write must not clear Dirty.</summary>
    public const long JustDirtied = 1L << 46;
    /// <summary>Must be written by the checkpoint under way.</summary>
    public const long CheckpointNeeded = 1L << 47;

    public static int RefCount(long state) => (int)(state & RefCountMask);

    public static int UsageCount(long state) => (int)((state & UsageMask) >> UsageShift);
}

/// <summary>Buffer-header lock: a spinlock bit in the state word.</summary>
public static unsafe class BufHdr
{
    /// <summary>Takes the header lock; returns the state (with Locked set).</summary>
    public static long Lock(BufferDesc* d)
    {
        var spin = new SpinWait();
        while (true)
        {
            long old = Interlocked.Or(ref d->State, BufState.Locked);
            if ((old & BufState.Locked) == 0)
            {
                return old | BufState.Locked;
            }
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Publishes <paramref name="state"/> and releases the header lock.</summary>
    public static void Unlock(BufferDesc* d, long state) => Volatile.Write(ref d->State, state & ~BufState.Locked);

    /// <summary>The state once the header lock is free (for compare-and-swap loops that must not overtake it).</summary>
    public static long WaitUnlocked(BufferDesc* d)
    {
        var spin = new SpinWait();
        long s = Volatile.Read(ref d->State);
        while ((s & BufState.Locked) != 0)
        {
            spin.SpinOnce(sleep1Threshold: -1);
            s = Volatile.Read(ref d->State);
        }
        return s;
    }
}
