// Texts and SQLSTATEs of the authentication FATALs, as PostgreSQL 15 sends them.
using Tusk.Backend.Libpq.Auth;
using Tusk.Common.Errors;

namespace Tusk.Backend.Tests.Libpq.Auth;

public sealed class AuthErrorsTests
{
    [Theory]
    [InlineData("password", "28P01", "password authentication failed for user \"u\"")]
    [InlineData("md5", "28P01", "password authentication failed for user \"u\"")]
    [InlineData("scram-sha-256", "28P01", "password authentication failed for user \"u\"")]
    [InlineData("ident", "28000", "Ident authentication failed for user \"u\"")]
    [InlineData("peer", "28000", "Peer authentication failed for user \"u\"")]
    [InlineData("ldap", "28000", "LDAP authentication failed for user \"u\"")]
    [InlineData("cert", "28000", "certificate authentication failed for user \"u\"")]
    [InlineData("bogus", "28000", "authentication failed for user \"u\": invalid authentication method")]
    public void AuthFailed(string method, string state, string text)
    {
        PgException e = AuthErrors.AuthFailed("u", method);
        Assert.Equal(state, e.SqlState);
        Assert.Equal(text, e.Message);
        Assert.Equal(Severity.Fatal, e.Severity);
        Assert.Null(e.Detail);
    }

    [Fact]
    public void ProtocolHelpers()
    {
        Assert.Equal("empty password returned by client", AuthErrors.EmptyPassword().Message);
        Assert.Equal("28P01", AuthErrors.EmptyPassword().SqlState);
        PgException p = AuthErrors.ExpectedPasswordResponse('Q');
        Assert.Equal(("08P01", "expected password response, got message type 81"), (p.SqlState, p.Message));
        PgException s = AuthErrors.ExpectedSaslResponse('Q');
        Assert.Equal(("08P01", "expected SASL response, got message type 81"), (s.SqlState, s.Message));
        Assert.Equal(Severity.Fatal, AuthErrors.MethodNotSupported("ldap").Severity);
    }
}
