using System.IO.Hashing;
using System.Security.Cryptography;
using Pickling.Internal;

namespace Pickling.Tests.Internal;

public class FrameHasherTests
{
    private static readonly byte[] Header = [0x89, 0x50, 0x4B, 0x4C, 1, 0];

    [Fact]
    public void Finish_AfterAnotherFrame_EqualsTheHashOfHeaderAndPayloadAlone()
    {
        using (var other = FrameHasher.Start([9, 9, 9], []))
        {
            other.AppendNow(new byte[10_000]);
            other.Finish([]);
        }

        using var hasher = FrameHasher.Start(Header, []);
        hasher.AppendNow([1, 2, 3, 4, 5]);

        hasher.Finish([]).Should().Be(XxHash3.HashToUInt64([.. Header, 1, 2, 3, 4, 5]), "a hasher reused from an earlier frame starts afresh");
    }

    [Fact]
    public void Finish_WithAKey_WritesTheHmacOfHeaderAndPayloadAndChecksumsTheSignatureToo()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var signature = new byte[32];
        using var hasher = FrameHasher.Start(Header, key);
        hasher.AppendNow([1, 2, 3]);

        var checksum = hasher.Finish(signature);

        signature.Should().Equal(HMACSHA256.HashData(key, (byte[])[.. Header, 1, 2, 3]));
        checksum.Should().Be(XxHash3.HashToUInt64([.. Header, 1, 2, 3, .. signature]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Check_InTheBackgroundOrNot_MatchesTheHashComputedInPlace(bool inBackground)
    {
        var bytes = Payload(3_000_000);
        var declared = XxHash3.HashToUInt64([.. Header, .. bytes]);
        using var hasher = FrameHasher.Start(Header, [], inBackground);
        for (var at = 0; at < bytes.Length; at += 77_777)
        {
            hasher.Append(bytes.AsMemory(at, Math.Min(77_777, bytes.Length - at)));
        }

        var check = () => hasher.Check([], declared, isSigned: false);

        check.Should().NotThrow();
    }

    [Fact]
    public void Check_OtherBytesInTheBackground_ThrowsChecksumMismatch()
    {
        var bytes = Payload(100_000);
        using var hasher = FrameHasher.Start([1, 2, 3], [], inBackground: true);
        hasher.Append(bytes);

        var check = () => hasher.Check([], XxHash3.HashToUInt64([.. Header, .. bytes]), isSigned: false);

        check.Should().Throw<PickleException>().WithMessage("*checksum does not match*");
    }

    [Fact]
    public void Check_WithAKeyButUnsigned_ThrowsNotSigned()
    {
        using var hasher = FrameHasher.Start(Header, new byte[32]);

        var check = () => hasher.Check([], XxHash3.HashToUInt64(Header), isSigned: false);

        check.Should().Throw<PickleException>().WithMessage("*not signed*");
    }

    [Fact]
    public void Check_SignedWithAnotherKey_ThrowsSignatureMismatch()
    {
        var signature = HMACSHA256.HashData(new byte[32], (byte[])Header);
        using var hasher = FrameHasher.Start(Header, Enumerable.Repeat((byte)1, 32).ToArray());

        var check = () => hasher.Check(signature, XxHash3.HashToUInt64([.. Header, .. signature]), isSigned: true);

        check.Should().Throw<PickleException>().WithMessage("*signature does not match*");
    }

    [Fact]
    public void AppendNow_InTheBackground_ThrowsInvalidOperation()
    {
        using var hasher = FrameHasher.Start(Header, [], inBackground: true);

        var append = () => hasher.AppendNow([1]);

        if (hasher.InBackground)
        {
            append.Should().Throw<InvalidOperationException>();
        }
        else
        {
            append.Should().NotThrow("with one processor nothing is hashed in the background");
        }
    }

    [Fact]
    public void Dispose_WithBytesStillQueued_Returns()
    {
        var hasher = FrameHasher.Start([1, 2, 3], [], inBackground: true);
        for (var i = 0; i < 100; i++)
        {
            hasher.Append(new byte[100_000]);
        }

        var dispose = () => hasher.Dispose();

        dispose.Should().NotThrow("the background hash stops instead of waiting for bytes that never come");
    }

    private static byte[] Payload(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
