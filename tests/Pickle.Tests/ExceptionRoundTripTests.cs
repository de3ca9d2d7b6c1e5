using System.ComponentModel;
using System.Reflection;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

public class ExceptionRoundTripTests
{
    private static readonly PickleOptions Allowed = PickleOptions.Default with
    {
        AllowedAssemblies = [typeof(Exception).Assembly, typeof(Win32Exception).Assembly, typeof(JobFailedException).Assembly],
    };

    public static readonly TheoryData<string> Cases = new(Exceptions().Keys);

    public static readonly TheoryData<EntryPoint, bool> EntryPoints = Matrix();

    [Theory]
    [MemberData(nameof(Cases))]
    public void RoundTrip_ThrownException_MatchesFieldByField(string name)
    {
        var original = Exceptions()[name];

        foreach (var preserve in new[] { false, true })
        {
            var options = Allowed with { PreserveReferences = preserve };
            var loaded = Pickle.LoadFromBytes<Exception>(Pickle.DumpToBytes(original, options), options);

            ExceptionComparison.ShouldMatch(loaded, original);
        }
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void RoundTrip_ExceptionsInMembers_MatchThroughEveryEntryPoint(EntryPoint entryPoint, bool preserveReferences)
    {
        var options = Allowed with { PreserveReferences = preserveReferences };
        foreach (var (name, original) in Exceptions())
        {
            var job = new FailedJob { Name = name, Error = original, Detail = original.InnerException ?? original };

            var loaded = entryPoint.RoundTrip(job, options);

            loaded.Name.Should().Be(name);
            ExceptionComparison.ShouldMatch(loaded.Error!, original, name);
            ExceptionComparison.ShouldMatch((Exception)loaded.Detail!, original.InnerException ?? original, name + " as object");
            if (preserveReferences)
            {
                loaded.Detail.Should().BeSameAs(original.InnerException is null ? loaded.Error : loaded.Error!.InnerException);
            }
        }
    }

    [Fact]
    public void Load_UserExceptionWithoutSerializationConstructor_KeepsItsAndItsBaseClassesPrivateFields()
    {
        var original = Thrown(() => new RetryableJobFailedException("gave up", Guid.NewGuid(), 3, TimeSpan.FromSeconds(30)));

        var loaded = (RetryableJobFailedException)Pickle.LoadFromBytes<Exception>(Pickle.DumpToBytes<Exception>(original, Allowed), Allowed);

        loaded.JobId.Should().Be(original.JobId);
        loaded.Steps.Should().Equal("queued", "started");
        loaded.Attempts.Should().Be(3);
        loaded.Backoff.Should().Be(TimeSpan.FromSeconds(30));
        loaded.Message.Should().Be("gave up");
        loaded.StackTrace.Should().Contain(nameof(Thrown)).And.Be(original.StackTrace);
        loaded.HResult.Should().Be(original.HResult);
    }

    [Fact]
    public void Load_Exception_CanBeThrownAgainAndCaught()
    {
        var loaded = Pickle.LoadFromBytes<Exception>(Pickle.DumpToBytes(Exceptions()["invalid operation with inner and data"], Allowed), Allowed);

        var caught = Thrown(() => throw loaded);

        caught.Should().BeSameAs(loaded);
        caught.Data["job"].Should().Be(42);
    }

    [Fact]
    public void Fields_OfException_AreEachSavedOrNamedRuntimeOnly()
    {
        var all = typeof(Exception).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Select(f => f.Name);
        var saved = FieldModel.Fields(typeof(Exception)).Select(f => f.Field.Name);

        FieldModel.IsEligible(typeof(Exception)).Should().BeTrue();
        saved.Should().Contain(["_message", "_data", "_innerException", "_helpURL", "_source", "_stackTraceString", "_remoteStackTraceString", "_HResult"]);
        saved.Concat(ExceptionFields.RuntimeOnly).Should().BeEquivalentTo(all, "every field of Exception is saved, or is the runtime's and named in one place");
        saved.Should().NotIntersectWith(ExceptionFields.RuntimeOnly);
    }

    [Fact]
    public void Dump_Exception_WritesNoRuntimeField()
    {
        var bytes = Pickle.DumpToBytes(Exceptions()["argument out of range"], Allowed);

        foreach (var field in ExceptionFields.RuntimeOnly)
        {
            bytes.AsSpan().IndexOf(Key(field)).Should().BeNegative(field);
        }

        bytes.AsSpan().IndexOf(Key("_stackTraceString")).Should().BePositive();
        System.Text.Encoding.UTF8.GetString(bytes).Should().Contain(nameof(Thrown));
    }

    [Fact]
    public void Dump_ExceptionWithDataOfAnotherKind_ThrowsPickleException()
    {
        var exception = new InvalidOperationException("x");
        typeof(Exception).GetField("_data", BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(exception, new System.Collections.Hashtable { ["a"] = 1 });

        var act = () => Pickle.DumpToBytes<Exception>(exception, Allowed);

        act.Should().Throw<PickleException>().WithMessage("*InvalidOperationException*Data is a System.Collections.Hashtable*");
    }

    [Fact]
    public void Load_ExceptionDataWithKeyTwice_ThrowsPickleException()
    {
        var exception = new InvalidOperationException("with data");
        exception.Data["a"] = 1;
        exception.Data["b"] = 2;
        var bytes = Pickle.DumpToBytes<Exception>(exception, Allowed);
        var tampered = FrameBuilder.Reseal(Replace(bytes, [0xA1, (byte)'b'], [0xA1, (byte)'a']));

        var act = () => Pickle.LoadFromBytes<Exception>(tampered, Allowed);

        act.Should().Throw<PickleException>().WithMessage("*Data[a]*System.InvalidOperationException*twice*");
    }

    [Fact]
    public void Load_ExceptionDataOverBudget_ThrowsPickleException()
    {
        var exception = new InvalidOperationException("many");
        for (var i = 0; i < 300; i++)
        {
            exception.Data[i] = null;
        }

        var bytes = Pickle.DumpToBytes<Exception>(exception, Allowed);
        var act = () => Pickle.LoadFromBytes<Exception>(bytes, Allowed with { MaxAllocation = 4_000 });

        act.Should().Throw<PickleException>().WithMessage("*300 entries of the Data of a System.InvalidOperationException*");
    }

    /// <summary>A field's key as a map of fields holds it: a short MessagePack string.</summary>
    private static byte[] Key(string name) => [(byte)(0xA0 | name.Length), .. System.Text.Encoding.UTF8.GetBytes(name)];

    private static byte[] Replace(byte[] bytes, byte[] find, byte[] with)
    {
        var at = bytes.AsSpan().IndexOf(find);
        at.Should().BeGreaterThan(0);
        var copy = (byte[])bytes.Clone();
        with.CopyTo(copy, at);
        return copy;
    }

    private static T Thrown<T>(Func<T> make)
        where T : Exception
    {
        try
        {
            throw make();
        }
        catch (T e)
        {
            return e;
        }
    }

    private static Exception Thrown(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("nothing was thrown");
    }

    private static Dictionary<string, Exception> Exceptions()
    {
        var outer = Thrown(() => new InvalidOperationException("outer", Thrown(() => new ArgumentNullException("name", "name is missing"))));
        outer.Data["job"] = 42;
        outer.Data["when"] = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        outer.Data["tags"] = new List<string> { "a", "b" };
        outer.HelpLink = "https://example.com/help";
        outer.HResult = unchecked((int)0x80131509);
        outer.Source = "Pickle.Tests.Job";
        return new Dictionary<string, Exception>
        {
            ["invalid operation with inner and data"] = outer,
            ["argument out of range"] = Thrown(() => new ArgumentOutOfRangeException("count", 7, "too many")),
            ["file not found"] = Thrown(() => new FileNotFoundException("missing", "/tmp/missing.txt")),
            ["win32"] = Thrown(() => new Win32Exception(5, "access denied")),
            ["aggregate"] = Thrown(() => new AggregateException("several", Thrown(() => new FormatException("bad")), Thrown(() => new TimeoutException("slow")))),
            ["key not found"] = Thrown(() => new KeyNotFoundException("no key")),
            ["object disposed"] = Thrown(() => new ObjectDisposedException("stream", "closed")),
            ["operation canceled"] = Thrown(() => new OperationCanceledException("stopped")),
            ["never thrown"] = new NotSupportedException("not thrown, no stack trace"),
            ["user exception with inner"] = Thrown(() => new JobFailedException("job failed", Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), Thrown(() => new IOException("disk")))),
            ["user exception without parameterless constructor"] = Thrown(() => new RetryableJobFailedException("retry", Guid.Empty, 2, TimeSpan.FromMinutes(1))),
        };
    }

    private static TheoryData<EntryPoint, bool> Matrix()
    {
        var data = new TheoryData<EntryPoint, bool>();
        foreach (var entryPoint in EntryPoint.All)
        {
            data.Add(entryPoint, false);
            data.Add(entryPoint, true);
        }

        return data;
    }
}
