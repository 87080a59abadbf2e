// Port: thin P/Invoke layer over the Linux C library (PostgreSQL's src/backend/port).
// Everything here is a direct system call wrapper: no policy, no allocation beyond what the call needs.
// Source-generated marshalling only (LibraryImport), so the code stays Native AOT clean.
using System.Runtime.InteropServices;

namespace Tusk.Storage.Port;

/// <summary>Linux system calls used by the process model: sockets, fd passing, futexes, signals.</summary>
public static unsafe partial class Libc
{
    public const int AfUnix = 1;
    public const int SockStream = 1;
    public const int SockSeqPacket = 5;
    public const int SockCloexec = 0x80000;
    public const int SockNonblock = 0x800;
    public const int SolSocket = 1;
    public const int ScmRights = 1;
    public const int MsgDontWait = 0x40;
    public const int MsgNoSignal = 0x4000;
    public const int MsgCmsgCloexec = 0x40000000;
    public const int IpProtoTcp = 6;
    public const int TcpNoDelay = 1;
    public const int SoKeepAlive = 9;

    public const short PollIn = 0x001;
    public const short PollOut = 0x004;
    public const short PollErr = 0x008;
    public const short PollHup = 0x010;
    public const short PollNval = 0x020;

    public const int FGetFd = 1;
    public const int FSetFd = 2;
    public const int FdCloexec = 1;

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int ETimedOut = 110;
    public const int ESrch = 3;

    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigKill = 9;
    public const int SigUsr1 = 10;
    public const int SigUsr2 = 12;
    public const int SigTerm = 15;
    public const int SigUrg = 23;

