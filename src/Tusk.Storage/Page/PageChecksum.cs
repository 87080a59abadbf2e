// Page checksums (checksum.c's role, Tusk's own function): a 16-bit checksum of the page and its block number,
// stored in the header, set when a page is written and verified when it is read (data_checksums).
//
// The function: the page is read as 2048 little-endian 32-bit words in 16 interleaved lanes; each lane mixes
// its words with an FNV-1a-style step (xor, multiply by the FNV prime, fold in the high bits), the checksum
// field itself counting as zero. The lanes are xor-ed together with the block number (so a page written to the
// wrong place fails too) and reduced to 1..65535 (0 never occurs, so a zeroed checksum field is never valid on
// a non-new page). Detects any single changed bit and, with probability 1 - 2^-16, any other corruption.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tusk.Storage.Page;

public static unsafe class PageChecksum
{
    const int Lanes = 16;
    const uint FnvPrime = 16777619;
    const int Words = BufPage.BlockSize / sizeof(uint);
    const int ChecksumWord = 2; // bytes 8..11 hold the checksum (low half) and the flags (high half)

    /// <summary>The checksum of the page at <paramref name="page"/> stored as block <paramref name="blockNumber"/>.</summary>
    public static ushort Compute(byte* page, uint blockNumber)
    {
        var lanes = new LaneState();
        uint* words = (uint*)page;
        for (int i = 0; i < Words; i += Lanes)
        {
            for (int j = 0; j < Lanes; j++)
            {
                uint w = Unsafe.ReadUnaligned<uint>(words + i + j);
                if (i + j == ChecksumWord)
                {
                    w &= 0xFFFF0000;
                }
                uint x = lanes[j] ^ w;
                lanes[j] = (x * FnvPrime) ^ (x >> 17);
            }
        }
        uint result = 0;
        for (int j = 0; j < Lanes; j++)
        {
            // Two more rounds so that the last words' bits reach every bit of the lane.
            uint x = lanes[j];
            x = (x * FnvPrime) ^ (x >> 17);
            x = (x * FnvPrime) ^ (x >> 17);
            result ^= BitOperations.RotateLeft(x, j);
        }
        result ^= blockNumber;
        return (ushort)((result % 65535) + 1);
    }

    /// <summary>Sets the page's checksum field (before the page is written).</summary>
    public static void Set(byte* page, uint blockNumber) => new BufPage(page).Checksum = Compute(page, blockNumber);

    /// <summary>
    /// Whether the page as read is acceptable (PageIsVerified): a new all-zero page is; otherwise the header must be
    /// sane and, when checksums are on, the checksum must match. <paramref name="expected"/> and
    /// <paramref name="actual"/> say what was found, for the error message.
    /// </summary>
    public static bool Verify(byte* page, uint blockNumber, bool checksums, out ushort expected, out ushort actual)
    {
        var p = new BufPage(page);
        expected = p.Checksum;
        actual = expected;
        if (!p.HeaderIsValid())
        {
            actual = Compute(page, blockNumber);
            return false;
        }
        if (p.IsNew || !checksums)
        {
            return true;
        }
        actual = Compute(page, blockNumber);
        return actual == expected;
    }

    [InlineArray(Lanes)]
    struct LaneState
    {
        uint _first;

        public LaneState()
        {
            // Distinct starting points per lane (odd constants from a Weyl sequence).
            for (int j = 0; j < Lanes; j++)
            {
                this[j] = 0x9E3779B9u * (uint)((2 * j) + 1);
            }
        }
    }
}
