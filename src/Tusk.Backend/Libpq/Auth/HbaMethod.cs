// Authentication methods accepted in tusk_hba.conf. Tusk implements trust, reject, password, md5 and
// scram-sha-256; the others parse (with PostgreSQL's checks) and are reported when a connection selects them.
namespace Tusk.Backend.Libpq.Auth;

/// <summary>pg_hba.conf authentication methods (PG's UserAuth).</summary>
public enum HbaMethod
{
    Trust,
    Reject,
    Password,
    Md5,
    ScramSha256,
    Gss,
    Sspi,
    Ident,
    Peer,
    Ldap,
    Radius,
    Cert,
    Pam,
}
