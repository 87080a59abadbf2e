// Writing dirty buffers in bulk (bufmgr.c BufferSync and BgBufferSync): the checkpoint's pass over the whole pool
// and the background writer's pass just ahead of the clock hand. Both write through FlushBuffer (WAL first,
// checksummed private copy) under a shared content lock, pinning without raising the usage count.
// Entry points: FlushAllBuffers (checkpointer; a callback after each buffer paces a spread checkpoint),
// SyncLru (background writer, one round per bgwriter_delay). See README.md "Background writes".
namespace Tusk.Storage.Buffer;

public static unsafe partial class BufMgr
{
    /// <summary>Allocation and density figures are smoothed over this many rounds (as PostgreSQL does).</summary>
    const int SmoothingSamples = 16;

    /// <summary>Even with no allocations the background writer passes over the whole pool in about this time.</summary>
    const int ScanWholePoolMs = 120_000;

    /// <summary>
    /// What one SyncLru round did. <paramref name="Idle"/>: nothing was allocated since the last round and the pass is
    /// a full lap ahead, so the writer may sleep longer.
    /// </summary>
    public readonly record struct LruResult(int Scanned, int Written, bool HitMaxPages, bool Idle);

    /// <summary>
    /// Writes every buffer that is dirty when the call starts (BufferSync), for a checkpoint: marks them
    /// CheckpointNeeded, sorts them by relation and block (sequential writes), then writes those still marked
    /// (a buffer written meanwhile by someone else loses the mark). Pages dirtied after the start wait for the next
    /// checkpoint, so a busy system cannot keep a checkpoint from finishing. <paramref name="afterBuffer"/> is called
    /// after each marked buffer with the fraction done (0..1]; it may sleep to spread the writes. Returns how many
    /// buffers this call wrote.
    /// </summary>
    public static int FlushAllBuffers(Action<double>? afterBuffer = null)
    {
        var todo = new List<(BufferTag Tag, int Id)>();
        for (int id = 0; id < _nbuffers; id++)
        {
            var d = _descs + id;
            if ((Volatile.Read(ref d->State) & (BufState.Dirty | BufState.Valid)) != (BufState.Dirty | BufState.Valid))
            {
                continue;
            }
            long s = BufHdr.Lock(d);
            if ((s & (BufState.Dirty | BufState.Valid)) == (BufState.Dirty | BufState.Valid))
            {
                s |= BufState.CheckpointNeeded;
                todo.Add((d->Tag, id));
            }
            BufHdr.Unlock(d, s);
        }
        todo.Sort(static (a, b) => CompareTags(a.Tag, b.Tag));
        int written = 0;
        for (int i = 0; i < todo.Count; i++)
        {
            var d = _descs + todo[i].Id;
            if ((Volatile.Read(ref d->State) & BufState.CheckpointNeeded) != 0)
            {
                long s = BufHdr.Lock(d);
                const long needed = BufState.CheckpointNeeded | BufState.Dirty | BufState.Valid;
                if ((s & needed) != needed)
                {
                    BufHdr.Unlock(d, s);
                }
                else if (WriteLocked(d, s, Freelist.BuffersCheckpoint))
                {
                    written++;
                }
            }
            afterBuffer?.Invoke((double)(i + 1) / todo.Count);
        }
        return written;
    }

    static int CompareTags(in BufferTag a, in BufferTag b)
    {
        int c = a.Locator.CompareTo(b.Locator);
        if (c == 0)
        {
            c = a.Fork.CompareTo(b.Fork);
        }
        return c != 0 ? c : a.Block.CompareTo(b.Block);
    }

    /// <summary>
    /// One round of the background writer (BgBufferSync). Estimates the allocations of the coming round from the
    /// recent allocation rate (rising at once, falling slowly) times <paramref name="multiplier"/>, then scans ahead
    /// of the clock hand from where the last round stopped until it has seen that many reusable buffers (unpinned,
    /// usage count 0: the next victims), writing the dirty ones, at most <paramref name="maxPages"/> (0 disables the
    /// writer) and never more than one lap ahead of the hand. Buffers in use are left alone: the sweep will lower
    /// their usage count first. <paramref name="delayMs"/> (bgwriter_delay) sets a minimum pace so that an idle
    /// pool is still cleaned within about two minutes.
    /// </summary>
    public static LruResult SyncLru(LruSyncState st, int maxPages, double multiplier, int delayMs)
    {
        var (hand, allocs) = Freelist.SyncStart();
        long recent = allocs - st.PrevAllocs;
        st.PrevAllocs = allocs;
        if (maxPages <= 0)
        {
            st.Valid = false;
            return new LruResult(0, 0, false, Idle: true);
        }
        int n = _nbuffers;
        if (!st.Valid || st.Next < hand)
        {
            // First round, or the hand overtook us: start at the hand.
            st.Next = hand;
            st.Valid = true;
        }
        long ahead = Math.Min(st.Next - hand, n);

        if (recent > st.SmoothedAlloc)
        {
            st.SmoothedAlloc = recent;
        }
        else
        {
            st.SmoothedAlloc += (recent - st.SmoothedAlloc) / SmoothingSamples;
        }
        // Reusable buffers between the hand and our position, seen in earlier rounds (estimated from the density).
        double reusable = ahead / st.ScansPerReusable;
        long minScan = (long)n * Math.Max(delayMs, 1) / ScanWholePoolMs;
        double goal = Math.Max(st.SmoothedAlloc * multiplier, reusable + minScan);

        long toScan = n - ahead;
        int scanned = 0, found = 0, written = 0;
        bool hitMax = false;
        while (toScan > 0 && reusable < goal)
        {
            var d = _descs + (int)(st.Next % n);
            st.Next++;
            toScan--;
            scanned++;
            // Cheap unlocked look first: a buffer in use is passed without touching its header lock.
            long seen = Volatile.Read(ref d->State);
            if (BufState.RefCount(seen) != 0 || BufState.UsageCount(seen) != 0)
            {
                continue;
            }
            long s = BufHdr.Lock(d);
            if (BufState.RefCount(s) != 0 || BufState.UsageCount(s) != 0)
            {
                BufHdr.Unlock(d, s);
                continue;
            }
            reusable++;
            found++;
            if ((s & (BufState.Dirty | BufState.Valid)) != (BufState.Dirty | BufState.Valid))
            {
                BufHdr.Unlock(d, s);
                continue;
            }
            if (WriteLocked(d, s, Freelist.BuffersClean) && ++written >= maxPages)
            {
                hitMax = true;
                Interlocked.Increment(ref *Freelist.MaxWrittenClean);
                break;
            }
        }
        if (scanned > 0)
        {
            double density = (double)scanned / Math.Max(found, 1);
            st.ScansPerReusable += (density - st.ScansPerReusable) / SmoothingSamples;
        }
        return new LruResult(scanned, written, hitMax, Idle: recent == 0 && toScan == 0);
    }
}
