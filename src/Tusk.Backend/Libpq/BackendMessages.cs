// Backend → frontend messages of protocol 3.0, written straight into the connection's send buffer.
// Lengths are patched in by PqComm.EndMessage; strings are written as UTF-8 with a NUL terminator.
using System.Buffers.Binary;
using System.Text;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Executor.Functions;

namespace Tusk.Backend.Libpq;

/// <summary>Writers for each backend message. Entry points are named after the message.</summary>
public static class BackendMessages
{
    static void Int16(PqComm w, short v)
    {
        BinaryPrimitives.WriteInt16BigEndian(w.GetSpan(2), v);
        w.Advance(2);
    }

    static void Int32(PqComm w, int v)
    {
        BinaryPrimitives.WriteInt32BigEndian(w.GetSpan(4), v);
        w.Advance(4);
    }

    static void Byte(PqComm w, byte b)
    {
        w.GetSpan(1)[0] = b;
        w.Advance(1);
    }

    static void CString(PqComm w, string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        var span = w.GetSpan(n + 1);
        Encoding.UTF8.GetBytes(s, span);
        span[n] = 0;
        w.Advance(n + 1);
    }

    static void Bytes(PqComm w, ReadOnlySpan<byte> b)
    {
        b.CopyTo(w.GetSpan(b.Length));
        w.Advance(b.Length);
    }

    public static void AuthenticationRequest(PqComm w, int code, ReadOnlySpan<byte> extra = default)
    {
        w.BeginMessage((byte)'R');
        Int32(w, code);
        Bytes(w, extra);
        w.EndMessage();
    }

    public static void AuthenticationOk(PqComm w) => AuthenticationRequest(w, 0);

    public static void AuthenticationSasl(PqComm w, IEnumerable<string> mechanisms)
    {
        w.BeginMessage((byte)'R');
        Int32(w, 10);
        foreach (var m in mechanisms)
            CString(w, m);
        Byte(w, 0);
        w.EndMessage();
    }

    public static void ParameterStatus(PqComm w, string name, string value)
    {
        w.BeginMessage((byte)'S');
        CString(w, name);
        CString(w, value);
        w.EndMessage();
    }

    public static void BackendKeyData(PqComm w, int pid, int key)
    {
        w.BeginMessage((byte)'K');
        Int32(w, pid);
        Int32(w, key);
        w.EndMessage();
    }

    public static void ReadyForQuery(PqComm w, byte status)
    {
        w.BeginMessage((byte)'Z');
        Byte(w, status);
        w.EndMessage();
    }

    public static void NegotiateProtocolVersion(PqComm w, int minor, IReadOnlyList<string> unrecognized)
    {
        w.BeginMessage((byte)'v');
        Int32(w, minor);
        Int32(w, unrecognized.Count);
        foreach (var u in unrecognized)
            CString(w, u);
        w.EndMessage();
    }

    public static void RowDescription(PqComm w, ResultColumn[] columns, ReadOnlySpan<short> formats)
    {
        w.BeginMessage((byte)'T');
        Int16(w, (short)columns.Length);
        for (int i = 0; i < columns.Length; i++)
        {
            var c = columns[i];
            CString(w, c.Name);
            Int32(w, (int)c.TableOid);
            Int16(w, c.ColumnNumber);
            Int32(w, (int)c.TypeOid);
            Int16(w, c.TypeLen != -1 ? c.TypeLen : TypeNames.Length(c.TypeOid));
            Int32(w, c.TypeMod);
            Int16(w, FormatOf(formats, i));
        }
        w.EndMessage();
    }

    /// <summary>Result format of column i from Bind's format codes (none: text; one: all; else per column).</summary>
    public static short FormatOf(ReadOnlySpan<short> formats, int i) =>
        formats.Length == 0 ? (short)0 : formats.Length == 1 ? formats[0] : formats[i];

