// Buffer mapping table (buf_table.c): BufferTag -> buffer id, a chained hash table in shared memory split into
// NumPartitions partitions, each guarded by its own LWLock (tranche BufferMapping). A bucket belongs to one
// partition (partition = bucket mod NumPartitions), so a lookup takes only that partition's lock: shared to look
// up, exclusive to insert or delete. Entries come from a pool of NBuffers + NumPartitions (every buffer maps at
// most one tag, plus one in-flight insert per partition), whose free list has its own spinlock, taken only
// while holding an exclusive partition lock.
using System.Runtime.InteropServices;
using Tusk.Storage.Lmgr;

namespace Tusk.Storage.Buffer;

public static unsafe class BufTable
{
    public const int NumPartitions = 128;

    [StructLayout(LayoutKind.Sequential)]
    struct Header
    {
        public int NumBuckets;
        public int NumEntries;
        public int FreeList;
        public int FreeListLock;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct Entry
    {
        public BufferTag Tag;
        public int BufId;
        public int Next;
    }

    static Header* _h;
    static LWLock* _locks;
    static int* _buckets;
    static Entry* _entries;

    static int Buckets(int nbuffers)
    {
        int n = NumPartitions;
        while (n < 2 * (nbuffers + NumPartitions))
        {
            n *= 2;
        }
        return n;
    }

    static long Align(long n) => (n + 63) & ~63L;

    public static long Size(int nbuffers) =>
        Align(sizeof(Header)) + Align((long)NumPartitions * sizeof(LWLock)) + Align((long)Buckets(nbuffers) * sizeof(int))
        + ((long)(nbuffers + NumPartitions) * sizeof(Entry));

    public static void Init(byte* region, int nbuffers)
    {
        Attach(region, nbuffers);
        _h->NumBuckets = Buckets(nbuffers);
        _h->NumEntries = nbuffers + NumPartitions;
        for (int i = 0; i < NumPartitions; i++)
        {
            LWLocks.Initialize(_locks + i, LWLockTranche.BufferMapping);
        }
        new Span<int>(_buckets, _h->NumBuckets).Fill(-1);
        for (int i = 0; i < _h->NumEntries; i++)
        {
            _entries[i].Next = i + 1 < _h->NumEntries ? i + 1 : -1;
        }
        _h->FreeList = 0;
    }

    public static void Attach(byte* region, int nbuffers)
    {
        _h = (Header*)region;
        _locks = (LWLock*)(region + Align(sizeof(Header)));
        _buckets = (int*)((byte*)_locks + Align((long)NumPartitions * sizeof(LWLock)));
        _entries = (Entry*)((byte*)_buckets + Align((long)Buckets(nbuffers) * sizeof(int)));
    }

    public static LWLock* PartitionLock(uint hash) => _locks + (hash & (NumPartitions - 1));

    public static int PartitionOf(uint hash) => (int)(hash & (NumPartitions - 1));

    static int Bucket(uint hash) => (int)(hash & (uint)(_h->NumBuckets - 1));

    /// <summary>The buffer holding <paramref name="tag"/>, or -1. Caller holds the partition lock.</summary>
    public static int Lookup(in BufferTag tag, uint hash)
    {
        for (int e = _buckets[Bucket(hash)]; e >= 0; e = _entries[e].Next)
        {
            if (_entries[e].Tag.Equals(tag))
            {
                return _entries[e].BufId;
            }
        }
        return -1;
    }

    /// <summary>
    /// Maps <paramref name="tag"/> to <paramref name="bufId"/> unless it is mapped already; returns the existing
    /// buffer id, or -1 when inserted. Caller holds the partition lock exclusively.
    /// </summary>
    public static int Insert(in BufferTag tag, uint hash, int bufId)
    {
        int existing = Lookup(tag, hash);
        if (existing >= 0)
        {
            return existing;
        }
        Spinlock.Acquire(&_h->FreeListLock);
        int e = _h->FreeList;
        if (e >= 0)
        {
            _h->FreeList = _entries[e].Next;
        }
        Spinlock.Release(&_h->FreeListLock);
        if (e < 0)
        {
            throw new InvalidOperationException("buffer mapping table is full");
        }
        ref int head = ref _buckets[Bucket(hash)];
        _entries[e].Tag = tag;
        _entries[e].BufId = bufId;
        _entries[e].Next = head;
        head = e;
        return -1;
    }

    /// <summary>Removes the mapping of <paramref name="tag"/>. Caller holds the partition lock exclusively.</summary>
    public static void Delete(in BufferTag tag, uint hash)
    {
        int* link = &_buckets[Bucket(hash)];
        while (*link >= 0)
        {
            int e = *link;
            if (_entries[e].Tag.Equals(tag))
            {
                *link = _entries[e].Next;
                Spinlock.Acquire(&_h->FreeListLock);
                _entries[e].Next = _h->FreeList;
                _h->FreeList = e;
                Spinlock.Release(&_h->FreeListLock);
                return;
            }
            link = &_entries[e].Next;
        }
        throw new InvalidOperationException($"buffer mapping table has no entry for {tag}");
    }
}
