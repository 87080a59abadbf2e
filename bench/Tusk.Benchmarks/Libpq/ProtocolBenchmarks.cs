// Protocol hot paths: reading pipelined Bind/Execute/Sync messages through PqComm (parse in place), and
// writing binary DataRows. Both run over a real socket pair; the per-message allocation target is 0 B
// (see bench/allocation-budget.json).
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Tusk.Backend.Libpq;
using Tusk.Common.Types;
using Tusk.Storage.Port;

namespace Tusk.Benchmarks.Libpq;

[MemoryDiagnoser]
public class ProtocolBenchmarks
{
    const int Messages = 100;
    int _client, _server;
    byte[] _batch = [];
    PqComm _comm = null!;
    readonly Datum[] _row = [Datum.FromInt4(42), Datum.FromText("hello world"), Datum.FromInt8(1234567890123)];
    readonly short[] _binary = [1];
    readonly byte[] _drain = new byte[1 << 16];

    [GlobalSetup]
    public void Setup()
    {
        (_client, _server) = Libc.SocketPair(Libc.SockStream);
        _comm = new PqComm(_server);
        var batch = new List<byte>();
        for (int i = 0; i < Messages; i++)
        {
            // Bind: portal "", statement "", 1 format (binary), 1 param (int4 42), 1 result format (binary)
            byte[] bind = [(byte)'B', 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 4, 0, 0, 0, 42, 0, 1, 0, 1];
            BinaryPrimitives.WriteInt32BigEndian(bind.AsSpan(1), bind.Length - 1);
            batch.AddRange(bind);
            batch.AddRange(new byte[] { (byte)'E', 0, 0, 0, 9, 0, 0, 0, 0, 0 });
            batch.AddRange(new byte[] { (byte)'S', 0, 0, 0, 4 });
        }
        _batch = batch.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Libc.Close(_client);
        Libc.Close(_server);
    }

    /// <summary>300 messages (100 × Bind, Execute, Sync) read and walked field by field.</summary>
    [Benchmark]
    public int ReadPipelinedMessages()
    {
        Libc.SendAll(_client, _batch);
        int sum = 0;
        for (int i = 0; i < Messages * 3; i++)
        {
            _comm.ReadMessage(out byte type, out var body);
            var r = new MessageReader(body);
            if (type == (byte)'B')
            {
                r.ReadBytes(2);
                int nf = r.ReadInt16();
                for (int k = 0; k < nf; k++)
                    r.ReadInt16();
                int np = r.ReadInt16();
                for (int k = 0; k < np; k++)
                    sum += r.ReadBytes(r.ReadInt32())[3];
            }
            else if (type == (byte)'E')
            {
                r.ReadBytes(1);
                sum += r.ReadInt32();
            }
        }
        return sum;
    }

    /// <summary>100 binary DataRows (int4, text, int8) written and sent.</summary>
    [Benchmark]
    public int WriteBinaryDataRows()
    {
        for (int i = 0; i < Messages; i++)
            BackendMessages.DataRow(_comm, _row, _binary, OutputContext.Default);
        _comm.Flush();
        int got = 0;
        while (got < Messages * 42)
        {
            int n = Libc.ReceiveNonBlocking(_client, _drain);
            if (n <= 0)
                break;
            got += n;
        }
        return got;
    }
}
