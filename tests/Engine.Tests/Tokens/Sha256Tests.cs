using System.Text;
using AiCoPilot.Engine.Tokens;
using Xunit;

namespace AiCoPilot.Engine.Tests.Tokens;

public class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Matches_the_standards_test_vectors(string message, string expected) =>
        Assert.Equal(expected, Convert.ToHexString(Sha256.HashData(Encoding.ASCII.GetBytes(message))).ToLowerInvariant());

    [Fact]
    public void Matches_the_platform_hash_at_every_padding_boundary()
    {
        // Lengths around the 55/56/64-byte edges where the length field spills into a second block.
        var random = new Random(5);
        for (int length = 0; length <= 200; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), Sha256.HashData(data));
        }
    }
}
