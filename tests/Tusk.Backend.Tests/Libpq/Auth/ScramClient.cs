// Test-side SCRAM-SHA-256 client (RFC 5802 section 3, RFC 7677), written independently of the server code:
// builds client-first and client-final messages and checks the server signature.
using System.Security.Cryptography;
using System.Text;

namespace Tusk.Backend.Tests.Libpq.Auth;

internal sealed class ScramClient
{
    private readonly string _password;
    private readonly string _gs2Header;
    private byte[] _saltedPassword = [];
    private string _authMessage = "";

    public ScramClient(string password, string clientNonce = "rOprNGfwEbeRWgbNEkqO", string gs2Header = "n,,")
    {
        _password = password;
        ClientNonce = clientNonce;
        _gs2Header = gs2Header;
    }

    public string ClientNonce { get; }

    public string ClientFirstBare => "n=*,r=" + ClientNonce;

    public byte[] ClientFirst() => Encoding.ASCII.GetBytes(_gs2Header + ClientFirstBare);

    public string Salt { get; private set; } = "";

    public int Iterations { get; private set; }

    public string CombinedNonce { get; private set; } = "";

    /// <summary>Parses server-first and returns client-final (with proof).</summary>
    public byte[] ClientFinal(byte[] serverFirst, string? nonceOverride = null)
    {
        string sf = Encoding.ASCII.GetString(serverFirst);
        foreach (string part in sf.Split(','))
        {
            switch (part[0])
            {
                case 'r': CombinedNonce = part[2..]; break;
                case 's': Salt = part[2..]; break;
                case 'i': Iterations = int.Parse(part[2..], System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }

        string cbind = Convert.ToBase64String(Encoding.ASCII.GetBytes(_gs2Header));
        string withoutProof = "c=" + cbind + ",r=" + (nonceOverride ?? CombinedNonce);
        _authMessage = ClientFirstBare + "," + sf + "," + withoutProof;

        _saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(_password), Convert.FromBase64String(Salt),
            Iterations, HashAlgorithmName.SHA256, 32);
        byte[] clientKey = HMACSHA256.HashData(_saltedPassword, Encoding.ASCII.GetBytes("Client Key"));
        byte[] storedKey = SHA256.HashData(clientKey);
        byte[] signature = HMACSHA256.HashData(storedKey, Encoding.ASCII.GetBytes(_authMessage));
        byte[] proof = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            proof[i] = (byte)(clientKey[i] ^ signature[i]);
        }

        return Encoding.ASCII.GetBytes(withoutProof + ",p=" + Convert.ToBase64String(proof));
    }

    public string ExpectedServerFinal()
    {
        byte[] serverKey = HMACSHA256.HashData(_saltedPassword, Encoding.ASCII.GetBytes("Server Key"));
        return "v=" + Convert.ToBase64String(HMACSHA256.HashData(serverKey, Encoding.ASCII.GetBytes(_authMessage)));
    }
}
