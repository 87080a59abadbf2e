// MD5 secrets and challenge responses; the stored value comes from PostgreSQL 15 (password 'pw', role 'm').
using Tusk.Backend.Libpq.Auth;

namespace Tusk.Backend.Tests.Libpq.Auth;

public sealed class Md5PasswordTests
{
    private const string PgStoredForUserM = "md57764e463c73a54e4bb79b9b9e419e145";

    [Fact]
    public void Encrypt_MatchesPostgres()
    {
        Assert.Equal(PgStoredForUserM, Md5Password.Encrypt("pw", "m"));
        Assert.True(Md5Password.IsMd5Hash(PgStoredForUserM));
        Assert.False(Md5Password.IsMd5Hash("md5xyz"));
    }

    [Fact]
    public void VerifyResponse_RoundTrip()
    {
        byte[] salt = [0x01, 0x02, 0xFE, 0xFF];
        string client = ClientResponse("pw", "m", salt);
        Assert.True(Md5Password.VerifyResponse(PgStoredForUserM, salt, client));
        Assert.False(Md5Password.VerifyResponse(PgStoredForUserM, salt, ClientResponse("px", "m", salt)));
        Assert.False(Md5Password.VerifyResponse(PgStoredForUserM, [1, 2, 3, 5], client));
        Assert.False(Md5Password.VerifyResponse(ScramSha256.BuildVerifier("pw"), salt, client));
    }

    [Fact]
    public void VerifyResponse_KnownVector()
    {
        // md5(hex(md5("pw" || "m")) || "abcd"), computed independently with md5sum.
        byte[] salt = "abcd"u8.ToArray();
        Assert.Equal("md54f547a0ce7e970decea90a64dcf5ab20", Md5Password.ExpectedResponse(PgStoredForUserM, salt));
        Assert.True(Md5Password.VerifyResponse(PgStoredForUserM, salt, "md54f547a0ce7e970decea90a64dcf5ab20"));
    }

    [Theory]
    [InlineData("md5", PgStoredForUserM, false)]
    [InlineData("md5", "SCRAM-SHA-256$4096:cUxAgGonGOHveKFitXBUrA==$/dCNDVMq6zM6ypC6z2myQ53XSzV7Wvh4SUETaYYeGAI=:" +
        "23nfanPx/eFtFlzkxdsHx9HOQbC22DUHbm6TtWITeA0=", true)]
    [InlineData("md5", null, true)]
    [InlineData("scram-sha-256", PgStoredForUserM, true)]
    [InlineData("password", PgStoredForUserM, false)]
    public void ShouldUseScram_FollowsPostgres(string method, string? stored, bool expected)
    {
        Assert.Equal(expected, Md5Password.ShouldUseScram(method, stored));
    }

    [Fact]
    public void ShouldUseScram_UnknownUserFollowsPasswordEncryption()
    {
        Assert.False(Md5Password.ShouldUseScram("md5", null, "md5"));
    }

    [Fact]
    public void PlainPassword_AgainstMd5()
    {
        Assert.True(PlainPassword.Verify("m", PgStoredForUserM, "pw"));
        Assert.False(PlainPassword.Verify("m", PgStoredForUserM, "px"));
        Assert.False(PlainPassword.Verify("m", null, "pw"));
    }

    // The client's side, written independently of Md5Password.
    private static string ClientResponse(string password, string user, byte[] salt)
    {
        string inner = Convert.ToHexStringLower(
            System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(password + user)));
        byte[] outerInput = [.. System.Text.Encoding.ASCII.GetBytes(inner), .. salt];
        return "md5" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(outerInput));
    }
}
