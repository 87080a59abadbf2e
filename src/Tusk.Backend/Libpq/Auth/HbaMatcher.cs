// Chooses the tusk_hba.conf record for a connection: the first record whose type, address, database and user
// match wins (PG's check_hba); none means implicit reject. Builds PG's FATAL texts for "no entry" and "reject".
// Difference from PG: IPv4-mapped IPv6 clients (dual-mode sockets) are matched and reported as IPv4.
// Entry points: Match, NoEntry, Rejected.
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Tusk.Common.Errors;

namespace Tusk.Backend.Libpq.Auth;

/// <summary>Matching connections against parsed hba records.</summary>
public static class HbaMatcher
{
    /// <summary>First matching record, or null (implicit reject: report <see cref="NoEntry(HbaClient)"/>).</summary>
    public static HbaLine? Match(IReadOnlyList<HbaLine> lines, bool isUnixSocket, IPAddress? clientAddress,
        string database, string user, Func<string, string, bool>? isMember = null) =>
        Match(lines, new HbaClient
        {
            IsUnixSocket = isUnixSocket,
            Address = clientAddress,
            Database = database,
            User = user,
            IsMember = isMember,
        });

    /// <summary>First record matching <paramref name="client"/>, or null.</summary>
    public static HbaLine? Match(IReadOnlyList<HbaLine> lines, HbaClient client)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(client);
        IPAddress? address = Normalize(client.Address);
        foreach (HbaLine line in lines)
        {
            if (line.ConnectionType == HbaConnectionType.Local)
            {
                if (!client.IsUnixSocket)
                {
                    continue;
                }
            }
            else
            {
                if (client.IsUnixSocket || address is null)
                {
                    continue;
                }

                if ((client.Ssl && line.ConnectionType == HbaConnectionType.HostNoSsl)
                    || (!client.Ssl && line.ConnectionType == HbaConnectionType.HostSsl)
                    || (client.GssEncryption && line.ConnectionType == HbaConnectionType.HostNoGssEnc)
                    || (!client.GssEncryption && line.ConnectionType == HbaConnectionType.HostGssEnc))
                {
                    continue;
                }

                if (!AddressMatches(line, address, client))
                {
                    continue;
                }
            }

            if (DatabaseMatches(line.Databases, client) && UserMatches(line.Users, client))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>FATAL 28000 for a connection no record matched.</summary>
    public static PgException NoEntry(HbaClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return NoEntry(client.IsUnixSocket, client.Address, client.User, client.Database, client.IsReplication,
            client.Ssl);
    }

    /// <summary>
    /// FATAL 28000 <c>no pg_hba.conf entry for host "127.0.0.1", user "x", database "y", no encryption</c>;
    /// the host is <c>[local]</c> for Unix sockets. PG's wording (file name included) is kept for clients.
    /// </summary>
    public static PgException NoEntry(bool isUnixSocket, IPAddress? clientAddress, string user, string database,
        bool replication = false, bool ssl = false)
    {
        string host = HostText(isUnixSocket, clientAddress);
        string encryption = ssl ? "SSL encryption" : "no encryption";
        string message = replication
            ? $"no pg_hba.conf entry for replication connection from host \"{host}\", user \"{user}\", {encryption}"
            : $"no pg_hba.conf entry for host \"{host}\", user \"{user}\", database \"{database}\", {encryption}";
        return new PgException(SqlState.InvalidAuthorizationSpecification, message, Severity.Fatal);
    }

    /// <summary>FATAL 28000 for a connection whose matching record has method "reject".</summary>
    public static PgException Rejected(HbaClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Rejected(client.IsUnixSocket, client.Address, client.User, client.Database, client.IsReplication,
            client.Ssl);
    }

    /// <summary>
    /// FATAL 28000 <c>pg_hba.conf rejects connection for host "...", user "...", database "...", no encryption</c>.
    /// </summary>
    public static PgException Rejected(bool isUnixSocket, IPAddress? clientAddress, string user, string database,
        bool replication = false, bool ssl = false)
    {
        string host = HostText(isUnixSocket, clientAddress);
        string encryption = ssl ? "SSL encryption" : "no encryption";
        string message = replication
            ? $"pg_hba.conf rejects replication connection for host \"{host}\", user \"{user}\", {encryption}"
            : $"pg_hba.conf rejects connection for host \"{host}\", user \"{user}\", database \"{database}\", " +
              encryption;
        return new PgException(SqlState.InvalidAuthorizationSpecification, message, Severity.Fatal);
    }

    private static string HostText(bool isUnixSocket, IPAddress? address) =>
        isUnixSocket || address is null ? "[local]" : Normalize(address)!.ToString();

    private static IPAddress? Normalize(IPAddress? a) =>
        a is not null && a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;

    private static bool AddressMatches(HbaLine line, IPAddress client, HbaClient info)
    {
        switch (line.AddressKind)
        {
            case HbaAddressKind.All:
                return true;
            case HbaAddressKind.Mask:
                return InRange(client, line.Address!, line.Mask!)
                    || (info.Address is not null && info.Address.IsIPv4MappedToIPv6
                        && InRange(info.Address, line.Address!, line.Mask!));
            case HbaAddressKind.SameHost:
            case HbaAddressKind.SameNet:
                foreach ((IPAddress local, int prefix) in info.LocalAddresses ?? InterfaceAddresses())
                {
                    IPAddress l = Normalize(local)!;
                    if (l.AddressFamily != client.AddressFamily)
                    {
                        continue;
                    }

                    int bits = line.AddressKind == HbaAddressKind.SameHost
                        ? (l.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
                        : prefix;
                    IPAddress? mask = HbaFile.CidrMask(bits.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        l.AddressFamily);
                    if (mask is not null && InRange(client, l, mask))
                    {
                        return true;
                    }
                }

                return false;
            default:
                // Host names are not resolved by Tusk: such records never match.
                return false;
        }
    }

    /// <summary>((client XOR net) AND mask) == 0, for addresses of the same family (PG's pg_range_sockaddr).</summary>
    private static bool InRange(IPAddress client, IPAddress net, IPAddress mask)
    {
        if (client.AddressFamily != net.AddressFamily || mask.AddressFamily != net.AddressFamily)
        {
            return false;
        }

        byte[] c = client.GetAddressBytes();
        byte[] n = net.GetAddressBytes();
        byte[] m = mask.GetAddressBytes();
        for (int i = 0; i < c.Length; i++)
        {
            if (((c[i] ^ n[i]) & m[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static List<(IPAddress, int)> InterfaceAddresses()
    {
        var result = new List<(IPAddress, int)>();
        try
        {
            foreach (NetworkInterface ni in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (UnicastIPAddressInformation ua in ni.GetIPProperties().UnicastAddresses)
                {
                    result.Add((ua.Address, ua.PrefixLength));
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No interface list: fall back to loopback only.
        }

        if (result.Count == 0)
        {
            result.Add((IPAddress.Loopback, 8));
            result.Add((IPAddress.IPv6Loopback, 128));
        }

        return result;
    }

    private static bool DatabaseMatches(IReadOnlyList<HbaToken> tokens, HbaClient client)
    {
        foreach (HbaToken t in tokens)
        {
            if (client.IsReplication)
            {
                // A physical replication connection matches only the "replication" keyword.
                if (t.IsKeyword("replication"))
                {
                    return true;
                }
            }
            else if (t.IsKeyword("all"))
            {
                return true;
            }
            else if (t.IsKeyword("sameuser"))
            {
                if (client.Database == client.User)
                {
                    return true;
                }
            }
            else if (t.IsKeyword("samerole") || t.IsKeyword("samegroup"))
            {
                if (IsMember(client, client.Database))
                {
                    return true;
                }
            }
            else if (t.IsKeyword("replication"))
            {
                continue;
            }
            else if (t.Matches(client.Database))
            {
                return true;
            }
        }

        return false;
    }

    private static bool UserMatches(IReadOnlyList<HbaToken> tokens, HbaClient client)
    {
        foreach (HbaToken t in tokens)
        {
            if (!t.Quoted && t.Value.StartsWith('+'))
            {
                if (IsMember(client, t.Value[1..]))
                {
                    return true;
                }
            }
            else if (t.Matches(client.User) || t.IsKeyword("all"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>PG's is_member: a role is a member of itself; otherwise ask the callback.</summary>
    private static bool IsMember(HbaClient client, string role) =>
        client.User == role || (client.IsMember?.Invoke(client.User, role) ?? false);
}
