// CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected 0x82F63B78), as PostgreSQL's pg_crc32c: the WAL record
// checksum. Hardware instructions where the CPU has them (SSE 4.2 crc32 on x64, the ARMv8 CRC32C instructions),
// else slicing-by-8 tables. Running form: state = Begin(); state = Update(state, bytes)...; crc = Finish(state).
// Every path computes the same function (tests compare them on random data).
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Tusk.Storage.Transam;

/// <summary>CRC-32C. Entry points: <see cref="Compute"/>, <see cref="Begin"/>/<see cref="Update"/>/<see cref="Finish"/>.</summary>
public static class Crc32C
{
    const uint Polynomial = 0x82F63B78;

    // Table[k][b]: CRC of byte b followed by k zero bytes (slicing-by-8).
    static readonly uint[] Table = BuildTable();

    /// <summary>True when <see cref="Update"/> uses CPU instructions.</summary>
    public static bool IsHardwareAccelerated => Sse42.X64.IsSupported || Crc32.IsSupported;

    /// <summary>CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Begin(), data));

    /// <summary>Initial running state (INIT_CRC32C).</summary>
    public static uint Begin() => 0xFFFFFFFF;

    /// <summary>Final checksum from a running state (FIN_CRC32C).</summary>
    public static uint Finish(uint state) => ~state;

    /// <summary>Adds bytes to a running state (COMP_CRC32C).</summary>
    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
            return UpdateSse42X64(state, data);
        if (Crc32.Arm64.IsSupported)
            return UpdateArm64(state, data);
        if (Crc32.IsSupported)
            return UpdateArm(state, data);
        return UpdateSoftware(state, data);
    }

    /// <summary>The table-driven path (used when the CPU lacks CRC instructions; public for tests).</summary>
    public static uint UpdateSoftware(uint state, ReadOnlySpan<byte> data)
    {
        uint[] t = Table;
        while (data.Length >= 8)
        {
            uint lo = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ state;
            uint hi = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            state = t[7 * 256 + (lo & 0xFF)] ^ t[6 * 256 + ((lo >> 8) & 0xFF)]
                ^ t[5 * 256 + ((lo >> 16) & 0xFF)] ^ t[4 * 256 + (lo >> 24)]
                ^ t[3 * 256 + (hi & 0xFF)] ^ t[2 * 256 + ((hi >> 8) & 0xFF)]
                ^ t[1 * 256 + ((hi >> 16) & 0xFF)] ^ t[hi >> 24];
            data = data[8..];
        }
        foreach (byte b in data)
            state = t[(state ^ b) & 0xFF] ^ (state >> 8);
        return state;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static uint UpdateSse42X64(uint state, ReadOnlySpan<byte> data)
    {
        ulong s = state;
        while (data.Length >= 8)
        {
            s = Sse42.X64.Crc32(s, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        uint r = (uint)s;
        foreach (byte b in data)
            r = Sse42.Crc32(r, b);
        return r;
    }

    static uint UpdateArm64(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            state = Crc32.Arm64.ComputeCrc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte b in data)
            state = Crc32.ComputeCrc32C(state, b);
        return state;
    }

    static uint UpdateArm(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 4)
        {
            state = Crc32.ComputeCrc32C(state, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data[4..];
        }
        foreach (byte b in data)
            state = Crc32.ComputeCrc32C(state, b);
        return state;
    }

    static uint[] BuildTable()
    {
        var t = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            t[i] = c;
        }
        for (int k = 1; k < 8; k++)
            for (int i = 0; i < 256; i++)
            {
                uint prev = t[(k - 1) * 256 + i];
                t[k * 256 + i] = (prev >> 8) ^ t[prev & 0xFF];
            }
        return t;
    }
}
