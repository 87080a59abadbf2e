// Verifier building/parsing/plain checks against secrets produced by PostgreSQL 15 (SET password_encryption
// = 'scram-sha-256'; CREATE ROLE ... PASSWORD ...; SELECT rolpassword FROM pg_authid), including SASLprep cases.
using Tusk.Backend.Libpq.Auth;

namespace Tusk.Backend.Tests.Libpq.Auth;

public sealed class ScramSha256Tests
{
    // Password, verifier as stored by PostgreSQL 15.
    public static TheoryData<string, string> PgVerifiers => new()
    {
        { "pw", "SCRAM-SHA-256$4096:cUxAgGonGOHveKFitXBUrA==$/dCNDVMq6zM6ypC6z2myQ53XSzV7Wvh4SUETaYYeGAI=:" +
            "23nfanPx/eFtFlzkxdsHx9HOQbC22DUHbm6TtWITeA0=" },
        { "correct horse battery staple", "SCRAM-SHA-256$4096:Oaepw6GVGKWJyKGZbyaVFQ==$qMgqkr0dHOMzM3ZgGbaY7en9eoUe" +
            "g6v2pSBdS2U/tok=:HQAhpY06NPJrgBTKRAUREtD5gS8DDZVorn1LV2KUUIo=" },
        // Non-ASCII, already NFKC.
        { "pässwörd", "SCRAM-SHA-256$4096:a+JZnsaEpWps60vz4OkyeA==$CNFT3TSXOpxDWY5Yd0HR8dONnjUFYQ8huMQ+faAGMQs=:" +
            "4ReTDOfNbgh2P8lneuQuqiDVI5DiEwah5+zaE4pyqas=" },
        // Fullwidth letters: NFKC turns them into "ABC".
        { "\uFF21\uFF22\uFF23", "SCRAM-SHA-256$4096:a0YqPQXDb2YzpqNCRyJg0Q==$Cg44OFVTw5Zp+VlLTH9DBde1mny+NZEX" +
            "2yC1RMPv4fU=:vxDSv12azA5eAsRSVXEzfYNFZrOLxAqaN43HDXa7CFI=" },
        // Soft hyphen is mapped to nothing.
        { "I\u00ADX", "SCRAM-SHA-256$4096:VMK19M8CTcoqWL72rw1LnA==$A0fg3/JL2xh1tTvW6poW8GuoO6BRaLloY2SXV286TGE=:lI8xg" +
            "2c0UH6NyzuEu/AOo2rDCLIAcRrPp3d3TarSGGg=" },
        // U+0080 is prohibited: PostgreSQL falls back to the raw password.
        { "a\u0080b", "SCRAM-SHA-256$4096:6iATQckXEwQQps1/+2jHUA==$ruaaUMB85xoIuEfDhdzRTB+ULkn7phzB+u9ef9ajbw8=:OcsKj" +
            "mZaC9pThnWdS4Vr1vh1hJ49Ikg0G5nODKlsKC8=" },
        // Hebrew letter followed by a Latin one breaks the bidi rule: raw password again.
        { "\u05D0a", "SCRAM-SHA-256$4096:JpjP+4SwfPSj8ghjthvXPQ==$S2pmaFdTVn/w+p8jrFhXs/zHwD09lYCYyTvVqsYZELU=:MKSJmu" +
            "OdpMpfsEoltdWbzpRNIfuW3sX7Eb8S9QxGPMo=" },
        // No-break space is mapped to a space.
        { "a\u00A0b", "SCRAM-SHA-256$4096:INFgEw6+QYVPTat0vuQKZA==$18TbwiLDECiMOysL07LvGWl/lbYGGz0PO+z/fIdMApI=:J4IVP" +
            "nbgitmlAkCU1eNYq2Ak15rR4Ynkiusmv4oSXgw=" },
    };

    [Theory]
    [MemberData(nameof(PgVerifiers))]
    public void BuildVerifier_WithPgSalt_ReproducesPgSecret(string password, string pgVerifier)
    {
        Assert.True(ScramSha256.TryParseVerifier(pgVerifier, out int iterations, out byte[] salt, out _, out _));
        Assert.Equal(pgVerifier, ScramSha256.BuildVerifier(password, iterations, salt));
    }

