// The shared invalidation queue (sinvaladt.c): how a backend that committed a catalog change tells every other
// backend to drop what its catalog caches hold about the changed objects. A ring of 4096 fixed-size messages in
// shared memory with one global write position (MaxMsgNum) and one read position per process slot (NextMsgNum).
// Writers append under the lock held exclusively; a reader takes it shared and moves only its own position.
// When the ring is full, the writer first drops what every reader has consumed (MinMsgNum); a reader still too far
// behind is marked for reset and skipped: at its next read it is told to discard all its caches (the price of a
// slow reader, never a lost invalidation). Positions are 64-bit message numbers; slot = number mod 4096.
// Lock order: SInval is a leaf (nothing else is taken while it is held).
// Entry points: Request, AttachRegion, Register (a process slot starts reading from now), Unregister, Send,
// Receive, HasPending.
using System.Runtime.InteropServices;
using Tusk.Storage.Lmgr;

namespace Tusk.Storage.Ipc;

/// <summary>What a message invalidates (SharedInvalidationMessage's id).</summary>
public enum InvalKind : byte
{
    /// <summary>A catalog cache entry: catalog id and the hash of its key.</summary>
    CatalogEntry = 1,
    /// <summary>Everything cached about one relation (relcache).</summary>
    Relation = 2,
    /// <summary>A whole catalog cache (after a change too broad to name entries).</summary>
    Catalog = 3,
    /// <summary>A relation's storage was replaced or dropped (smgr cache: close its files).</summary>
    Storage = 4,
}

/// <summary>One invalidation message (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct InvalMessage(InvalKind Kind, int CatalogId, uint DatabaseOid, uint ObjectOrHash);

public static unsafe class SharedInval
{
    public const string RegionName = "shmInvalBuffer";
    public const int MaxMessages = 4096;
    /// <summary>Free space the writer makes when the ring is full: readers further behind than this are reset.</summary>
    const int ResetThreshold = MaxMessages / 2;

    [StructLayout(LayoutKind.Sequential)]
    struct Header
    {
        public LWLock Lock;
        public long MinMsgNum;
        public long MaxMsgNum;
        public int NumSlots;
        public long Resets;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct ReaderState
    {
        public long NextMsgNum;
        public int Active;
        public int ResetPending;
    }

    static Header* _h;
    static ReaderState* _readers;
    static InvalMessage* _ring;

    public static ShmemRegion Request(int numSlots) => new(
        RegionName,
        sizeof(Header) + ((long)numSlots * sizeof(ReaderState)) + ((long)MaxMessages * sizeof(InvalMessage)),
        p =>
        {
            var h = (Header*)p;
            LWLocks.Initialize(&h->Lock, LWLockTranche.SInval);
            h->NumSlots = numSlots;
            AttachRegion(p);
        });

    public static void AttachRegion(byte* region)
    {
        _h = (Header*)region;
        _readers = (ReaderState*)(region + sizeof(Header));
        _ring = (InvalMessage*)(region + sizeof(Header) + ((long)_h->NumSlots * sizeof(ReaderState)));
    }

    /// <summary>SharedInvalBackendInit: the slot reads messages sent from now on.</summary>
    public static void Register(int slot)
    {
        LWLocks.Acquire(&_h->Lock, LWLockMode.Exclusive);
        var r = _readers + slot;
        r->NextMsgNum = _h->MaxMsgNum;
        r->ResetPending = 0;
        r->Active = 1;
        LWLocks.Release(&_h->Lock);
    }

    /// <summary>The slot stops reading (its process exits); it no longer holds back the ring.</summary>
    public static void Unregister(int slot)
    {
        LWLocks.Acquire(&_h->Lock, LWLockMode.Exclusive);
        _readers[slot].Active = 0;
        LWLocks.Release(&_h->Lock);
    }

    /// <summary>SIInsertDataEntries: appends messages for every reader (including the sender's own slot).</summary>
    public static void Send(ReadOnlySpan<InvalMessage> messages)
    {
        while (!messages.IsEmpty)
        {
            LWLocks.Acquire(&_h->Lock, LWLockMode.Exclusive);
            long free = MaxMessages - (_h->MaxMsgNum - _h->MinMsgNum);
            if (free < messages.Length && free < MaxMessages / 4)
            {
                Cleanup();
                free = MaxMessages - (_h->MaxMsgNum - _h->MinMsgNum);
            }
            int n = (int)Math.Min(free, messages.Length);
            for (int i = 0; i < n; i++)
            {
                _ring[(_h->MaxMsgNum + i) % MaxMessages] = messages[i];
            }
            Volatile.Write(ref _h->MaxMsgNum, _h->MaxMsgNum + n);
            LWLocks.Release(&_h->Lock);
            messages = messages[n..];
        }
    }

    /// <summary>
    /// SICleanupQueue (writer, lock held exclusively): readers more than ResetThreshold behind are marked for reset
    /// and no longer count; the ring's start moves to the oldest position still needed.
    /// </summary>
    static void Cleanup()
    {
        long max = _h->MaxMsgNum;
        long min = max;
        for (int i = 0; i < _h->NumSlots; i++)
        {
            var r = _readers + i;
            if (r->Active == 0 || r->ResetPending != 0)
            {
                continue;
            }
            if (max - r->NextMsgNum > ResetThreshold)
            {
                r->ResetPending = 1;
                _h->Resets++;
                continue;
            }
            min = Math.Min(min, r->NextMsgNum);
        }
        _h->MinMsgNum = min;
    }

    /// <summary>Whether messages wait for the slot (a cheap check before <see cref="Receive"/>).</summary>
    public static bool HasPending(int slot)
    {
        var r = _readers + slot;
        return Volatile.Read(ref r->ResetPending) != 0 || Volatile.Read(ref r->NextMsgNum) != Volatile.Read(ref _h->MaxMsgNum);
    }

    /// <summary>
    /// SIGetDataEntries: copies up to <c>buffer.Length</c> waiting messages for the slot and returns how many; call
    /// again until it returns 0. <paramref name="reset"/> true means messages were lost for this slot: the caller
    /// must discard every cache instead (the slot then continues from the newest message).
    /// </summary>
    public static int Receive(int slot, Span<InvalMessage> buffer, out bool reset)
    {
        var r = _readers + slot;
        LWLocks.Acquire(&_h->Lock, LWLockMode.Shared);
        try
        {
            if (r->ResetPending != 0)
            {
                r->ResetPending = 0;
                r->NextMsgNum = _h->MaxMsgNum;
                reset = true;
                return 0;
            }
            reset = false;
            long max = Volatile.Read(ref _h->MaxMsgNum);
            int n = (int)Math.Min(max - r->NextMsgNum, buffer.Length);
            for (int i = 0; i < n; i++)
            {
                buffer[i] = _ring[(r->NextMsgNum + i) % MaxMessages];
            }
            r->NextMsgNum += n;
            return n;
        }
        finally
        {
            LWLocks.Release(&_h->Lock);
        }
    }

    /// <summary>How many readers were reset because they fell behind (statistics, tests).</summary>
    public static long Resets => Volatile.Read(ref _h->Resets);
}
