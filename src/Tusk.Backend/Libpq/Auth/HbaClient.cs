// What HbaMatcher needs to know about a connecting client (PG's Port fields used by check_hba).
// Tusk has no TLS and no GSSAPI encryption, so Ssl and GssEncryption default to false.
using System.Net;

namespace Tusk.Backend.Libpq.Auth;

/// <summary>The connection being authenticated.</summary>
public sealed record HbaClient
{
    /// <summary>True for a Unix-domain socket connection ("local" records).</summary>
    public bool IsUnixSocket { get; init; }

    /// <summary>Remote address for TCP connections; IPv4-mapped IPv6 addresses are treated as IPv4.</summary>
    public IPAddress? Address { get; init; }

    public required string Database { get; init; }

    public required string User { get; init; }

    /// <summary>Role membership test (user, role): true when user is a direct or indirect member of role.</summary>
    public Func<string, string, bool>? IsMember { get; init; }

    /// <summary>A physical replication connection (replication=true): only the "replication" keyword matches.</summary>
    public bool IsReplication { get; init; }

    public bool Ssl { get; init; }

    public bool GssEncryption { get; init; }

    /// <summary>
    /// The server's interface addresses with prefix lengths, for samehost/samenet; null means ask the OS
    /// (System.Net.NetworkInformation).
    /// </summary>
    public IReadOnlyList<(IPAddress Address, int PrefixLength)>? LocalAddresses { get; init; }
}
