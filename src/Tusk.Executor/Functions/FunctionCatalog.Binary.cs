// bytea and uuid functions of PG 15 (utils/adt/varlena.c, encode.c, cryptohashfuncs.c, uuid.c): length,
// octet_length, bit_length, substr/substring, overlay, position, trims, LIKE, encode/decode, md5, sha224/256/384/512,
// get_byte/set_byte/get_bit/set_bit/bit_count on bytea (|| is bound in the Analyzer's concatenation rule); uuid
// comparisons and gen_random_uuid(). Values: bytea is a byte[], uuid its canonical text (UuidText).
// Entry point: RegisterBinaryTypes, called from the FunctionCatalog constructor.
using System.Security.Cryptography;
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    static byte[] Bytes(in Datum d) => (byte[])d.Ref!;

    static void RegisterBinaryTypes()
    {
        const uint Txt = TypeOid.Text;
        const uint I4 = TypeOid.Int4;
        const uint Bytea = TypeOid.Bytea;

        Fn("length", [Bytea], I4, static (a, _) => Datum.FromInt4(Bytes(a[0]).Length));
        Fn("octet_length", [Bytea], I4, static (a, _) => Datum.FromInt4(Bytes(a[0]).Length));
        Fn("bit_length", [Bytea], I4, static (a, _) => Datum.FromInt4(8 * Bytes(a[0]).Length));
        foreach (string name in new[] { "substr", "substring" })
        {
            Fn(name, [Bytea, I4], Bytea, static (a, _) => Datum.FromBytes(ByteSubstr(Bytes(a[0]), a[1].Int, null)));
            Fn(name, [Bytea, I4, I4], Bytea,
                static (a, _) => Datum.FromBytes(ByteSubstr(Bytes(a[0]), a[1].Int, a[2].Int)));
        }
        Fn("position", [Bytea, Bytea], I4,
            static (a, _) => Datum.FromInt4(Bytes(a[0]).AsSpan().IndexOf(Bytes(a[1])) + 1));
        Fn("encode", [Bytea, Txt], Txt, static (a, _) => TextOf(ByteaText.Encode(Bytes(a[0]), a[1].Text)));
        Fn("decode", [Txt, Txt], Bytea, static (a, _) => Datum.FromBytes(ByteaText.Decode(a[0].Text, a[1].Text)));
        Fn("md5", [Bytea], Txt, static (a, _) => TextOf(Convert.ToHexStringLower(MD5.HashData(Bytes(a[0])))));
        Fn("sha224", [Bytea], Bytea, static (a, _) => Datum.FromBytes(Sha224.Hash(Bytes(a[0]))));
        Fn("sha256", [Bytea], Bytea, static (a, _) => Datum.FromBytes(SHA256.HashData(Bytes(a[0]))));
        Fn("sha384", [Bytea], Bytea, static (a, _) => Datum.FromBytes(SHA384.HashData(Bytes(a[0]))));
        Fn("sha512", [Bytea], Bytea, static (a, _) => Datum.FromBytes(SHA512.HashData(Bytes(a[0]))));
        Fn("get_byte", [Bytea, I4], I4, static (a, _) =>
        {
            var b = Bytes(a[0]);
            return Datum.FromInt4(b[ByteIndex(b, a[1].Int)]);
        });
        Fn("set_byte", [Bytea, I4, I4], Bytea, static (a, _) =>
        {
            var b = (byte[])Bytes(a[0]).Clone();
            b[ByteIndex(b, a[1].Int)] = (byte)a[2].Int;
            return Datum.FromBytes(b);
        });

        Fn("get_bit", [Bytea, TypeOid.Int8], I4, static (a, _) =>
        {
            var b = Bytes(a[0]);
            long n = BitIndex(b, a[1].Int);
            return Datum.FromInt4((b[n / 8] >> (int)(n % 8)) & 1);
        });
        Fn("set_bit", [Bytea, TypeOid.Int8, I4], Bytea, static (a, _) =>
        {
            var b = (byte[])Bytes(a[0]).Clone();
            long n = BitIndex(b, a[1].Int);
            if (a[2].Int is not (0 or 1))
                Throw.Error(SqlState.InvalidParameterValue, "new bit must be 0 or 1");
            b[n / 8] = (byte)((b[n / 8] & ~(1 << (int)(n % 8))) | ((int)a[2].Int << (int)(n % 8)));
            return Datum.FromBytes(b);
        });
        Fn("bit_count", [Bytea], TypeOid.Int8, static (a, _) =>
        {
            long n = 0;
            foreach (byte x in Bytes(a[0]))
                n += System.Numerics.BitOperations.PopCount(x);
            return Datum.FromInt8(n);
        });
        Fn("overlay", [Bytea, Bytea, I4], Bytea,
            static (a, _) => Datum.FromBytes(ByteOverlay(Bytes(a[0]), Bytes(a[1]), a[2].Int, Bytes(a[1]).Length)));
        Fn("overlay", [Bytea, Bytea, I4, I4], Bytea,
            static (a, _) => Datum.FromBytes(ByteOverlay(Bytes(a[0]), Bytes(a[1]), a[2].Int, a[3].Int)));
        Fn("btrim", [Bytea, Bytea], Bytea, static (a, _) => Datum.FromBytes(ByteTrim(a, true, true)));
        Fn("ltrim", [Bytea, Bytea], Bytea, static (a, _) => Datum.FromBytes(ByteTrim(a, true, false)));
        Fn("rtrim", [Bytea, Bytea], Bytea, static (a, _) => Datum.FromBytes(ByteTrim(a, false, true)));
        // LIKE on bytea compares bytes: each byte maps to the char of the same number (Latin-1).
        Op("~~", Bytea, Bytea, TypeOid.Bool,
            static (a, _) => Datum.FromBool(LikeMatcher.Like(Latin1(a[0]), Latin1(a[1]), null, false)));
        Op("!~~", Bytea, Bytea, TypeOid.Bool,
            static (a, _) => Datum.FromBool(!LikeMatcher.Like(Latin1(a[0]), Latin1(a[1]), null, false)));
        Fn("like_escape", [Bytea, Bytea], Bytea, static (a, _) =>
            Datum.FromBytes(System.Text.Encoding.Latin1.GetBytes(SqlPatterns.LikeEscape(Latin1(a[0]), Latin1(a[1])))));

        RegisterComparisons(TypeOid.Uuid, TypeOid.Uuid);
        Fn("gen_random_uuid", [], TypeOid.Uuid,
            static (_, _) => Datum.FromText(Guid.NewGuid().ToString("D"), TypeOid.Uuid));
    }

    static int ByteIndex(byte[] b, long n) => n < 0 || n >= b.Length
        ? Throw.Error<int>("2202E", $"index {n} out of valid range, 0..{b.Length - 1}")
        : (int)n;

    static string Latin1(in Datum d) => System.Text.Encoding.Latin1.GetString(Bytes(d));

    static long BitIndex(byte[] b, long n) => n < 0 || n >= 8L * b.Length
        ? Throw.Error<long>("2202E", $"index {n} out of valid range, 0..{8L * b.Length - 1}")
        : n;

    static byte[] ByteOverlay(byte[] s, byte[] r, long start, long count) =>
        [.. ByteSubstr(s, 1, start - 1), .. r, .. ByteSubstr(s, start + count, null)];

    static byte[] ByteTrim(Datum[] a, bool leading, bool trailing)
    {
        var s = Bytes(a[0]).AsSpan();
        var set = Bytes(a[1]);
        if (leading)
            s = s.TrimStart(set);
        if (trailing)
            s = s.TrimEnd(set);
        return s.ToArray();
    }

    static byte[] ByteSubstr(byte[] b, long start, long? count)
    {
        if (count < 0)
            Throw.Error("22011", "negative substring length not allowed");
        long from = Math.Clamp(start - 1, 0, b.Length);
        long to = count == null ? b.Length : Math.Clamp(start - 1 + count.Value, 0, b.Length);
        return to <= from ? [] : b[(int)from..(int)to];
    }
}