    const long SysFutex = 202;
    const int FutexOpWait = 0;
    const int FutexOpWake = 1;
    const int PrSetName = 15;
    const int PrSetPdeathsig = 1;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct IoVec
    {
        public void* Base;
        public nuint Len;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct MsgHdr
    {
        public void* Name;
        public uint NameLen;
        public IoVec* Iov;
        public nuint IovLen;
        public void* Control;
        public nuint ControlLen;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Sec;
        public long Nsec;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socketpair(int domain, int type, int protocol, int* sv);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint sendmsg(int fd, MsgHdr* msg, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recvmsg(int fd, MsgHdr* msg, int flags);

    [LibraryImport("libc", EntryPoint = "accept4", SetLastError = true)]
    private static partial int accept4(int fd, byte* addr, uint* addrLen, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(int fd, byte* buf, nuint len, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(int fd, byte* buf, nuint len, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, byte* buf, nuint len);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, byte* buf, nuint len);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int sig);

    [LibraryImport("libc", EntryPoint = "getppid")]
    public static partial int GetParentPid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int* addr, int op, int val, TimeSpec* timeout, nint a5, nint a6);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    public static partial int SetSid();

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int oldFd, int newFd);

    [LibraryImport("libc", EntryPoint = "_exit")]
    public static partial void ExitImmediately(int status);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setsockopt(int fd, int level, int name, int* value, uint len);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getpeername(int fd, byte* addr, uint* len);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getsockname(int fd, byte* addr, uint* len);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial void* Mmap(void* addr, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(void* addr, nuint length);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(int fd);

    const int ORdOnly = 0;
    const int ODirectory = 0x10000;
    const int OCloexec = 0x80000;

    /// <summary>fdatasync, retried on EINTR; 0 or -1 (errno in <see cref="Errno"/>).</summary>
    public static int FDataSync(int fd)
    {
        int r;
        do
            r = fdatasync(fd);
        while (r < 0 && Errno == EIntr);
        return r;
    }

    /// <summary>fsync of a directory (makes a file creation or rename in it durable); 0 or -1.</summary>
    public static int FSyncDirectory(string path)
    {
        int fd = open(path, ORdOnly | ODirectory | OCloexec, 0);
        if (fd < 0)
            return -1;
        int r;
        do
            r = fsync(fd);
        while (r < 0 && Errno == EIntr);
        Close(fd);
        return r;
    }

    public const int ProtRead = 1;
    public const int ProtWrite = 2;
    public const int MapShared = 1;

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint getrandom(byte* buf, nuint len, uint flags);

    /// <summary>Fills the buffer from the kernel's CSPRNG (getrandom), without loading a crypto library.</summary>
    public static void GetRandom(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            int off = 0;
            while (off < buffer.Length)
            {
                nint n = getrandom(p + off, (nuint)(buffer.Length - off), 0);
                if (n < 0)
                {
                    if (Errno == EIntr)
                        continue;
                    throw new IOException($"getrandom failed: errno {Errno}");
                }
                off += (int)n;
            }
        }
    }

    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>Creates a connected pair of Unix sockets of the given type, both close-on-exec.</summary>
    public static (int A, int B) SocketPair(int type)
    {
        int* sv = stackalloc int[2];
        if (socketpair(AfUnix, type | SockCloexec, 0, sv) != 0)
            throw new IOException($"socketpair failed: errno {Errno}");
        return (sv[0], sv[1]);
    }

    /// <summary>Clears or sets FD_CLOEXEC, so a child spawned next inherits (or not) this descriptor.</summary>
    public static void SetCloseOnExec(int fd, bool on)
    {
        int flags = fcntl(fd, FGetFd, 0);
        if (flags < 0)
            throw new IOException($"fcntl(F_GETFD) failed: errno {Errno}");
        flags = on ? flags | FdCloexec : flags & ~FdCloexec;
        if (fcntl(fd, FSetFd, flags) < 0)
            throw new IOException($"fcntl(F_SETFD) failed: errno {Errno}");
    }

    /// <summary>Sends a payload and one file descriptor (SCM_RIGHTS) over a Unix socket.</summary>
    public static bool SendFd(int sock, int fdToSend, ReadOnlySpan<byte> payload)
    {
        byte* control = stackalloc byte[24];
        new Span<byte>(control, 24).Clear();
        *(ulong*)control = 20;               // cmsg_len = CMSG_LEN(sizeof(int))
        *(int*)(control + 8) = SolSocket;    // cmsg_level
        *(int*)(control + 12) = ScmRights;   // cmsg_type
        *(int*)(control + 16) = fdToSend;
        fixed (byte* p = payload)
        {
            var iov = new IoVec { Base = p, Len = (nuint)payload.Length };
            var msg = new MsgHdr { Iov = &iov, IovLen = 1, Control = control, ControlLen = 24 };
            nint n;
            do
                n = sendmsg(sock, &msg, MsgNoSignal);
            while (n < 0 && Errno == EIntr);
            return n >= 0;
        }
    }

    /// <summary>Sends one packet (no descriptor) on a SOCK_SEQPACKET socket.</summary>
    public static bool SendPacket(int sock, ReadOnlySpan<byte> payload)
    {
        fixed (byte* p = payload)
        {
            nint n;
            do
                n = send(sock, p, (nuint)payload.Length, MsgNoSignal);
            while (n < 0 && Errno == EIntr);
            return n == payload.Length;
        }
    }

    /// <summary>
    /// Receives a payload and at most one descriptor. Returns bytes read (0 on EOF, -1 on error);
    /// <paramref name="fd"/> is -1 when no descriptor came with the message.
    /// </summary>
    public static int ReceiveFd(int sock, Span<byte> payload, out int fd)
    {
        fd = -1;
        byte* control = stackalloc byte[24];
        new Span<byte>(control, 24).Clear();
        fixed (byte* p = payload)
        {
            var iov = new IoVec { Base = p, Len = (nuint)payload.Length };
            var msg = new MsgHdr { Iov = &iov, IovLen = 1, Control = control, ControlLen = 24 };
            nint n;
            do
                n = recvmsg(sock, &msg, MsgCmsgCloexec);
            while (n < 0 && Errno == EIntr);
            if (n > 0 && msg.ControlLen >= 20 && *(int*)(control + 8) == SolSocket
                && *(int*)(control + 12) == ScmRights)
                fd = *(int*)(control + 16);
            return (int)n;
        }
    }

    /// <summary>accept4 with SOCK_CLOEXEC; returns -1 when nothing is pending or on error.</summary>
    public static int Accept(int listenFd)
    {
        int fd;
        do
            fd = accept4(listenFd, null, null, SockCloexec);
        while (fd < 0 && Errno == EIntr);
        return fd;
    }

    /// <summary>poll(2); EINTR is reported as 0 ready descriptors.</summary>
    public static int Poll(Span<PollFd> fds, int timeoutMs)
    {
        fixed (PollFd* p = fds)
        {
            int n = poll(p, (nuint)fds.Length, timeoutMs);
            if (n < 0 && Errno == EIntr)
                return 0;
            return n;
        }
    }

    /// <summary>Non-blocking receive. Returns bytes read, 0 on EOF, -1 if nothing is available, -2 on error.</summary>
    public static int ReceiveNonBlocking(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = recv(fd, p, (nuint)buffer.Length, MsgDontWait);
                if (n >= 0)
                    return (int)n;
                int e = Errno;
                if (e == EIntr)
                    continue;
                return e == EAgain ? -1 : -2;
            }
        }
    }

    /// <summary>Blocking send of the whole buffer. Returns false if the peer is gone.</summary>
    public static bool SendAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int off = 0;
            while (off < data.Length)
            {
                nint n = send(fd, p + off, (nuint)(data.Length - off), MsgNoSignal);
                if (n < 0)
                {
                    int e = Errno;
                    if (e == EIntr)
                        continue;
                    if (e == EAgain)
                    {
                        Span<PollFd> pf = stackalloc PollFd[1];
                        pf[0] = new PollFd { Fd = fd, Events = PollOut };
                        Poll(pf, 1000);
                        continue;
                    }
                    return false;
                }
                off += (int)n;
            }
            return true;
        }
    }

    /// <summary>Creates a non-blocking, close-on-exec eventfd used to wake a poll from a signal handler.</summary>
    public static int EventFd()
    {
        int fd = eventfd(0, 0x80000 | 0x800);
        if (fd < 0)
            throw new IOException($"eventfd failed: errno {Errno}");
        return fd;
    }

    /// <summary>Adds one to an eventfd (wakes anyone polling it).</summary>
    public static void EventFdSignal(int fd)
    {
        ulong one = 1;
        _ = write(fd, (byte*)&one, 8);
    }

    /// <summary>Resets an eventfd to zero.</summary>
    public static void EventFdDrain(int fd)
    {
        ulong v;
        _ = read(fd, (byte*)&v, 8);
    }

    /// <summary>FUTEX_WAIT (shared, not PRIVATE): sleeps while *addr == expected. Returns false on timeout.</summary>
    public static bool FutexWait(int* addr, int expected, int timeoutMs)
    {
        long r;
        if (timeoutMs < 0)
        {
            r = syscall(SysFutex, addr, FutexOpWait, expected, null, 0, 0);
        }
        else
        {
            var ts = new TimeSpec { Sec = timeoutMs / 1000, Nsec = (timeoutMs % 1000) * 1_000_000L };
            r = syscall(SysFutex, addr, FutexOpWait, expected, &ts, 0, 0);
        }
        return r == 0 || Errno != ETimedOut;
    }

    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static partial nint signal_(int signo, nint handler);

    /// <summary>Sets a signal's disposition to SIG_DFL (undoing an inherited SIG_IGN) before a handler is added.</summary>
    public static void SetDefaultSignalAction(int signo) => signal_(signo, 0);

    /// <summary>FUTEX_WAKE (shared): wakes up to <paramref name="count"/> waiters on addr.</summary>
    public static void FutexWake(int* addr, int count) => syscall(SysFutex, addr, FutexOpWake, count, null, 0, 0);

    /// <summary>Sets the thread name (comm, 15 bytes). Call on the main thread to name the process.</summary>
    public static void SetProcessName(string name)
    {
        Span<byte> buf = stackalloc byte[16];
        buf.Clear();
        int n = System.Text.Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(15, name.Length)), buf);
        buf[n] = 0;
        fixed (byte* p = buf)
            _ = prctl(PrSetName, (nuint)p, 0, 0, 0);
    }

    /// <summary>Asks the kernel to send <paramref name="sig"/> to this process when its parent thread exits.</summary>
    public static void SetParentDeathSignal(int sig) => _ = prctl(PrSetPdeathsig, (nuint)sig, 0, 0, 0);

    public static void SetIntSockOpt(int fd, int level, int name, int value) =>
        _ = setsockopt(fd, level, name, &value, 4);

    /// <summary>Peer address of a connected socket: (family, address text, port). Unix sockets give ("", 0).</summary>
    public static (int Family, string Address, int Port) PeerAddress(int fd, bool local = false)
    {
        byte* sa = stackalloc byte[128];
        uint len = 128;
        int r = local ? getsockname(fd, sa, &len) : getpeername(fd, sa, &len);
        if (r != 0)
            return (0, "", 0);
        int family = *(ushort*)sa;
        int port = (sa[2] << 8) | sa[3];
        if (family == 2)
            return (family, new System.Net.IPAddress(new ReadOnlySpan<byte>(sa + 4, 4)).ToString(), port);
        if (family == 10)
        {
            var ip = new System.Net.IPAddress(new ReadOnlySpan<byte>(sa + 8, 16));
            if (ip.IsIPv4MappedToIPv6)
                ip = ip.MapToIPv4();
            return (family, ip.ToString(), port);
        }
        return (family, "", 0);
    }
}
