// bytea and uuid functions of PG 15 (utils/adt/varlena.c, encode.c, cryptohashfuncs.c, uuid.c): length,
// octet_length, bit_length, substr/substring, position, encode/decode, md5/sha256/384/512, get_byte/set_byte on bytea (||
// is bound in the Analyzer's concatenation rule); uuid comparisons and gen_random_uuid(). Values: bytea is a
// byte[], uuid its canonical text (UuidText). Entry point: RegisterBinaryTypes, called from the constructor.
using System.Security.Cryptography;
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    static byte[] Bytes(in Datum d) => (byte[])d.Ref!;

    static void RegisterBinaryTypes()
    {
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
        Fn("encode", [Bytea, Txt], Txt, static (a, _) => Str(ByteaText.Encode(Bytes(a[0]), a[1].Text)));
        Fn("decode", [Txt, Txt], Bytea, static (a, _) => Datum.FromBytes(ByteaText.Decode(a[0].Text, a[1].Text)));
        Fn("md5", [Bytea], Txt, static (a, _) => Str(Convert.ToHexStringLower(MD5.HashData(Bytes(a[0])))));
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

        RegisterComparisons(TypeOid.Uuid, TypeOid.Uuid);
        Fn("gen_random_uuid", [], TypeOid.Uuid,
            static (_, _) => Datum.FromText(Guid.NewGuid().ToString("D"), TypeOid.Uuid));
    }

    static int ByteIndex(byte[] b, long n) => n < 0 || n >= b.Length
        ? Throw.Error<int>("2202E", $"index {n} out of valid range, 0..{b.Length - 1}")
        : (int)n;

    static byte[] ByteSubstr(byte[] b, long start, long? count)
    {
        if (count < 0)
            Throw.Error("22011", "negative substring length not allowed");
        long from = Math.Clamp(start - 1, 0, b.Length);
        long to = count == null ? b.Length : Math.Clamp(start - 1 + count.Value, 0, b.Length);
        return to <= from ? [] : b[(int)from..(int)to];
    }
}
