// Lock hammer worker: attaches to a test segment, takes a process slot, then runs one of
//   spin N       N increments of a plain counter under the spinlock
//   lwlock N R   N iterations: every R-th is an exclusive update of A and B, the rest shared reads
//   buffers N DATADIR BLOCKS   N times: pin a random block of relation 1663/1/16384 through the shared buffer
//                              pool, lock it exclusively and increment the counter in its first item; every
//                              tenth time read a block under a shared lock and check its header instead;
//                              every 50th time run a background writer round, every 500th a checkpoint's write
//                              pass, so pages are written while other processes change them
//   wal N DIR F  N WAL records inserted (WalHammer), WAL flushed every F-th
//   crash - DATADIR ROWBYTES   transactions on a WalCluster's segment until killed (CrashHammer)
// and checks mutual exclusion on the way (violations are counted in shared memory).
using System.Globalization;
using Tusk.Common.Utils;
using Tusk.Storage.Buffer;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;

namespace Tusk.LockHammer;

public static unsafe class Program
{
    static int Main(string[] args)
    {
        if (args[1] == "crash")
        {
            return CrashHammer.Run(args);
        }
        var shm = SharedMemory.Attach(args[0]);
        ProcGlobal.AttachRegion(shm.Region(ProcGlobal.RegionName));
        if (args[1] == "heap")
        {
            ProcArray.AttachRegion(shm.Region(ProcArray.RegionName));
            VarSup.AttachRegion(shm.Region(VarSup.RegionName));
            Clog.Attach(shm);
            SubTrans.Attach(shm);
        }
        int slot = ProcGlobal.ClaimClientSlot(true, 0, BackendType.ClientBackend, 0);
        if (slot < 0)
            return 3;
        var h = (HammerRegion*)shm.Region(HammerRegion.Name);
        int n = int.Parse(args[2], CultureInfo.InvariantCulture);
        int workers = int.Parse(args[^1], CultureInfo.InvariantCulture);
        // Start together so the workers really contend.
        Interlocked.Increment(ref h->Started);
        while (Volatile.Read(ref h->Started) < workers)
            Thread.SpinWait(50);
        if (args[1] == "wal")
        {
            XLog.AttachRegion(shm.Region(XLog.RegionName));
            int rc = WalHammer.Run(args, slot);
            ProcGlobal.ReleaseMySlot();
            return rc;
        }
        if (args[1] == "heap")
        {
            HeapHammer.Run(shm, n, args[3], int.Parse(args[4], CultureInfo.InvariantCulture));
        }
        else if (args[1] == "buffers")
        {
            BufferHammer(h, n, args[3], int.Parse(args[4], CultureInfo.InvariantCulture), shm);
        }
        else if (args[1] == "spin")
        {
            for (int i = 0; i < n; i++)
            {
                Spinlock.Acquire(&h->Spin);
                long v = h->SpinCounter;
                Thread.SpinWait(5);
                h->SpinCounter = v + 1;
                Spinlock.Release(&h->Spin);
            }
        }
        else
        {
            int every = int.Parse(args[3], CultureInfo.InvariantCulture);
            for (int i = 0; i < n; i++)
            {
                if (i % every == 0)
                {
                    LWLocks.Acquire(&h->Lock, LWLockMode.Exclusive);
                    if (Interlocked.Increment(ref h->ExclusiveInside) != 1 || Volatile.Read(ref h->SharedInside) != 0)
                        Interlocked.Increment(ref h->Violations);
                    long a = h->A;
                    Thread.SpinWait(20);
                    h->A = a + 1;
                    h->B = h->B + 1;
                    Interlocked.Decrement(ref h->ExclusiveInside);
                    LWLocks.Release(&h->Lock);
                }
                else
                {
                    LWLocks.Acquire(&h->Lock, LWLockMode.Shared);
                    int readers = Interlocked.Increment(ref h->SharedInside);
                    if (Volatile.Read(ref h->ExclusiveInside) != 0 || h->A != h->B)
                        Interlocked.Increment(ref h->Violations);
                    long max = Volatile.Read(ref h->MaxConcurrentReaders);
                    if (readers > max)
                        Interlocked.CompareExchange(ref h->MaxConcurrentReaders, readers, max);
                    Thread.SpinWait(20);
                    Interlocked.Increment(ref h->SharedReads);
                    Interlocked.Decrement(ref h->SharedInside);
                    LWLocks.Release(&h->Lock);
                }
            }
        }
        ProcGlobal.ReleaseMySlot();
        return 0;
    }

    /// <summary>The relation the buffer hammer and its test use.</summary>
    public static readonly RelFileLocator HammerRelation = new(RelFileLocator.DefaultTablespace, 1, 16384);

    static void BufferHammer(HammerRegion* h, int n, string dataDir, int blocks, SharedMemory shm)
    {
        BufMgr.Attach(shm);
        Smgr.Initialize(dataDir);
        var rel = Smgr.Open(HammerRelation);
        var rng = new Random(Environment.ProcessId);
        var lru = new LruSyncState();
        for (int i = 0; i < n; i++)
        {
            if (i % 50 == 49)
            {
                BufMgr.SyncLru(lru, maxPages: 8, multiplier: 4.0, delayMs: 200);
            }
            if (i % 500 == 499)
            {
                BufMgr.FlushAllBuffers();
            }
            var b = BufMgr.ReadBuffer(rel, ForkNumber.Main, (uint)rng.Next(blocks));
            if (i % 10 == 9)
            {
                BufMgr.LockBuffer(b, LWLockMode.Shared);
                var page = BufMgr.GetPage(b);
                if (!page.HeaderIsValid() || page.MaxOffset != 1)
                    Interlocked.Increment(ref h->BadPages);
            }
            else
            {
                BufMgr.LockBuffer(b, LWLockMode.Exclusive);
                var item = BufMgr.GetPage(b).GetItem(1);
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(
                    item, System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(item) + 1);
                BufMgr.MarkBufferDirty(b);
                Interlocked.Increment(ref h->Increments);
            }
            BufMgr.UnlockReleaseBuffer(b);
        }
    }
}
