// Backend status array (backend_status.c): one entry per process slot, read by pg_stat_activity.
// Each entry is written only by its owner, bracketed by an odd/even change counter; readers copy the
// entry and retry until they see the same even counter before and after (no lock on either side).
// Query text lives in a separate area of track_activity_query_size bytes per slot.
using System.Runtime.InteropServices;
using System.Text;
using Tusk.Common.Utils;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;

namespace Tusk.Storage.Activity;

public enum BackendState
{
    Undefined = 0,
    Idle = 1,
    Running = 2,
    IdleInTransaction = 3,
    FastPath = 4,
    IdleInTransactionAborted = 5,
    Disabled = 6,
}

/// <summary>A consistent copy of one entry, for pg_stat_activity.</summary>
public sealed record BackendStatusSnapshot(
    int Pid, BackendType Type, uint DatabaseOid, string? DatabaseName, uint UserOid, string? UserName,
    string ApplicationName, int ClientFamily, string? ClientAddress, int ClientPort, long BackendStart,
    long XactStart, long QueryStart, long StateChange, BackendState State, string Query, uint WaitEventInfo);

/// <summary>
/// The shared status array. Entry points: <see cref="Request"/>, <see cref="AttachRegion"/>,
/// <see cref="ReportStart"/>, <see cref="ReportActivity"/>, <see cref="ReportXactStart"/>,
/// <see cref="ReportAppName"/>, <see cref="ReportEnd"/>, <see cref="Read"/>.
/// </summary>
public static unsafe class BackendStatus
{
    public const string RegionName = "BackendStatusArray";
    const int NameLen = 64;
    const int AddrLen = 48;

    [StructLayout(LayoutKind.Sequential)]
    struct Entry
    {
        public int ChangeCount;
        public int Pid;
        public int BackendType;
        public int State;
        public long BackendStart;
        public long XactStart;
        public long QueryStart;
        public long StateChange;
        public uint DatabaseOid;
        public uint UserOid;
        public int ClientFamily;
        public int ClientPort;
        public int QueryLen;
        public int HasDatabase;
        public fixed byte ClientAddr[AddrLen];
        public fixed byte DatabaseName[NameLen];
        public fixed byte UserName[NameLen];
        public fixed byte AppName[NameLen];
    }

    [StructLayout(LayoutKind.Sequential)]
    struct Header
    {
        public int NumEntries;
        public int QuerySize;
    }

    static Header* _header;
    static Entry* _entries;
    static byte* _queries;

    public static ShmemRegion Request(int numProcs, int querySize) => new(RegionName,
        sizeof(Header) + (long)numProcs * (sizeof(Entry) + querySize), p =>
        {
            ((Header*)p)->NumEntries = numProcs;
            ((Header*)p)->QuerySize = querySize;
            AttachRegion(p);
        });

    public static void AttachRegion(byte* region)
    {
        _header = (Header*)region;
        _entries = (Entry*)(region + sizeof(Header));
        _queries = (byte*)(_entries + _header->NumEntries);
    }

    static Entry* Mine => ProcGlobal.MyProcNumber >= 0 && _header != null ? _entries + ProcGlobal.MyProcNumber : null;

    static void BeginWrite(Entry* e) => Interlocked.Increment(ref e->ChangeCount);

    static void EndWrite(Entry* e) => Interlocked.Increment(ref e->ChangeCount);

    static void Put(byte* dst, int cap, string? s)
    {
        var span = new Span<byte>(dst, cap);
        span.Clear();
        if (string.IsNullOrEmpty(s))
            return;
        int n = Utf8Truncate(s, span[..(cap - 1)]);
        span[n] = 0;
    }

    static int Utf8Truncate(string s, Span<byte> dst)
    {
        var enc = Encoding.UTF8;
        if (enc.GetByteCount(s) <= dst.Length)
            return enc.GetBytes(s, dst);
        // Cut on a character boundary.
        int chars = Math.Min(s.Length, dst.Length);
        while (chars > 0 && enc.GetByteCount(s.AsSpan(0, chars)) > dst.Length)
            chars--;
        if (chars > 0 && char.IsHighSurrogate(s[chars - 1]))
            chars--;
        return enc.GetBytes(s.AsSpan(0, chars), dst);
    }

    static string? Get(byte* src, int cap)
    {
        var span = new ReadOnlySpan<byte>(src, cap);
        int n = span.IndexOf((byte)0);
        if (n < 0)
            n = cap;
        return Encoding.UTF8.GetString(span[..n]);
    }

