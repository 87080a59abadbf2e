// How a tusk_hba.conf record selects client addresses: none for "local", all, samehost, samenet,
// an address with a mask (CIDR or separate netmask column), or a host name (accepted, never matches in Tusk).
namespace Tusk.Backend.Libpq.Auth;

/// <summary>The address column's form (PG's ip_cmp_method plus the host name case).</summary>
public enum HbaAddressKind
{
    /// <summary>"local" records have no address column.</summary>
    None,

    /// <summary>"all": any address.</summary>
    All,

    /// <summary>"samehost": any of the server's own addresses.</summary>
    SameHost,

    /// <summary>"samenet": any address in a subnet the server is directly connected to.</summary>
    SameNet,

    /// <summary>Address and mask.</summary>
    Mask,

    /// <summary>A host name or ".suffix"; Tusk does not resolve names, so such records never match.</summary>
    HostName,
}
