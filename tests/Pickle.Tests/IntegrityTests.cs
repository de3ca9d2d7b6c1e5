using System.Text;
using Pickling.Tests.Models;
using Xunit.Abstractions;

namespace Pickling.Tests;

public class IntegrityTests(ITestOutputHelper output)
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("integrity-test-key-of-32-bytes!!");

    public static TheoryData<string> FrameKinds => ["list", "record", "string", "json", "signed", "empty-list", "record-list"];

    [Theory]
    [MemberData(nameof(FrameKinds))]
    public void Load_EverySingleBitFlipped_ThrowsPickleExceptionSayingDamaged(string kind)
    {
        var (frame, options, load) = Frame(kind);
        var flips = 0;

        for (var bit = 0; bit < frame.Length * 8; bit++)
        {
            var damaged = frame.ToArray();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));

            var act = () => load(damaged, options);

            act.Should().Throw<PickleException>($"bit {bit} (byte {bit / 8}) was flipped")
                .Which.Message.Should().Contain("damaged");
            flips++;
        }

        output.WriteLine($"{kind}: {frame.Length} bytes, {flips} single-bit flips, each rejected as damaged");
    }

    [Theory]
    [MemberData(nameof(FrameKinds))]
    public void Load_UndamagedFrame_ReturnsTheValue(string kind)
    {
        var (frame, options, load) = Frame(kind);

        var act = () => load(frame, options);

        act.Should().NotThrow();
    }

    [Fact]
    public void Load_SignedFrameWithTheKey_ReturnsTheValue()
    {
        var options = PickleOptions.Default with { SigningKey = Key };

        var frame = Pickle.DumpToBytes(new List<int> { 1, 2, 3 }, options);

        Pickle.LoadFromBytes<List<int>>(frame, options).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Load_UnsignedFrameWhenKeyIsSet_ThrowsPickleExceptionSayingNotSigned()
    {
        var frame = Pickle.DumpToBytes(new List<int> { 1, 2, 3 });

        var act = () => Pickle.LoadFromBytes<List<int>>(frame, PickleOptions.Default with { SigningKey = Key });

        act.Should().Throw<PickleException>().WithMessage("*not signed*SigningKey*");
    }

    [Fact]
    public void Load_FrameSignedWithAnotherKey_ThrowsPickleExceptionSayingSignatureDoesNotMatch()
    {
        var otherKey = Encoding.UTF8.GetBytes("an-attacker's-own-32-byte-key!!!");
        var frame = Pickle.DumpToBytes(new List<int> { 1, 2, 3 }, PickleOptions.Default with { SigningKey = otherKey });

        var act = () => Pickle.LoadFromBytes<List<int>>(frame, PickleOptions.Default with { SigningKey = Key });

        act.Should().Throw<PickleException>().WithMessage("*signature does not match*");
    }

    [Fact]
    public void Load_SignedFrameAlteredAndChecksumRecomputed_ThrowsPickleExceptionSayingSignatureDoesNotMatch()
    {
        var options = PickleOptions.Default with { SigningKey = Key };
        var original = Pickle.DumpToBytes(new List<int> { 1, 2, 3 }, options);
        var altered = new Support.FrameBytes(original.ToArray());
        altered.Bytes[altered.PayloadOffset + 1] = 0x09;
        altered.FixTrailer();

        var act = () => Pickle.LoadFromBytes<List<int>>(altered.Bytes, options);

        act.Should().Throw<PickleException>().WithMessage("*signature does not match*");
    }

    [Fact]
    public void Load_SignedFrameWithoutKey_ChecksChecksumAndReturnsTheValue()
    {
        var frame = Pickle.DumpToBytes(new List<int> { 1, 2, 3 }, PickleOptions.Default with { SigningKey = Key });

        Pickle.LoadFromBytes<List<int>>(frame).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void SigningKey_ShorterThan16Bytes_ThrowsArgumentException()
    {
        var act = () => PickleOptions.Default with { SigningKey = new byte[15] };

        act.Should().Throw<ArgumentException>().WithMessage("*16 bytes*");
    }

    [Fact]
    public void SigningKey_ChangedByCallerAfterwards_DoesNotChangeTheOptions()
    {
        var key = Key.ToArray();
        var options = PickleOptions.Default with { SigningKey = key };
        var frame = Pickle.DumpToBytes(1, options);

        key[0] ^= 0xFF;

        Pickle.LoadFromBytes<int>(frame, options).Should().Be(1);
    }

    private static (byte[] Frame, PickleOptions? Options, Func<byte[], PickleOptions?, object?> Load) Frame(string kind)
    {
        var signed = PickleOptions.Default with { SigningKey = Key };
        var json = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };
        return kind switch
        {
            "list" => (Pickle.DumpToBytes(new List<int> { 1, 2, 3 }), null, (b, o) => Pickle.LoadFromBytes<List<int>>(b, o)),
            "record" => (Pickle.DumpToBytes(Sample.Member), null, (b, o) => Pickle.LoadFromBytes<Member>(b, o)),
            "string" => (Pickle.DumpToBytes("héllo\0wörld 🥒"), null, (b, o) => Pickle.LoadFromBytes<string>(b, o)),
            "json" => (Pickle.DumpToBytes(Sample.Member, json), json, (b, o) => Pickle.LoadFromBytes<Member>(b, o)),
            "signed" => (Pickle.DumpToBytes(Sample.Member, signed), signed, (b, o) => Pickle.LoadFromBytes<Member>(b, o)),
            "empty-list" => (Pickle.DumpToBytes(new List<int>()), null, (b, o) => Pickle.LoadFromBytes<List<int>>(b, o)),
            "record-list" => (Pickle.DumpToBytes(new List<Member?> { Sample.Member, null, Sample.Member with { Name = "Grace" } }), null, (b, o) => Pickle.LoadFromBytes<List<Member?>>(b, o)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
