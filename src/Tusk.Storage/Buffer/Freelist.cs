// Buffer replacement (freelist.c): the clock sweep. A shared hand (an ever-increasing counter, modulo NBuffers)
// passes over the buffers; an unpinned buffer with usage count 0 is the victim, otherwise its usage count is
// decremented and the hand moves on. Pinning raises the usage count (up to MaxUsageCount), so often-used pages
// survive several passes. A full pass that finds every buffer pinned is an error (53000), as in PostgreSQL.
// The hand's position and the allocation count are what the background writer reads to run ahead of the hand
// (BufMgr.SyncLru); the write counters of pg_stat_bgwriter live on the second cache line of the same region.
using System.Runtime.InteropServices;
using Tusk.Storage.Ipc;

namespace Tusk.Storage.Buffer;

public static unsafe class Freelist
{
    /// <summary>The clock and the buffer write counters. Every field is changed with atomic operations only.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    public struct Control
    {
        /// <summary>The hand: ever increasing, the next buffer is NextVictim % NBuffers.</summary>
        [FieldOffset(0)] public long NextVictim;
        /// <summary>Victims asked for (pg_stat_bgwriter.buffers_alloc).</summary>
        [FieldOffset(16)] public long NumBufferAllocs;
        /// <summary>shared_buffers of the segment, so an attaching process needs no settings.</summary>
        [FieldOffset(24)] public int NBuffers;
        /// <summary>Proc number of a hibernating background writer, -1 if none: the next allocation wakes it.</summary>
        [FieldOffset(28)] public int BgWriterProc;
        // Second cache line: written buffers by writer (pg_stat_bgwriter), away from the hot hand.
        [FieldOffset(64)] public long BuffersCheckpoint;
        [FieldOffset(72)] public long BuffersClean;
        [FieldOffset(80)] public long MaxWrittenClean;
        [FieldOffset(88)] public long BuffersBackend;
    }

    /// <summary>A snapshot of the write counters (pg_stat_bgwriter).</summary>
    public readonly record struct WriteCounters(
        long BuffersCheckpoint, long BuffersClean, long MaxWrittenClean, long BuffersBackend, long BuffersAlloc);

    static Control* _c;

    public static long Size => sizeof(Control);

    public static void Attach(byte* region) => _c = (Control*)region;

    public static void Init(byte* region, int nbuffers)
    {
        Attach(region);
        _c->NBuffers = nbuffers;
        _c->BgWriterProc = -1;
    }

    /// <summary>
    /// The background writer goes to sleep for long (nothing to do): the next buffer allocation sets its latch
    /// (StrategyNotifyBgWriter). -1 withdraws.
    /// </summary>
    public static void NotifyBgWriter(int procNumber) => Volatile.Write(ref _c->BgWriterProc, procNumber);

    public static int NBuffers => _c->NBuffers;

    /// <summary>
    /// Where the hand is (StrategySyncStart): its tick (buffer = tick % NBuffers; one lap = NBuffers ticks) and the
    /// number of victims asked for so far, for the background writer.
    /// </summary>
    public static (long Hand, long Allocs) SyncStart() =>
        (Volatile.Read(ref _c->NextVictim), Volatile.Read(ref _c->NumBufferAllocs));

    public static WriteCounters Counters => new(Volatile.Read(ref _c->BuffersCheckpoint),
        Volatile.Read(ref _c->BuffersClean), Volatile.Read(ref _c->MaxWrittenClean),
        Volatile.Read(ref _c->BuffersBackend), Volatile.Read(ref _c->NumBufferAllocs));

    internal static long* BuffersCheckpoint => &_c->BuffersCheckpoint;

    internal static long* BuffersClean => &_c->BuffersClean;

    internal static long* MaxWrittenClean => &_c->MaxWrittenClean;

    internal static long* BuffersBackend => &_c->BuffersBackend;

    /// <summary>
    /// Finds a victim (StrategyGetBuffer): returns its id with the buffer-header lock held, unpinned, usage 0.
    /// </summary>
    public static int GetVictim(BufferDesc* descs, int nbuffers, out long state)
    {
        Interlocked.Increment(ref _c->NumBufferAllocs);
        if (Volatile.Read(ref _c->BgWriterProc) >= 0)
        {
            int bgwriter = Interlocked.Exchange(ref _c->BgWriterProc, -1);
            if (bgwriter >= 0)
            {
                Latch.Set(bgwriter);
            }
        }
        int tries = nbuffers;
        while (true)
        {
            long tick = Interlocked.Increment(ref _c->NextVictim) - 1;
            int id = (int)(tick % nbuffers);
            var d = descs + id;
            // Cheap unlocked look first: a pinned buffer is skipped without touching its lock.
            long seen = Volatile.Read(ref d->State);
            if (BufState.RefCount(seen) == 0)
            {
                long s = BufHdr.Lock(d);
                if (BufState.RefCount(s) == 0)
                {
                    if (BufState.UsageCount(s) == 0)
                    {
                        state = s;
                        return id;
                    }
                    BufHdr.Unlock(d, s - BufState.UsageOne);
                    tries = nbuffers;
                    continue;
                }
                BufHdr.Unlock(d, s);
            }
            if (--tries == 0)
            {
                throw new Common.Errors.PgException("53000", "no unpinned buffers available");
            }
        }
    }
}