    [Theory]
    [MemberData(nameof(PgVerifiers))]
    public void VerifyPlainPassword_AcceptsRightAndRejectsWrong(string password, string pgVerifier)
    {
        Assert.True(ScramSha256.VerifyPlainPassword(pgVerifier, password));
        Assert.False(ScramSha256.VerifyPlainPassword(pgVerifier, password + "x"));
        Assert.True(PlainPassword.Verify("someone", pgVerifier, password));
    }

    [Fact]
    public void BuildVerifier_DefaultsTo4096IterationsAnd16ByteRandomSalt()
    {
        string a = ScramSha256.BuildVerifier("secret");
        string b = ScramSha256.BuildVerifier("secret");
        Assert.NotEqual(a, b);
        Assert.StartsWith("SCRAM-SHA-256$4096:", a, StringComparison.Ordinal);
        Assert.True(ScramSha256.TryParseVerifier(a, out int iterations, out byte[] salt, out byte[] stored,
            out byte[] server));
        Assert.Equal(4096, iterations);
        Assert.Equal(16, salt.Length);
        Assert.Equal(32, stored.Length);
        Assert.Equal(32, server.Length);
        Assert.True(ScramSha256.VerifyPlainPassword(a, "secret"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("md57764e463c73a54e4bb79b9b9e419e145")]
    [InlineData("SCRAM-SHA-256$4096:c2FsdA==$AAAA:AAAA")]
    [InlineData("SCRAM-SHA-256$x:cUxAgGonGOHveKFitXBUrA==$/dCNDVMq6zM6ypC6z2myQ53XSzV7Wvh4SUETaYYeGAI=:" +
        "23nfanPx/eFtFlzkxdsHx9HOQbC22DUHbm6TtWITeA0=")]
    [InlineData("SCRAM-SHA-256$4096:cUxAgGonGOHveKFitXBUrA==$/dCNDVMq6zM6ypC6z2myQ53XSzV7Wvh4SUETaYYeGAI=")]
    [InlineData("SCRAM-SHA-1$4096:cUxAgGonGOHveKFitXBUrA==$/dCNDVMq6zM6ypC6z2myQ53XSzV7Wvh4SUETaYYeGAI=:" +
        "23nfanPx/eFtFlzkxdsHx9HOQbC22DUHbm6TtWITeA0=")]
    [InlineData("SCRAM-SHA-256$4096:!!!$/dCNDVMq6zM6ypC6z2myQ53XSzV7Wvh4SUETaYYeGAI=:" +
        "23nfanPx/eFtFlzkxdsHx9HOQbC22DUHbm6TtWITeA0=")]
    public void TryParseVerifier_RejectsMalformed(string v)
    {
        Assert.False(ScramSha256.TryParseVerifier(v, out _, out _, out _, out _));
        Assert.False(ScramSha256.VerifyPlainPassword(v, "pw"));
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("a\u0007b", "a\u0007b")] // pure ASCII passes through untouched, even control characters
    [InlineData("\uFB01x", "fix")] // ligature fi
    [InlineData("a\u0308", "\u00E4")] // composition
    [InlineData("\u212B", "\u00C5")] // Angstrom sign -> A with ring
    [InlineData("\u1100\u1161\u11A8", "\uAC01")] // Hangul jamo compose
    [InlineData("x\u200By", "x y")] // zero-width space is a non-ASCII space in C.1.2, mapped first
    [InlineData("\u00BD", "1\u20442")] // vulgar fraction
    [InlineData("a\u0307\u0323", "\u1EA1\u0307")] // canonical reordering before composition
    [InlineData("\u3300", "\u30A2\u30D1\u30FC\u30C8")] // squared katakana, with composition of pa
    [InlineData("\u05D0\u05D1", "\u05D0\u05D1")] // all RandALCat is fine
    public void SaslPrep_Normalises(string input, string expected)
    {
        Assert.True(SaslPrep.TryPrepare(input, out string output));
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("a\u0080b")] // C.2.2
    [InlineData("\uE000x")] // private use
    [InlineData("\u05D0a")] // bidi: RandALCat with LCat
    [InlineData("\u05D01")] // bidi: does not end with RandALCat
    [InlineData("a\u0221")] // unassigned in Unicode 3.2
    [InlineData("a\uD800")] // lone surrogate
    public void SaslPrep_Refuses(string input)
    {
        Assert.False(SaslPrep.TryPrepare(input, out _));
    }
}
