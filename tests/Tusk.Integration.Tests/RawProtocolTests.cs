// Protocol details no high-level client exercises: Execute with a row limit (PortalSuspended, then the
// rest), Describe of a statement, Flush, errors skipping to Sync, an unknown message type (08P01 ends only
// that connection), SSLRequest answered 'N', SQL PREPARE / EXECUTE sharing the named statements of Parse, and a
// cursor's portal reached by Describe and Execute, FETCH / MOVE through Parse/Bind.
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tusk.Integration.Tests;

public sealed class RawProtocolTests : IClassFixture<RawProtocolTests.Cluster>
{
    public sealed class Cluster : IDisposable
    {
        public TuskCluster C { get; } = new();

        public void Dispose() => C.Dispose();
    }

    readonly TuskCluster _c;

    public RawProtocolTests(Cluster f) => _c = f.C;

    sealed class Conn : IDisposable
    {
        readonly Socket _s;
        readonly NetworkStream _ns;

        public Conn(int port, bool sslFirst = false)
        {
            _s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10000 };
            _s.Connect(new IPEndPoint(IPAddress.Loopback, port));
            _ns = new NetworkStream(_s);
            if (sslFirst)
            {
                _ns.Write([0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F]);
                Assert.Equal((byte)'N', (byte)_ns.ReadByte());
            }
            var body = new List<byte> { 0, 3, 0, 0 };
            foreach (var s in new[] { "user", "postgres", "database", "postgres" })
            {
                body.AddRange(Encoding.UTF8.GetBytes(s));
                body.Add(0);
            }
            body.Add(0);
            var len = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(len, body.Count + 4);
            _ns.Write(len);
            _ns.Write(body.ToArray());
            while (true)
            {
                var (t, _) = Read();
                if (t == 'Z')
                    break;
            }
        }

        public void Send(char type, params byte[][] parts)
        {
            var payload = parts.SelectMany(p => p).ToArray();
            var head = new byte[5];
            head[0] = (byte)type;
            BinaryPrimitives.WriteInt32BigEndian(head.AsSpan(1), payload.Length + 4);
            _ns.Write(head);
            _ns.Write(payload);
        }

