// Buffer replacement (freelist.c): the clock sweep. A shared hand (an ever-increasing counter, modulo NBuffers)
// passes over the buffers; an unpinned buffer with usage count 0 is the victim, otherwise its usage count is
// decremented and the hand moves on. Pinning raises the usage count (up to MaxUsageCount), so often-used pages
// survive several passes. A full pass that finds every buffer pinned is an error (53000), as in PostgreSQL.
// The counters (passes, allocations) are what the background writer will read to run ahead of the hand.
using System.Runtime.InteropServices;

namespace Tusk.Storage.Buffer;

public static unsafe class Freelist
{
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    public struct Control
    {
        public long NextVictim;
        public long CompletePasses;
        public long NumBufferAllocs;
        /// <summary>shared_buffers of the segment, so an attaching process needs no settings.</summary>
        public int NBuffers;
    }

    static Control* _c;

    public static long Size => sizeof(Control);

    public static void Attach(byte* region) => _c = (Control*)region;

    public static void Init(byte* region, int nbuffers)
    {
        Attach(region);
        _c->NBuffers = nbuffers;
    }

    public static int NBuffers => _c->NBuffers;

    /// <summary>Where the hand is: (complete passes, next buffer), for the background writer.</summary>
    public static (long Passes, int Next) SyncStart(int nbuffers)
    {
        long n = Volatile.Read(ref _c->NextVictim);
        return (n / nbuffers, (int)(n % nbuffers));
    }

    public static long Allocations => Volatile.Read(ref _c->NumBufferAllocs);

    /// <summary>
    /// Finds a victim (StrategyGetBuffer): returns its id with the buffer-header lock held, unpinned, usage 0.
    /// </summary>
    public static int GetVictim(BufferDesc* descs, int nbuffers, out long state)
    {
        Interlocked.Increment(ref _c->NumBufferAllocs);
        int tries = nbuffers;
        while (true)
        {
            long tick = Interlocked.Increment(ref _c->NextVictim) - 1;
            int id = (int)(tick % nbuffers);
            if (id == 0 && tick > 0)
            {
                Interlocked.Increment(ref _c->CompletePasses);
            }
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
