// One parsed tusk_hba.conf record (PG's HbaLine). Immutable; built by HbaFile.Parse, consumed by HbaMatcher.
// Keeps the raw text (continuations joined) and the number of its first line for diagnostics and views.
using System.Net;

namespace Tusk.Backend.Libpq.Auth;

/// <summary>A client authentication record.</summary>
public sealed class HbaLine
{
    /// <summary>File the record came from.</summary>
    public required string FileName { get; init; }

    /// <summary>1-based number of the record's first physical line.</summary>
    public required int LineNumber { get; init; }

    /// <summary>The record as written (backslash continuations joined).</summary>
    public required string RawLine { get; init; }

    public required HbaConnectionType ConnectionType { get; init; }

    public required IReadOnlyList<HbaToken> Databases { get; init; }

    public required IReadOnlyList<HbaToken> Users { get; init; }

    public HbaAddressKind AddressKind { get; init; }

    /// <summary>Address for <see cref="HbaAddressKind.Mask"/>.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>Mask for <see cref="HbaAddressKind.Mask"/>, same family as <see cref="Address"/>.</summary>
    public IPAddress? Mask { get; init; }

    /// <summary>Host name for <see cref="HbaAddressKind.HostName"/>.</summary>
    public string? HostName { get; init; }

    public required HbaMethod Method { get; init; }

    /// <summary>Method as spelled in the file ("scram-sha-256", ...); "peer" for a local "ident" record.</summary>
    public required string MethodName { get; init; }

    /// <summary>name=value options in file order (later duplicates win).</summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>True for the methods Tusk implements: trust, reject, password, md5, scram-sha-256.</summary>
    public bool IsMethodSupported => Method is HbaMethod.Trust or HbaMethod.Reject or HbaMethod.Password
        or HbaMethod.Md5 or HbaMethod.ScramSha256;

    public override string ToString() => $"{FileName}:{LineNumber}: {RawLine}";
}
