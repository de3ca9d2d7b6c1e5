using System.Buffers;
using System.IO.Hashing;
using Pickling.Internal;

namespace Pickling.Tests.Internal;

public class PayloadVerifierTests
{
    private static readonly byte[] Header = [0x89, 0x50, 0x4B, 0x4C, 1, 0];
    private static readonly byte[] Signature = [7, 7, 7];

    [Fact]
    public void TryCopy_BlocksInOrder_CopiesThemAndChecksAgainstTheFrameChecksum()
    {
        var payload = Payload(300_000);
        var first = new byte[100_000];
        var second = new byte[PayloadVerifier.MinimumBlock];
        using var hasher = FrameHasher.Start(Header, []);
        var verifier = Verifier(hasher, payload);

        verifier.TryCopy(new ReadOnlySequence<byte>(payload, 1_000, first.Length), first).Should().BeTrue();
        verifier.TryCopy(new ReadOnlySequence<byte>(payload, 200_000, second.Length), second).Should().BeTrue();

        verifier.Matches().Should().BeTrue();
        first.Should().Equal(payload.AsSpan(1_000, first.Length).ToArray());
        second.Should().Equal(payload.AsSpan(200_000, second.Length).ToArray());
    }

    [Fact]
    public void TryCopy_BlockBeforeWhatIsHashedSmallOrForeign_DeclinesAndTheCheckStillPasses()
    {
        var payload = Payload(300_000);
        var foreign = Payload(100_000);
        var block = new byte[100_000];
        using var hasher = FrameHasher.Start(Header, []);
        var verifier = Verifier(hasher, payload);
        verifier.TryCopy(new ReadOnlySequence<byte>(payload, 150_000, block.Length), block).Should().BeTrue();

        verifier.TryCopy(new ReadOnlySequence<byte>(payload, 10_000, block.Length), block).Should().BeFalse("those bytes are hashed already");
        verifier.TryCopy(new ReadOnlySequence<byte>(payload, 260_000, 1_000), new byte[1_000]).Should().BeFalse("small blocks are hashed with their neighbours");
        verifier.TryCopy(new ReadOnlySequence<byte>(foreign, 0, block.Length), block).Should().BeFalse("the block is not part of this payload");

        var check = verifier.Check;
        check.Should().NotThrow();
    }

    [Fact]
    public void TryCopy_HasherInTheBackground_LeavesCopiesToTheCallerAndStillMatches()
    {
        var payload = Payload(5_000_000);
        var block = new byte[100_000];
        using var hasher = FrameHasher.Start(Header, [], inBackground: true);
        var verifier = Verifier(hasher, payload);

        var copied = verifier.TryCopy(new ReadOnlySequence<byte>(payload, 1_000, block.Length), block);

        copied.Should().Be(!hasher.InBackground, "a payload hashed apart from any copy needs none");
        verifier.Matches().Should().BeTrue();
    }

    [Fact]
    public void Check_PayloadChangedAfterTheChecksum_ThrowsChecksumMismatch()
    {
        var payload = Payload(50_000);
        using var hasher = FrameHasher.Start(Header, []);
        var verifier = Verifier(hasher, payload);
        payload[40_000] ^= 1;

        var check = verifier.Check;

        check.Should().Throw<PickleException>().WithMessage("*checksum does not match*");
    }

    private static PayloadVerifier Verifier(FrameHasher hasher, byte[] payload) =>
        new(hasher, payload, Signature, XxHash3.HashToUInt64([.. Header, .. payload, .. Signature]), isSigned: false);

    private static byte[] Payload(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
