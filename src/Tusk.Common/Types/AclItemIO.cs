// Access privileges (utils/adt/acl.c): aclitem is 12 bytes (grantee, grantor, privilege bits with the grant options in
// the high 16 bits); aclitem[] is PostgreSQL's stored array of them (one dimension, lower bound 1, element type 1033).
// Values are byte[] of the stored array. Text output is PostgreSQL's: "{grantee=privs/grantor,...}", PUBLIC as an
// empty grantee, a '*' after each privilege held with grant option, role names from the catalog hook
// (UserTypes.Catalog; the OID when the role is unknown), items quoted as array_out quotes elements. Entry points: AclItem, AclItemIO.Encode / Decode / ToText, the ACL_* bits, Default.
using System.Buffers.Binary;
using System.Text;

namespace Tusk.Common.Types;

/// <summary>One aclitem: privileges <paramref name="Privs"/> granted to <paramref name="Grantee"/> (0 = PUBLIC).</summary>
public readonly record struct AclItem(uint Grantee, uint Grantor, uint Privs);

public static class AclItemIO
{
    public const uint Insert = 1 << 0, Select = 1 << 1, Update = 1 << 2, Delete = 1 << 3, Truncate = 1 << 4,
        References = 1 << 5, Trigger = 1 << 6, Execute = 1 << 7, Usage = 1 << 8, Create = 1 << 9,
        CreateTemp = 1 << 10, Connect = 1 << 11;

    /// <summary>ACL_ALL_RIGHTS_STR: the privilege letters in bit order.</summary>
    public const string Letters = "arwdDxtXUCTc";

    public const uint AllOnRelation = Insert | Select | Update | Delete | Truncate | References | Trigger;
    public const uint AllOnSequence = Usage | Select | Update;
    public const uint AllOnSchema = Usage | Create;
    public const uint AllOnDatabase = Create | CreateTemp | Connect;

    const uint AclItemType = 1033;

    /// <summary>acldefault: the owner holds every privilege of the kind; databases first give PUBLIC CONNECT and TEMP.</summary>
    public static List<AclItem> Default(char objectKind, uint owner) => objectKind switch
    {
        'r' => [new(owner, owner, AllOnRelation)],
        'S' => [new(owner, owner, AllOnSequence)],
        'n' => [new(owner, owner, AllOnSchema)],
        'd' => [new(0, owner, CreateTemp | Connect), new(owner, owner, AllOnDatabase)],
        _ => [],
    };

    /// <summary>The stored form of an aclitem[].</summary>
    public static Datum Encode(IReadOnlyList<AclItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var b = new byte[20 + 12 * items.Count];
        BinaryPrimitives.WriteInt32LittleEndian(b, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), AclItemType);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(12), items.Count);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(16), 1);
        for (int i = 0; i < items.Count; i++)
        {
            var s = b.AsSpan(20 + 12 * i);
            BinaryPrimitives.WriteUInt32LittleEndian(s, items[i].Grantee);
            BinaryPrimitives.WriteUInt32LittleEndian(s[4..], items[i].Grantor);
            BinaryPrimitives.WriteUInt32LittleEndian(s[8..], items[i].Privs);
        }
        return Datum.FromBytes(b).WithType(TypeOid.AclItemArray);
    }

    /// <summary>The items of a stored aclitem[] (none for NULL).</summary>
    public static List<AclItem> Decode(in Datum d)
    {
        var list = new List<AclItem>();
        if (d.IsNull || d.Ref is not byte[] b || b.Length < 20)
            return list;
        int n = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(12));
        for (int i = 0; i < n; i++)
        {
            var s = b.AsSpan(20 + 12 * i);
            list.Add(new AclItem(BinaryPrimitives.ReadUInt32LittleEndian(s), BinaryPrimitives.ReadUInt32LittleEndian(s[4..]),
                BinaryPrimitives.ReadUInt32LittleEndian(s[8..])));
        }
        return list;
    }

    /// <summary>aclitemout: grantee=privs/grantor.</summary>
    public static string ItemText(AclItem a)
    {
        var sb = new StringBuilder();
        if (a.Grantee != 0)
            AppendRole(sb, a.Grantee);
        sb.Append('=');
        for (int i = 0; i < Letters.Length; i++)
        {
            if ((a.Privs & (1u << i)) == 0)
                continue;
            sb.Append(Letters[i]);
            if ((a.Privs & (1u << (i + 16))) != 0)
                sb.Append('*');
        }
        sb.Append('/');
        AppendRole(sb, a.Grantor);
        return sb.ToString();
    }

    /// <summary>putid: the role name, double-quoted unless it is all letters, digits and underscores.</summary>
    static void AppendRole(StringBuilder sb, uint oid)
    {
        string name = UserTypes.Catalog?.RoleName(oid) ?? oid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        bool plain = name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c > 127);
        if (plain)
        {
            sb.Append(name);
            return;
        }
        sb.Append('"').Append(name.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    /// <summary>The text of an aclitem[]: items in braces, quoted as array elements when they need it.</summary>
    public static string ToText(in Datum d)
    {
        var sb = new StringBuilder("{");
        var items = Decode(d);
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
                sb.Append(',');
            ArrayText.AppendElement(sb, ItemText(items[i]));
        }
        return sb.Append('}').ToString();
    }
}
