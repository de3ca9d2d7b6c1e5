using System.Buffers;
using System.IO.Hashing;
using Pickling.Internal;

namespace Pickling.Tests.Internal;

public class PayloadVerifierTests
{
    private static readonly byte[] Header = [0x89, 0x50, 0x4B, 0x4C, 1, 0];
    private static readonly byte[] Signature = [7, 7, 7];

    [Fact]
    public void TryCopy_BlocksInOrder_CopiesThemAndFinishesWithTheFrameChecksum()
    {
        var payload = Payload(300_000);
        var first = new byte[100_000];
        var second = new byte[PayloadVerifier.MinimumBlock];

        using (var verifier = PayloadVerifier.Begin(Header, payload))
        {
            PayloadVerifier.Current.Should().BeSameAs(verifier);
            verifier.TryCopy(new ReadOnlySequence<byte>(payload, 1_000, first.Length), first).Should().BeTrue();
            verifier.TryCopy(new ReadOnlySequence<byte>(payload, 200_000, second.Length), second).Should().BeTrue();

            verifier.Finish(Signature).Should().Be(XxHash3.HashToUInt64([.. Header, .. payload, .. Signature]));
        }

        PayloadVerifier.Current.Should().BeNull();
        first.Should().Equal(payload.AsSpan(1_000, first.Length).ToArray());
        second.Should().Equal(payload.AsSpan(200_000, second.Length).ToArray());
    }

    [Fact]
    public void TryCopy_BlockBeforeWhatIsHashedSmallOrForeign_DeclinesAndFinishStillMatches()
    {
        var payload = Payload(300_000);
        var foreign = Payload(100_000);
        var block = new byte[100_000];
        using var verifier = PayloadVerifier.Begin(Header, payload);
        verifier.TryCopy(new ReadOnlySequence<byte>(payload, 150_000, block.Length), block).Should().BeTrue();

        verifier.TryCopy(new ReadOnlySequence<byte>(payload, 10_000, block.Length), block).Should().BeFalse("those bytes are hashed already");
        verifier.TryCopy(new ReadOnlySequence<byte>(payload, 260_000, 1_000), new byte[1_000]).Should().BeFalse("small blocks are hashed with their neighbours");
        verifier.TryCopy(new ReadOnlySequence<byte>(foreign, 0, block.Length), block).Should().BeFalse("the block is not part of this payload");

        verifier.Finish(Signature).Should().Be(XxHash3.HashToUInt64([.. Header, .. payload, .. Signature]));
    }

    [Fact]
    public void Begin_LargePayloadOnSeveralProcessors_HashesInTheBackgroundAndFinishesWithTheFrameChecksum()
    {
        var payload = Payload(PayloadVerifier.BackgroundPayload + 10);
        var block = new byte[100_000];
        using var verifier = PayloadVerifier.Begin(Header, payload);

        var copied = verifier.TryCopy(new ReadOnlySequence<byte>(payload, 1_000, block.Length), block);

        copied.Should().Be(Environment.ProcessorCount == 1, "with a processor to spare, the payload is hashed apart from any copy");
        (PayloadVerifier.Current is null).Should().Be(Environment.ProcessorCount > 1);
        verifier.Finish(Signature).Should().Be(XxHash3.HashToUInt64([.. Header, .. payload, .. Signature]));
    }

    [Fact]
    public void Begin_InsideAnotherVerifier_RestoresTheOuterOneOnDispose()
    {
        using var outer = PayloadVerifier.Begin(Header, Payload(10));

        using (PayloadVerifier.Begin(Header, Payload(20)))
        {
            PayloadVerifier.Current.Should().NotBeSameAs(outer);
        }

        PayloadVerifier.Current.Should().BeSameAs(outer);
    }

    private static byte[] Payload(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
