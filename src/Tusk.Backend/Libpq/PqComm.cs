// Client socket I/O (pqcomm.c): a receive buffer parsed in place and a send buffer flushed on demand.
// Messages are returned as spans into the receive buffer, valid until the next read; nothing is allocated
// per message. Waiting for input sleeps in poll together with the process latch, so signals are noticed
// while the client is idle. Oversized or malformed lengths are protocol violations (08P01) that end only
// this connection.
using System.Buffers;
using System.Buffers.Binary;
using Tusk.Common.Errors;
using Tusk.Storage.Activity;
using Tusk.Storage.Ipc;
using Tusk.Storage.Port;

namespace Tusk.Backend.Libpq;

/// <summary>
/// Buffered message I/O over the client socket. Entry points: <see cref="ReadStartupPacket"/>,
/// <see cref="ReadMessage"/>, the <see cref="IBufferWriter{T}"/> output side with <see cref="BeginMessage"/> /
/// <see cref="EndMessage"/>, and <see cref="Flush"/>.
/// </summary>
public sealed class PqComm : IBufferWriter<byte>
{
    /// <summary>Largest message accepted (PostgreSQL's PQ_LARGE_MESSAGE_LIMIT is 1 GB; Tusk stays lower).</summary>
    public const int MaxMessageLength = 256 * 1024 * 1024;
    /// <summary>Limit for messages that are always small (Sync, Terminate, Close, ...).</summary>
    public const int SmallMessageLimit = 10000;
    public const int MaxStartupPacketLength = 10000;

    readonly int _fd;
    byte[] _in = new byte[8192];
    int _inStart;
    int _inEnd;
    byte[] _out = new byte[8192];
    int _outLen;
    int _msgStart = -1;

    /// <summary>Called while waiting for input when the latch is set (signals): may throw to end the wait.</summary>
    public Action? OnInterrupt { get; set; }

    /// <summary>Serialises writes with a signal-handler thread that sends a last message before exit.</summary>
    public object SendGate { get; } = new();

    public PqComm(int fd)
    {
        _fd = fd;
    }

    public int Fd => _fd;

    /// <summary>Bytes already received but not yet consumed (pipelined messages).</summary>
    public bool HasBufferedInput => _inEnd > _inStart;

