// CRC-32C: the standard check value, the hardware and table paths agree, and running updates compose.
using System.Text;
using Tusk.Storage.Transam;
using Xunit;

namespace Tusk.Storage.Tests.Transam;

public sealed class Crc32CTests
{
    [Fact]
    public void Known_vectors()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0xE3069283u, Crc32C.Finish(Crc32C.UpdateSoftware(Crc32C.Begin(), "123456789"u8)));
        Assert.Equal(0u, Crc32C.Compute([]));
        // RFC 3720 (iSCSI) B.4: 32 bytes of zeros, of 0xFF, and ascending 0..31.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x22620404u, Crc32C.Compute(Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog")));
    }

    [Fact]
    public void Hardware_and_software_agree_on_random_data()
    {
        var rnd = new Random(42);
        for (int len = 0; len < 2000; len += 1 + len / 8)
        {
            var data = new byte[len];
            rnd.NextBytes(data);
            uint seed = (uint)rnd.Next();
            Assert.Equal(Crc32C.UpdateSoftware(seed, data), Crc32C.Update(seed, data));
        }
    }

    [Fact]
    public void Running_updates_equal_one_pass()
    {
        var data = new byte[5000];
        new Random(3).NextBytes(data);
        uint whole = Crc32C.Compute(data);
        foreach (int cut in new[] { 0, 1, 7, 8, 9, 100, 4999, 5000 })
            Assert.Equal(whole, Crc32C.Finish(Crc32C.Update(Crc32C.Update(Crc32C.Begin(), data.AsSpan(0, cut)),
                data.AsSpan(cut))));
    }
}
