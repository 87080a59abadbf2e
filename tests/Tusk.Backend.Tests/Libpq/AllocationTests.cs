// The protocol hot paths allocate nothing per message: reading pipelined Bind/Execute/Sync through PqComm and
// writing binary DataRows. Checked with the thread's allocation counter (the same operations as
// bench/Tusk.Benchmarks' ProtocolBenchmarks, whose budget in bench/allocation-budget.json is 0 B).
using System.Buffers.Binary;
using Tusk.Backend.Libpq;
using Tusk.Common.Types;
using Tusk.Storage.Port;

namespace Tusk.Backend.Tests.Libpq;

public sealed class AllocationTests : IDisposable
{
    readonly int _client;
    readonly int _server;
    readonly PqComm _comm;

    public AllocationTests()
    {
        (_client, _server) = Libc.SocketPair(Libc.SockStream);
        _comm = new PqComm(_server);
    }

    public void Dispose()
    {
        Libc.Close(_client);
        Libc.Close(_server);
    }

    static byte[] Batch(int n)
    {
        var batch = new List<byte>();
        for (int i = 0; i < n; i++)
        {
            byte[] bind = [(byte)'B', 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 4, 0, 0, 0, 42, 0, 1, 0, 1];
            BinaryPrimitives.WriteInt32BigEndian(bind.AsSpan(1), bind.Length - 1);
            batch.AddRange(bind);
            batch.AddRange(new byte[] { (byte)'E', 0, 0, 0, 9, 0, 0, 0, 0, 0 });
            batch.AddRange(new byte[] { (byte)'S', 0, 0, 0, 4 });
        }
        return batch.ToArray();
    }

    int ReadAll(int messages)
    {
        int sum = 0;
        for (int i = 0; i < messages; i++)
        {
            Assert.True(_comm.ReadMessage(out byte type, out var body));
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
        }
        return sum;
    }

    [Fact]
    public void Reading_messages_allocates_nothing()
    {
        byte[] batch = Batch(100);
        Libc.SendAll(_client, batch);
        ReadAll(300); // warm-up: first-use allocations (buffers, statics) are not per message
        Libc.SendAll(_client, batch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = ReadAll(300);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(4200, sum);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Writing_binary_data_rows_allocates_nothing()
    {
        Datum[] row = [Datum.FromInt4(42), Datum.FromText("hello world"), Datum.FromInt8(1234567890123)];
        short[] binary = [1];
        byte[] drain = new byte[1 << 16];
        void Round()
        {
            for (int i = 0; i < 100; i++)
                BackendMessages.DataRow(_comm, row, binary, OutputContext.Default);
            _comm.Flush();
            while (Libc.ReceiveNonBlocking(_client, drain) > 0)
            {
            }
        }
        Round();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Round();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
