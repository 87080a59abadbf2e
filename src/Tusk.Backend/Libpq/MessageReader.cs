// In-place reader over one message body (pqformat.c pq_getmsg*): every read is bounds-checked and a
// short or malformed message raises 08P01, ending only this connection's current message.
using System.Buffers.Binary;
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Backend.Libpq;

/// <summary>Cursor over a protocol message body.</summary>
public ref struct MessageReader
{
    readonly ReadOnlySpan<byte> _data;
    int _pos;

    public MessageReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    public readonly int Remaining => _data.Length - _pos;

    public byte ReadByte()
    {
        Need(1);
        return _data[_pos++];
    }

    public short ReadInt16()
    {
        Need(2);
        short v = BinaryPrimitives.ReadInt16BigEndian(_data[_pos..]);
        _pos += 2;
        return v;
    }

    public int ReadInt32()
    {
        Need(4);
        int v = BinaryPrimitives.ReadInt32BigEndian(_data[_pos..]);
        _pos += 4;
        return v;
    }

    public ReadOnlySpan<byte> ReadBytes(int n)
    {
        if (n < 0)
            throw Violation("invalid message format");
        Need(n);
        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }

    /// <summary>A NUL-terminated UTF-8 string.</summary>
    public string ReadCString()
    {
        int end = _data[_pos..].IndexOf((byte)0);
        if (end < 0)
            throw Violation("invalid string in message");
        string s = Decode(_data.Slice(_pos, end));
        _pos += end + 1;
        return s;
    }

    /// <summary>The message must be fully consumed (pq_getmsgend).</summary>
    public readonly void End()
    {
        if (_pos != _data.Length)
            throw Violation("invalid message format");
    }

    readonly void Need(int n)
    {
        if (_data.Length - _pos < n)
            throw Violation("insufficient data left in message");
    }

    static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new PgException(SqlState.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\"");
        }
    }

    static PgException Violation(string message) => new(SqlState.ProtocolViolation, message);
}
