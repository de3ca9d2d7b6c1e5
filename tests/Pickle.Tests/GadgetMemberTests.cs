using System.Diagnostics;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// Gadget types (Process, FileInfo, ...) are refused where a class declares them, not only where a pickle names them:
/// as a member's type, and inside it as an element type or generic argument, on load and on dump alike.
/// </summary>
public class GadgetMemberTests
{
    /// <summary><c>{Worker: {StartInfo: {FileName: "/bin/sh", Arguments: "-c id"}}}</c>, the payload of issue 15.</summary>
    private static readonly byte[] WorkerPayload = PayloadTools.Map(("Worker", StartInfo()));

    public static TheoryData<string, byte[]> GadgetsInsideMembers => new()
    {
        { "List<Process>", PayloadTools.Map(("Workers", (byte[])[0x91, .. StartInfo()])) },
        { "Dictionary<string, FileInfo[]>", PayloadTools.Map(("Files", (byte[])[0x81, 0xa1, (byte)'a', 0x91, .. PayloadTools.Map(("FullPath", "/etc/passwd"))])) },
        { "KeyValuePair<string, ProcessStartInfo>?", PayloadTools.Map(("Start", (byte[])[0x92, 0xa1, (byte)'a', .. PayloadTools.Map(("FileName", "/bin/sh"))])) },
        { "(int, DirectoryInfo)?", PayloadTools.Map(("Folder", (byte[])[0x92, 0x01, .. PayloadTools.Map(("FullPath", "/"))])) },
    };

    [Fact]
    public void Load_DeclaredProcessMemberFromIssue15_ThrowsPickleExceptionNamingProcess()
    {
        var frame = FrameBuilder.Frame(WorkerPayload);

        var act = () => Pickle.LoadFromBytes<WorkerSettings>(frame);

        act.Should().Throw<PickleException>().WithMessage("*System.Diagnostics.Process*never creates*");
    }

    [Theory]
    [MemberData(nameof(GadgetsInsideMembers))]
    public void Load_GadgetInsideDeclaredMemberType_ThrowsPickleException(string member, byte[] payload)
    {
        var frame = FrameBuilder.Frame(payload);

        var act = () => Pickle.LoadFromBytes<GadgetContainers>(frame);

        act.Should().Throw<PickleException>($"a {member} member must not be filled from a file").WithMessage("*never creates*");
    }

    [Fact]
    public void Load_GadgetAsTheDeclaredRootType_ThrowsPickleException()
    {
        var frame = FrameBuilder.Frame(StartInfo());

        var act = () => Pickle.LoadFromBytes<Process>(frame);

        act.Should().Throw<PickleException>().WithMessage("*System.Diagnostics.Process*never creates*");
    }

    [Fact]
    public void Load_GadgetMembersThatAreNil_LoadAsNull()
    {
        var frame = FrameBuilder.Frame(PayloadTools.Map(("Name", "w"), ("Worker", null!)));

        var loaded = Pickle.LoadFromBytes<WorkerSettings>(frame);

        loaded.Name.Should().Be("w");
        loaded.Worker.Should().BeNull();
    }

    [Fact]
    public void Dump_ClassWithNullGadgetMembers_RoundTrips()
    {
        var loaded = Pickle.LoadFromBytes<GadgetContainers>(Pickle.DumpToBytes(new GadgetContainers()));

        loaded.Should().BeEquivalentTo(new GadgetContainers());
    }

    [Fact]
    public void Dump_DeclaredProcessMember_ThrowsTheMessageALoadWouldGive()
    {
        using var process = new Process();
        var loadError = Record.Exception(() => Pickle.LoadFromBytes<WorkerSettings>(FrameBuilder.Frame(WorkerPayload)));

        var act = () => Pickle.DumpToBytes(new WorkerSettings { Worker = process });

        // The load says it at the member's path: "WorkerSettings.Worker: " and the same words.
        var dumpError = act.Should().Throw<PickleException>().Which.Message;
        loadError!.Message.Should().Be(typeof(WorkerSettings).FullName + ".Worker: " + dumpError);
    }

    [Fact]
    public void Dump_GadgetsInsideDeclaredMemberTypes_ThrowPickleException()
    {
        using var process = new Process();
        GadgetContainers[] values =
        [
            new() { Workers = [process] },
            new() { Workers = [] },
            new() { Files = new() { ["a"] = [new FileInfo("x")] } },
            new() { Start = new("a", new ProcessStartInfo("/bin/sh")) },
            new() { Folder = (1, new DirectoryInfo("/")) },
        ];

        foreach (var value in values)
        {
            FluentActions.Invoking(() => Pickle.DumpToBytes(value)).Should().Throw<PickleException>().WithMessage("*never creates*");
        }
    }

    [Fact]
    public void Dump_GadgetDeclaredAsObject_ThrowsPickleException()
    {
        var act = () => Pickle.DumpToBytes<object>(new FileInfo("x"));

        act.Should().Throw<PickleException>().WithMessage("*System.IO.FileInfo*never creates*");
    }

    [Fact]
    public void Dump_GadgetInObjectMember_ThrowsPickleException()
    {
        var act = () => Pickle.DumpToBytes(new List<object> { 1, new DirectoryInfo("/") });

        act.Should().Throw<PickleException>().WithMessage("*System.IO.DirectoryInfo*never creates*");
    }

    private static byte[] StartInfo() =>
        PayloadTools.Map(("StartInfo", PayloadTools.Map(("FileName", "/bin/sh"), ("Arguments", "-c id"))));
}
