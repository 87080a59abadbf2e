// The shared memory segment (ipci.c, shmem.c): one file under /dev/shm, created by the postmaster and
// mapped by every child. A header (magic, layout version, size, postmaster pid) is followed by a
// directory of named regions; each subsystem asks for its region by name (ShmemInitStruct).
// Shared memory holds only unmanaged structs, addressed by offsets: each process may map it elsewhere.
using System.Runtime.InteropServices;
using System.Text;
using Tusk.Storage.Port;

namespace Tusk.Storage.Ipc;

/// <summary>
/// A mapped segment. Entry points: <see cref="Create"/> (postmaster), <see cref="Attach"/> (children),
/// <see cref="Region"/>, <see cref="Dispose"/>, <see cref="Remove"/>. The process's own mapping is
/// <see cref="Current"/>.
/// </summary>
public sealed unsafe class SharedMemory : IDisposable
{
    public const ulong Magic = 0x5455534B_53484D31; // "TUSKSHM1"
    public const int LayoutVersion = 1;
    const int MaxRegions = 64;
    const int NameBytes = 48;
    const int Align = 128;

    [StructLayout(LayoutKind.Sequential)]
    struct Header
    {
        public ulong Magic;
        public int LayoutVersion;
        public int PostmasterPid;
        public long TotalSize;
        public int RegionCount;
        public int Generation;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct RegionEntry
    {
        public fixed byte Name[NameBytes];
        public long Offset;
        public long Size;
    }

    static readonly int DirectoryEnd = (int)AlignUp(sizeof(Header) + MaxRegions * sizeof(RegionEntry));

    readonly Dictionary<string, nint> _regions = new(StringComparer.Ordinal);

    SharedMemory(string path, byte* baseAddress, long size)
    {
        FilePath = path;
        Base = baseAddress;
        Size = size;
    }

    /// <summary>This process's mapping (set by Create or Attach).</summary>
    public static SharedMemory? Current { get; private set; }

    public string FilePath { get; }
    public byte* Base { get; private set; }
    public long Size { get; }

    static long AlignUp(long n) => (n + Align - 1) / Align * Align;

    /// <summary>
    /// Creates (replacing any stale file) and initialises a segment holding the given regions, in order.
    /// Each region's init callback runs on zeroed memory.
    /// </summary>
    public static SharedMemory Create(string path, IReadOnlyList<ShmemRegion> regions, int postmasterPid,
        int generation = 0)
    {
        if (regions.Count > MaxRegions)
            throw new InvalidOperationException("too many shared memory regions");
        long total = DirectoryEnd;
        foreach (var r in regions)
            total += AlignUp(r.Size);
        File.Delete(path);
        byte* p;
        using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            fs.SetLength(total);
            p = Map(fs, total);
        }
        new Span<byte>(p, DirectoryEnd).Clear();
        var h = (Header*)p;
        h->LayoutVersion = LayoutVersion;
        h->PostmasterPid = postmasterPid;
        h->TotalSize = total;
        h->Generation = generation;
        var shm = new SharedMemory(path, p, total);
        long off = DirectoryEnd;
        var dir = (RegionEntry*)(p + sizeof(Header));
        for (int i = 0; i < regions.Count; i++)
        {
            var r = regions[i];
            var e = dir + i;
            byte[] name = Encoding.ASCII.GetBytes(r.Name);
            if (name.Length >= NameBytes)
                throw new InvalidOperationException($"region name too long: {r.Name}");
            name.CopyTo(new Span<byte>(e->Name, NameBytes));
            e->Offset = off;
            e->Size = r.Size;
            shm._regions[r.Name] = (nint)(p + off);
            off += AlignUp(r.Size);
        }
        h->RegionCount = regions.Count;
        Current = shm;
        foreach (var r in regions)
            r.Init?.Invoke(shm.Region(r.Name));
        // Publish last: an attacher that sees the magic sees a fully initialised segment.
        Volatile.Write(ref h->Magic, Magic);
        return shm;
    }

    /// <summary>Maps an existing segment; throws if it is missing or not a Tusk segment of this version.</summary>
    public static SharedMemory Attach(string path)
    {
        byte* p;
        long size;
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            size = fs.Length;
            if (size < DirectoryEnd)
                throw new InvalidDataException($"shared memory segment \"{path}\" is too small");
            p = Map(fs, size);
        }
        var h = (Header*)p;
        if (Volatile.Read(ref h->Magic) != Magic || h->LayoutVersion != LayoutVersion || h->TotalSize != size)
        {
            Libc.Munmap(p, (nuint)size);
            throw new InvalidDataException($"\"{path}\" is not a Tusk shared memory segment of this version");
        }
        var shm = new SharedMemory(path, p, size);
        var dir = (RegionEntry*)(p + sizeof(Header));
        for (int i = 0; i < h->RegionCount; i++)
        {
            var e = dir + i;
            var nameSpan = new ReadOnlySpan<byte>(e->Name, NameBytes);
            int len = nameSpan.IndexOf((byte)0);
            shm._regions[Encoding.ASCII.GetString(nameSpan[..len])] = (nint)(p + e->Offset);
        }
        Current = shm;
        return shm;
    }

    /// <summary>Reads the postmaster pid recorded in a segment file, or 0 if it is not a valid segment.</summary>
    public static int ReadOwnerPid(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            Span<byte> buf = stackalloc byte[sizeof(Header)];
            if (fs.Read(buf) < buf.Length)
                return 0;
            var h = MemoryMarshal.Read<Header>(buf);
            return h.Magic == Magic ? h.PostmasterPid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    static byte* Map(FileStream fs, long size)
    {
        int fd = (int)fs.SafeFileHandle.DangerousGetHandle();
        void* p = Libc.Mmap(null, (nuint)size, Libc.ProtRead | Libc.ProtWrite, Libc.MapShared, fd, 0);
        if (p == (void*)-1)
            throw new IOException($"could not map shared memory segment: errno {Libc.Errno}");
        return (byte*)p;
    }

    /// <summary>Start of a named region; throws if the segment has no such region.</summary>
    public byte* Region(string name) =>
        _regions.TryGetValue(name, out var p) ? (byte*)p
            : throw new InvalidOperationException($"shared memory region \"{name}\" not found");

    /// <summary>Unmaps the segment from this process (the file stays).</summary>
    public void Dispose()
    {
        if (Base == null)
            return;
        Libc.Munmap(Base, (nuint)Size);
        Base = null;
        if (Current == this)
            Current = null;
    }

    /// <summary>Unmaps and deletes the segment file (postmaster at shutdown and before a reset).</summary>
    public void Remove()
    {
        Dispose();
        try
        {
            File.Delete(FilePath);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A named region request: size in bytes and an initialiser run once by the creator.</summary>
public sealed unsafe record ShmemRegion(string Name, long Size, ShmemInit? Init);

/// <summary>Initialises a freshly zeroed region.</summary>
public unsafe delegate void ShmemInit(byte* region);