    /// <summary>
    /// Ensures at least <paramref name="count"/> unread bytes are buffered. Returns false on EOF.
    /// <paramref name="deadline"/> is an Environment.TickCount64 value, or 0 for none.
    /// </summary>
    bool Fill(int count, long deadline)
    {
        while (_inEnd - _inStart < count)
        {
            if (_inStart > 0 && (_in.Length - _inStart < count || _inStart == _inEnd))
            {
                Buffer.BlockCopy(_in, _inStart, _in, 0, _inEnd - _inStart);
                _inEnd -= _inStart;
                _inStart = 0;
            }
            if (_in.Length < count)
                Array.Resize(ref _in, Math.Max(count, _in.Length * 2));
            int n = Libc.ReceiveNonBlocking(_fd, _in.AsSpan(_inEnd));
            if (n > 0)
            {
                _inEnd += n;
                continue;
            }
            if (n == 0 || n == -2)
                return false;
            int timeout = -1;
            if (deadline != 0)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                    throw new TimeoutException();
                timeout = (int)left;
            }
            var why = Latch.WaitWithSocket(_fd, timeout, WaitEvents.ClientRead);
            if ((why & WakeReason.LatchSet) != 0)
            {
                Latch.Reset();
                OnInterrupt?.Invoke();
            }
        }
        return true;
    }

    /// <summary>
    /// Reads the startup packet (no type byte). Returns null on EOF before any byte; the span is the body
    /// after the length word.
    /// </summary>
    public byte[]? ReadStartupPacket(long deadline)
    {
        if (!Fill(4, deadline))
            return null;
        int len = BinaryPrimitives.ReadInt32BigEndian(_in.AsSpan(_inStart));
        if (len < 8 || len > MaxStartupPacketLength)
            throw new PgException(SqlState.ProtocolViolation, "invalid length of startup packet", Severity.Fatal);
        if (!Fill(len, deadline))
            throw new PgException(SqlState.ProtocolViolation, "incomplete startup packet", Severity.Fatal);
        byte[] body = _in.AsSpan(_inStart + 4, len - 4).ToArray();
        _inStart += len;
        return body;
    }

    /// <summary>
    /// Reads one typed message. Returns false on EOF. The body span is valid until the next read.
    /// </summary>
    public bool ReadMessage(out byte type, out ReadOnlySpan<byte> body, long deadline = 0)
    {
        body = default;
        type = 0;
        if (!Fill(5, deadline))
            return false;
        type = _in[_inStart];
        int len = BinaryPrimitives.ReadInt32BigEndian(_in.AsSpan(_inStart + 1));
        int limit = type is (byte)'Q' or (byte)'P' or (byte)'B' or (byte)'d' or (byte)'F' or (byte)'p'
            ? MaxMessageLength : SmallMessageLimit;
        if (len < 4 || len > limit)
            throw new PgException(SqlState.ProtocolViolation, $"invalid message length", Severity.Fatal);
        if (!Fill(1 + len, deadline))
            throw new PgException(SqlState.ProtocolViolation,
                "unexpected EOF within message length word", Severity.Fatal);
        body = new ReadOnlySpan<byte>(_in, _inStart + 5, len - 4);
        _inStart += 1 + len;
        return true;
    }

    /// <summary>Writes raw bytes (the one-byte SSL/GSS refusal) and flushes.</summary>
    public void WriteRawAndFlush(ReadOnlySpan<byte> data)
    {
        Write(data);
        Flush();
    }

    void Write(ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetSpan(data.Length));
        Advance(data.Length);
    }

    /// <summary>Starts a message: type byte plus a length word patched by <see cref="EndMessage"/>.</summary>
    public void BeginMessage(byte type)
    {
        var s = GetSpan(5);
        s[0] = type;
        _msgStart = _outLen;
        Advance(5);
    }

    public void EndMessage()
    {
        BinaryPrimitives.WriteInt32BigEndian(_out.AsSpan(_msgStart + 1), _outLen - _msgStart - 1);
        _msgStart = -1;
        if (_outLen > 64 * 1024)
            Flush();
    }

    public void Advance(int count) => _outLen += count;

    /// <summary>Offset of the next byte to be written in the send buffer.</summary>
    public int Position => _outLen;

    /// <summary>Overwrites a length word written earlier in the open message.</summary>
    public void PatchInt32(int position, int value) =>
        BinaryPrimitives.WriteInt32BigEndian(_out.AsSpan(position), value);

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _out.AsMemory(_outLen);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _out.AsSpan(_outLen);
    }

    void Ensure(int sizeHint)
    {
        int need = Math.Max(sizeHint, 16);
        if (_out.Length - _outLen < need)
            Array.Resize(ref _out, Math.Max(_out.Length * 2, _outLen + need));
    }

    /// <summary>Sends everything buffered (complete messages only, unless a message is open).</summary>
    public bool Flush()
    {
        int end = _msgStart >= 0 ? _msgStart : _outLen;
        if (end == 0)
            return true;
        bool ok;
        lock (SendGate)
            ok = Libc.SendAll(_fd, _out.AsSpan(0, end));
        Buffer.BlockCopy(_out, end, _out, 0, _outLen - end);
        _outLen -= end;
        if (_msgStart >= 0)
            _msgStart -= end;
        if (_out.Length > 1024 * 1024 && _outLen < 8192)
            _out = new byte[8192];
        return ok;
    }

    /// <summary>Drops anything buffered for output (used before a FATAL that replaces a partial reply).</summary>
    public void DiscardOutput()
    {
        _outLen = 0;
        _msgStart = -1;
    }
}