    /// <summary>Fills this process's entry at start (pgstat_bestart).</summary>
    public static void ReportStart(BackendType type, long startMicros, uint dbOid, string? dbName, uint userOid,
        string? userName, string? appName, int clientFamily, string? clientAddr, int clientPort)
    {
        var e = Mine;
        if (e == null)
            return;
        BeginWrite(e);
        e->Pid = Environment.ProcessId;
        e->BackendType = (int)type;
        e->BackendStart = startMicros;
        e->XactStart = 0;
        e->QueryStart = 0;
        e->StateChange = type == BackendType.ClientBackend ? startMicros : 0;
        e->State = type == BackendType.ClientBackend ? (int)BackendState.Idle : 0;
        e->DatabaseOid = dbOid;
        e->HasDatabase = dbName != null ? 1 : 0;
        e->UserOid = userOid;
        e->ClientFamily = clientFamily;
        e->ClientPort = clientPort;
        Put(e->ClientAddr, AddrLen, clientAddr);
        Put(e->DatabaseName, NameLen, dbName);
        Put(e->UserName, NameLen, userName);
        Put(e->AppName, NameLen, appName);
        e->QueryLen = 0;
        EndWrite(e);
    }

    /// <summary>Reports a state change and, for a new statement, its text (pgstat_report_activity).</summary>
    public static void ReportActivity(BackendState state, string? query, long nowMicros)
    {
        var e = Mine;
        if (e == null)
            return;
        BeginWrite(e);
        if (e->State != (int)state)
            e->StateChange = nowMicros;
        e->State = (int)state;
        if (query != null)
        {
            byte* q = _queries + (long)ProcGlobal.MyProcNumber * _header->QuerySize;
            e->QueryLen = Utf8Truncate(query, new Span<byte>(q, _header->QuerySize - 1));
            e->QueryStart = nowMicros;
        }
        EndWrite(e);
    }

    public static void ReportXactStart(long micros)
    {
        var e = Mine;
        if (e == null)
            return;
        BeginWrite(e);
        e->XactStart = micros;
        EndWrite(e);
    }

    public static void ReportAppName(string appName)
    {
        var e = Mine;
        if (e == null)
            return;
        BeginWrite(e);
        Put(e->AppName, NameLen, appName);
        EndWrite(e);
    }

    /// <summary>Clears this process's entry at exit.</summary>
    public static void ReportEnd()
    {
        var e = Mine;
        if (e == null)
            return;
        BeginWrite(e);
        e->Pid = 0;
        EndWrite(e);
    }

    /// <summary>Consistent copies of all live entries (pgstat_read_current_status).</summary>
    public static List<BackendStatusSnapshot> Read()
    {
        var list = new List<BackendStatusSnapshot>();
        if (_header == null)
            return list;
        int qsize = _header->QuerySize;
        byte[] qbuf = new byte[qsize];
        for (int i = 0; i < _header->NumEntries; i++)
        {
            Entry* src = _entries + i;
            for (int attempt = 0; attempt < 1000; attempt++)
            {
                int before = Volatile.Read(ref src->ChangeCount);
                if ((before & 1) != 0)
                {
                    Thread.SpinWait(10);
                    continue;
                }
                Entry copy = *src;
                int qlen = Math.Clamp(copy.QueryLen, 0, qsize);
                new ReadOnlySpan<byte>(_queries + (long)i * qsize, qlen).CopyTo(qbuf);
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref src->ChangeCount) != before)
                    continue;
                if (copy.Pid == 0 || Volatile.Read(ref ProcGlobal.ProcPtr(i)->Pid) == 0)
                    break;
                string query = Encoding.UTF8.GetString(qbuf, 0, qlen);
                uint wait = Volatile.Read(ref ProcGlobal.ProcPtr(i)->WaitEventInfo);
                list.Add(new BackendStatusSnapshot(copy.Pid, (BackendType)copy.BackendType, copy.DatabaseOid,
                    copy.HasDatabase != 0 ? Get(copy.DatabaseName, NameLen) : null, copy.UserOid,
                    copy.HasDatabase != 0 || copy.UserOid != 0 ? Get(copy.UserName, NameLen) : null,
                    Get(copy.AppName, NameLen) ?? "", copy.ClientFamily,
                    copy.ClientFamily != 0 ? Get(copy.ClientAddr, AddrLen) : null, copy.ClientPort,
                    copy.BackendStart, copy.XactStart, copy.QueryStart, copy.StateChange,
                    (BackendState)copy.State, query, wait));
                break;
            }
        }
        return list;
    }
}
