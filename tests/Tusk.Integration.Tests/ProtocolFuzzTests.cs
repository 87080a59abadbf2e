// Protocol fuzzing: thousands of random, truncated and oversized messages over many connections. Each bad
// connection may only end itself: the postmaster stays up, an unrelated session keeps working, and after
// shutdown no process or shared memory segment is left.
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Tusk.Integration.Tests;

public sealed class ProtocolFuzzTests
{
    static byte[] Startup(string user, string db)
    {
        var body = new List<byte>();
        body.AddRange(new byte[] { 0, 3, 0, 0 });
        foreach (var s in new[] { "user", user, "database", db })
        {
            body.AddRange(Encoding.UTF8.GetBytes(s));
            body.Add(0);
        }
        body.Add(0);
        var msg = new byte[4 + body.Count];
        BinaryPrimitives.WriteInt32BigEndian(msg, msg.Length);
        body.CopyTo(msg, 4);
        return msg;
    }

    static byte[] RandomMessage(Random rng)
    {
        byte[] types = "QPBDECSHXdcfFp?ZA\0\xff"u8.ToArray();
        int kind = rng.Next(6);
        byte type = kind == 0 ? (byte)rng.Next(256) : types[rng.Next(types.Length)];
        int bodyLen = rng.Next(0, 64);
        var m = new byte[5 + bodyLen];
        m[0] = type;
        int declared = kind switch
        {
            1 => rng.Next(int.MinValue, 4),        // impossible length
            2 => int.MaxValue - rng.Next(1000),    // oversized
            3 => 4 + bodyLen + rng.Next(1, 100),   // longer than what follows (truncated)
            _ => 4 + bodyLen,
        };
        BinaryPrimitives.WriteInt32BigEndian(m.AsSpan(1), declared);
        rng.NextBytes(m.AsSpan(5));
        // Sometimes make a well-formed string body with a NUL.
        if (bodyLen > 0 && rng.Next(2) == 0)
            m[^1] = 0;
        return m;
    }

    [Fact]
    public void Random_and_truncated_messages_never_hurt_the_postmaster_or_other_sessions()
    {
        using var c = new TuskCluster(["max_connections = 40", "authentication_timeout = 5"]);
        using var bystander = new NpgsqlConnection(c.ConnectionString());
        bystander.Open();
        int bystanderPid = bystander.ProcessID;
        var rng = new Random(12345);
        int messages = 0;
        for (int i = 0; i < 300; i++)
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.ReceiveTimeout = 2000;
            s.SendTimeout = 2000;
            s.Connect(new IPEndPoint(IPAddress.Loopback, c.Port));
            var payload = new List<byte>();
            switch (i % 4)
            {
                case 0: // garbage instead of a startup packet
                    var junk = new byte[rng.Next(1, 200)];
                    rng.NextBytes(junk);
                    payload.AddRange(junk);
                    messages++;
                    break;
                case 1: // a truncated startup packet
                    var st = Startup("postgres", "postgres");
                    payload.AddRange(st.AsSpan(0, rng.Next(1, st.Length)).ToArray());
                    messages++;
                    break;
                default: // a valid startup, then random messages
                    payload.AddRange(Startup("postgres", "postgres"));
                    for (int k = 0; k < 12; k++)
                        payload.AddRange(RandomMessage(rng));
                    messages += 13;
                    break;
            }
            try
            {
                s.Send(payload.ToArray());
                var buf = new byte[4096];
                // Read whatever the server answers until it closes or goes quiet.
                while (s.Receive(buf) > 0)
                {
                }
            }
            catch (SocketException)
            {
            }
        }
        Assert.True(messages > 2000);
        Assert.True(TuskCluster.ProcessAlive(c.PostmasterPid), "the postmaster died\n" + c.ReadLog());
        Assert.Equal(bystanderPid, bystander.ProcessID);
        using (var cmd = new NpgsqlCommand("SELECT 1", bystander))
            Assert.Equal(1, cmd.ExecuteScalar());
        Assert.DoesNotContain("terminating any other active server processes", c.ReadLog());
        using (var fresh = new NpgsqlConnection(c.ConnectionString()))
            fresh.Open();
        var children = c.ChildPids();
        bystander.Close();
        var (rc, _, _) = c.Stop("fast");
        Assert.Equal(0, rc);
        Assert.True(TuskCluster.WaitFor(() => children.All(p => !TuskCluster.ProcessAlive(p)), 5000));
        Assert.False(File.Exists(c.ShmemPath));
    }
}