        public (char Type, byte[] Body) Read()
        {
            var head = new byte[5];
            _ns.ReadExactly(head);
            int len = BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(1));
            var body = new byte[len - 4];
            _ns.ReadExactly(body);
            return ((char)head[0], body);
        }

        /// <summary>Messages up to and including the next ReadyForQuery.</summary>
        public List<(char Type, byte[] Body)> ReadAllUntilReady()
        {
            var all = new List<(char, byte[])>();
            while (true)
            {
                var m = Read();
                all.Add(m);
                if (m.Type == 'Z')
                    return all;
            }
        }

        /// <summary>Message types up to and including the next ReadyForQuery.</summary>
        public string ReadUntilReady() => Types(ReadAllUntilReady());

        public bool IsClosed()
        {
            try
            {
                return _ns.ReadByte() == -1 || IsClosed();
            }
            catch (IOException)
            {
                return true;
            }
        }

        public void Dispose()
        {
            _ns.Dispose();
            _s.Dispose();
        }
    }

    static byte[] Str(string s) => [.. Encoding.UTF8.GetBytes(s), 0];

    static byte[] I16(short v)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(b, v);
        return b;
    }

    static byte[] I32(int v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, v);
        return b;
    }

    [Fact]
    public void Execute_with_a_row_limit_suspends_the_portal()
    {
        using var c = new Conn(_c.Port);
        c.Send('P', Str("s1"), Str("SELECT pid FROM pg_stat_activity"), I16(0));
        c.Send('B', Str("p1"), Str("s1"), I16(0), I16(0), I16(0));
        c.Send('E', Str("p1"), I32(2));
        c.Send('E', Str("p1"), I32(0));
        c.Send('S');
        string seen = c.ReadUntilReady();
        // ParseComplete, BindComplete, 2 rows, PortalSuspended, the remaining rows (at least 4 background
        // processes and this backend remain), CommandComplete, ReadyForQuery.
        Assert.Matches("^12DDsD{4,}CZ$", seen);
    }

    [Fact]
    public void Cursor_portal_runs_through_the_extended_protocol()
    {
        using var c = new Conn(_c.Port);
        c.Send('Q', Str("BEGIN; DECLARE c CURSOR FOR SELECT g FROM generate_series(1, 5) g"));
        Assert.Equal("CCZ", c.ReadUntilReady());
        // Describe of the cursor's portal, Execute by its name: 2 rows and PortalSuspended, then the rest and
        // "SELECT 3", then nothing more ("SELECT 0"); FETCH BACKWARD described (its columns) and run, MOVE.
        c.Send('D', [(byte)'P'], Str("c"));
        c.Send('E', Str("c"), I32(2));
        c.Send('E', Str("c"), I32(0));
        c.Send('E', Str("c"), I32(0));
        c.Send('P', Str(""), Str("FETCH BACKWARD 2 FROM c"), I16(0));
        c.Send('D', [(byte)'S'], Str(""));
        c.Send('B', Str(""), Str(""), I16(0), I16(0), I16(0));
        c.Send('E', Str(""), I32(0));
        c.Send('P', Str(""), Str("MOVE ABSOLUTE 1 IN c"), I16(0));
        c.Send('B', Str(""), Str(""), I16(0), I16(0), I16(0));
        c.Send('E', Str(""), I32(0));
        c.Send('S');
        var all = c.ReadAllUntilReady();
        Assert.Equal("TDDsDDDCC1tT2DDC12CZ", Types(all));
        string[] tags = [.. all.Where(m => m.Type == 'C').Select(m => Encoding.UTF8.GetString(m.Body).TrimEnd('\0'))];
        Assert.Equal(["SELECT 3", "SELECT 0", "FETCH 2", "MOVE 1"], tags);
        c.Send('Q', Str("ROLLBACK"));
        Assert.Equal("CZ", c.ReadUntilReady());
    }

    [Fact]
    public void Describe_statement_and_portal_and_flush()
    {
        using var c = new Conn(_c.Port, sslFirst: true);
        c.Send('P', Str(""), Str("SELECT $1::int + 1 AS n, 'x' AS t"), I16(0));
        c.Send('D', [(byte)'S'], Str(""));
        c.Send('H');
        Assert.Equal('1', c.Read().Type);
        var (pt, pd) = c.Read();
        Assert.Equal('t', pt);
        Assert.Equal(1, BinaryPrimitives.ReadInt16BigEndian(pd));
        Assert.Equal(23, BinaryPrimitives.ReadInt32BigEndian(pd.AsSpan(2)));
        var (rt, rd) = c.Read();
        Assert.Equal('T', rt);
        Assert.Equal(2, BinaryPrimitives.ReadInt16BigEndian(rd));
        c.Send('B', Str(""), Str(""), I16(0), I16(1), I32(2), Encoding.ASCII.GetBytes("41"), I16(1), I16(1));
        c.Send('E', Str(""), I32(0));
        c.Send('S');
        Assert.Equal('2', c.Read().Type);
        var (dt, db) = c.Read();
        Assert.Equal('D', dt);
        Assert.Equal(4, BinaryPrimitives.ReadInt32BigEndian(db.AsSpan(2)));
        Assert.Equal(42, BinaryPrimitives.ReadInt32BigEndian(db.AsSpan(6)));
        Assert.Equal("CZ", c.ReadUntilReady());
    }

    [Fact]
    public void Error_skips_to_sync_and_the_session_continues()
    {
        using var c = new Conn(_c.Port);
        c.Send('P', Str(""), Str("SELECT 1/0"), I16(0));
        c.Send('B', Str(""), Str(""), I16(0), I16(0), I16(0));
        c.Send('E', Str(""), I32(0));
        c.Send('P', Str(""), Str("SELECT 1"), I16(0)); // skipped
        c.Send('S');
        Assert.Equal("12EZ", c.ReadUntilReady());
        c.Send('Q', Str("SELECT 1; SELECT 2"));
        Assert.Equal("TDCTDCZ", c.ReadUntilReady());
        c.Send('Q', Str(""));
        Assert.Equal("IZ", c.ReadUntilReady());
    }

    [Fact]
    public void Unknown_message_type_is_a_protocol_violation_for_that_connection_only()
    {
        using var bystander = new Conn(_c.Port);
        using (var c = new Conn(_c.Port))
        {
            c.Send('@', [1, 2, 3]);
            var (t, body) = c.Read();
            Assert.Equal('E', t);
            Assert.Contains("08P01", Encoding.UTF8.GetString(body));
            Assert.True(c.IsClosed());
        }
        bystander.Send('Q', Str("SELECT 1"));
        Assert.Equal("TDCZ", bystander.ReadUntilReady());
    }

    /// <summary>The first column of a DataRow as text.</summary>
    static string FirstValue(byte[] dataRow) =>
        Encoding.UTF8.GetString(dataRow, 6, BinaryPrimitives.ReadInt32BigEndian(dataRow.AsSpan(2)));

    static string Types(List<(char Type, byte[] Body)> messages) => new([.. messages.Select(m => m.Type)]);

    [Fact]
    public void Sql_prepare_and_protocol_parse_share_one_statement_table()
    {
        using var c = new Conn(_c.Port);
        c.Send('Q', Str("PREPARE sq(int) AS SELECT $1 * 2 AS d"));
        Assert.Equal("CZ", c.ReadUntilReady());

        // A PREPAREd statement is described and bound like one made by Parse.
        c.Send('D', [(byte)'S'], Str("sq"));
        c.Send('B', Str(""), Str("sq"), I16(0), I16(1), I32(2), Encoding.ASCII.GetBytes("21"), I16(0));
        c.Send('E', Str(""), I32(0));
        c.Send('S');
        var m = c.ReadAllUntilReady();
        Assert.Equal("tT2DCZ", Types(m));
        Assert.Equal(23, BinaryPrimitives.ReadInt32BigEndian(m[0].Body.AsSpan(2)));
        Assert.Equal("42", FirstValue(m[3].Body));

        // A statement made by Parse runs with EXECUTE and is listed with from_sql false.
        c.Send('P', Str("ps"), Str("SELECT $1::text || 'y' AS t"), I16(0));
        c.Send('S');
        Assert.Equal("1Z", c.ReadUntilReady());
        c.Send('Q', Str("EXECUTE ps('x')"));
        m = c.ReadAllUntilReady();
        Assert.Equal("TDCZ", Types(m));
        Assert.Equal("xy", FirstValue(m[1].Body));
        c.Send('Q', Str("SELECT name || ':' || from_sql::text FROM pg_prepared_statements ORDER BY name"));
        m = c.ReadAllUntilReady();
        Assert.Equal("TDDCZ", Types(m));
        Assert.Equal("ps:false", FirstValue(m[1].Body));
        Assert.Equal("sq:true", FirstValue(m[2].Body));

        // EXECUTE sent through Parse/Bind: Describe gives the columns of the statement it names.
        c.Send('P', Str("ex"), Str("EXECUTE sq(5)"), I16(0));
        c.Send('D', [(byte)'S'], Str("ex"));
        c.Send('B', Str(""), Str("ex"), I16(0), I16(0), I16(0));
        c.Send('E', Str(""), I32(0));
        c.Send('S');
        m = c.ReadAllUntilReady();
        Assert.Equal("1tT2DCZ", Types(m));
        Assert.Equal("10", FirstValue(m[4].Body));

        // DEALLOCATE removes a Parse-made statement; Parse refuses a name PREPARE took.
        c.Send('Q', Str("DEALLOCATE ps"));
        Assert.Equal("CZ", c.ReadUntilReady());
        c.Send('B', Str(""), Str("ps"), I16(0), I16(0), I16(0));
        c.Send('S');
        m = c.ReadAllUntilReady();
        Assert.Equal("EZ", Types(m));
        Assert.Contains("26000", Encoding.UTF8.GetString(m[0].Body));
        c.Send('P', Str("sq"), Str("SELECT 1"), I16(0));
        c.Send('S');
        m = c.ReadAllUntilReady();
        Assert.Equal("EZ", Types(m));
        Assert.Contains("42P05", Encoding.UTF8.GetString(m[0].Body));
    }
}
