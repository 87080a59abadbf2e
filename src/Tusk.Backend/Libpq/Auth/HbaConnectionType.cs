// First column of a tusk_hba.conf record: which kind of connection the record applies to.
// Tusk has no TLS and no GSSAPI encryption, so hostssl and hostgssenc records never match (see HbaMatcher).
namespace Tusk.Backend.Libpq.Auth;

/// <summary>Connection types of pg_hba.conf.</summary>
public enum HbaConnectionType
{
    /// <summary>"local": Unix-domain socket.</summary>
    Local,

    /// <summary>"host": TCP/IP, encrypted or not.</summary>
    Host,

    /// <summary>"hostssl": TCP/IP with SSL.</summary>
    HostSsl,

    /// <summary>"hostnossl": TCP/IP without SSL.</summary>
    HostNoSsl,

    /// <summary>"hostgssenc": TCP/IP with GSSAPI encryption.</summary>
    HostGssEnc,

    /// <summary>"hostnogssenc": TCP/IP without GSSAPI encryption.</summary>
    HostNoGssEnc,
}