    public static void DataRow(PqComm w, Datum[] row, ReadOnlySpan<short> formats, OutputContext ctx)
    {
        w.BeginMessage((byte)'D');
        Int16(w, (short)row.Length);
        for (int i = 0; i < row.Length; i++)
        {
            ref readonly var d = ref row[i];
            if (d.IsNull)
            {
                Int32(w, -1);
                continue;
            }
            if (FormatOf(formats, i) == 1 && TypeIO.HasBinary(d.Type))
            {
                // Reserve the length word, write the value, then patch the length in.
                int lenPos = w.Position;
                Int32(w, 0);
                TypeIO.WriteBinary(d, w);
                w.PatchInt32(lenPos, w.Position - lenPos - 4);
            }
            else
            {
                string s = TypeIO.ToText(d, ctx);
                int n = Encoding.UTF8.GetByteCount(s);
                Int32(w, n);
                Encoding.UTF8.GetBytes(s, w.GetSpan(n));
                w.Advance(n);
            }
        }
        w.EndMessage();
    }

    public static void CommandComplete(PqComm w, string tag)
    {
        w.BeginMessage((byte)'C');
        CString(w, tag);
        w.EndMessage();
    }

    public static void EmptyQueryResponse(PqComm w) => Empty(w, (byte)'I');

    /// <summary>CopyInResponse ('G') or CopyOutResponse ('H'): text format, one format code per column.</summary>
    public static void CopyResponse(PqComm w, bool copyIn, int columns)
    {
        w.BeginMessage(copyIn ? (byte)'G' : (byte)'H');
        Byte(w, 0);
        Int16(w, (short)columns);
        for (int i = 0; i < columns; i++)
            Int16(w, 0);
        w.EndMessage();
    }

    /// <summary>CopyData ('d') carrying one line of text.</summary>
    public static void CopyData(PqComm w, string line)
    {
        w.BeginMessage((byte)'d');
        Bytes(w, Encoding.UTF8.GetBytes(line));
        w.EndMessage();
    }

    public static void CopyDone(PqComm w) => Empty(w, (byte)'c');

    public static void ParseComplete(PqComm w) => Empty(w, (byte)'1');

    public static void BindComplete(PqComm w) => Empty(w, (byte)'2');

    public static void CloseComplete(PqComm w) => Empty(w, (byte)'3');

    public static void NoData(PqComm w) => Empty(w, (byte)'n');

    public static void PortalSuspended(PqComm w) => Empty(w, (byte)'s');

    static void Empty(PqComm w, byte type)
    {
        w.BeginMessage(type);
        w.EndMessage();
    }

    public static void ParameterDescription(PqComm w, uint[] types)
    {
        w.BeginMessage((byte)'t');
        Int16(w, (short)types.Length);
        foreach (var t in types)
            Int32(w, (int)t);
        w.EndMessage();
    }

    /// <summary>ErrorResponse ('E') or NoticeResponse ('N') with PostgreSQL's fields.</summary>
    public static void ErrorOrNotice(PqComm w, bool isError, Severity severity, string sqlState, string message,
        string? detail = null, string? hint = null, int position = 0, string? context = null)
    {
        w.BeginMessage(isError ? (byte)'E' : (byte)'N');
        string sev = SeverityNames.Of(severity);
        Byte(w, (byte)'S');
        CString(w, sev);
        Byte(w, (byte)'V');
        CString(w, sev);
        Byte(w, (byte)'C');
        CString(w, sqlState);
        Byte(w, (byte)'M');
        CString(w, message);
        if (detail != null)
        {
            Byte(w, (byte)'D');
            CString(w, detail);
        }
        if (hint != null)
        {
            Byte(w, (byte)'H');
            CString(w, hint);
        }
        if (position > 0)
        {
            Byte(w, (byte)'P');
            CString(w, position.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (context != null)
        {
            Byte(w, (byte)'W');
            CString(w, context);
        }
        Byte(w, 0);
        w.EndMessage();
    }

    public static void Error(PqComm w, PgException e) =>
        ErrorOrNotice(w, true, e.Severity, e.SqlState, e.Message, e.Detail, e.Hint, e.Position, e.Context);
}
