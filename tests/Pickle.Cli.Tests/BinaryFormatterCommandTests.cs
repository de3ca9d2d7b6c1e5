using System.Text.Json;
using Pickling.Cli.Tests.Models;
using Pickling.Cli.Tests.Support;
using Pickling.Tests.Support;

namespace Pickling.Cli.Tests;

/// <summary>
/// <c>pickle show</c> and <c>pickle convert</c> on files BinaryFormatter wrote: read without creating their types,
/// and converted to a Pickle frame that loads, in this process which has the types, as the objects were saved.
/// </summary>
public sealed class BinaryFormatterCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Show_BinaryFormatterFile_PrintsItsRecordsReadably()
    {
        var path = Write("archive.bin", Archive.Sample());

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().StartWith("BinaryFormatter payload at byte offset 0\n  format:         BinaryFormatter (NRBF), read without creating any type\n");
        run.Out.Should().Contain("  root type:      Pickling.Cli.Tests.Models.Archive, Pickle.Cli.Tests\n");
        run.Out.Should().Contain("\"Name\": \"north\"").And.Contain("\"_keeper\": \"ada\"").And.Contain("\"ArchiveBase._level\": -1");
        run.Out.Should().Contain("\"Amount\": 10.500").And.Contain("\"Stamp\": \"2024-02-29T12:30:45.0000007Z\"");
        run.Out.Should().Contain("\"$ref\": 1");
        run.Out.Should().EndWith("'pickle convert " + path + " -o FILE.pickle' rewrites it as a pickle\n");
    }

    [Fact]
    public async Task Show_HeadersOnly_PrintsNoContent()
    {
        var path = Write("archive.bin", Archive.Sample());

        var run = await CliRun.InvokeAsync("show", "--headers", path);

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("records:").And.NotContain("content:");
    }

    [Fact]
    public async Task Convert_BinaryFormatterFile_WritesAFrameThatLoadsAsTheObjectsWereSaved()
    {
        var expected = Archive.Sample();
        var path = Write("archive.bin", expected);
        var output = _directory.File("archive.pickle");

        var run = await CliRun.InvokeAsync("convert", path, "-o", output);

        run.ExitCode.Should().Be(0, run.Error);
        var archive = Pickle.LoadFromFile<Archive>(output);
        archive.Should().BeEquivalentTo(expected, o => o.IgnoringCyclicReferences());
        archive.Keeper.Should().Be("ada");
        archive.BaseLevel.Should().Be(-1);
        archive.Level.Should().Be(3);
        archive.Stamp.Kind.Should().Be(DateTimeKind.Utc);
        archive.LocalStamp.Kind.Should().Be(DateTimeKind.Local);
        archive.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("10.500");
        archive.Again.Should().BeSameAs(archive.First);
        archive.First!.Owner.Should().BeSameAs(archive);
        archive.Items[0].Should().BeSameAs(archive.First);
        archive.Shelf[2].Should().BeSameAs(archive.First);
        archive.ByName["FIRST"].Should().BeSameAs(archive.First);
        archive.ByName.Comparer.Equals("first", "FIRST").Should().BeTrue("the dictionary keeps its case-insensitive comparer");
        archive.Grid[1, 0].Should().Be(3);
        archive.Extra.Should().Be("text");
    }

    [Fact]
    public async Task Convert_TypesTheToolCannotHave_WritesAFrameThatLoadsWithTheirTypes()
    {
        // The payload names types and an assembly that exist nowhere: the tool converts it all the same, so it
        // never needed them; this process maps the names to its types to load the frame.
        var plain = new Plain { Name = "a", Shade = Shade.Dark, Next = new Plain { Name = "b" } };
        plain.Others = [plain.Next, plain];
        var payload = NrbfBytes.Serialize(plain);
        payload = NrbfBytes.Rename(payload, typeof(Plain).FullName!, "Vanished.Widget");
        payload = NrbfBytes.Rename(payload, typeof(Shade).FullName!, "Vanished.Tint");
        payload = NrbfBytes.Rename(payload, typeof(Plain).Assembly.FullName!, "Vanished, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null");
        var path = _directory.File("vanished.bin");
        File.WriteAllBytes(path, payload);
        var output = _directory.File("vanished.pickle");

        var run = await CliRun.InvokeAsync("convert", path, "-o", output);

        run.ExitCode.Should().Be(0, run.Error);
        var options = PickleOptions.Default with
        {
            TypeAliases = new Dictionary<string, Type> { ["Vanished.Widget, Vanished"] = typeof(Plain), ["Vanished.Tint, Vanished"] = typeof(Shade) },
        };
        var loaded = Pickle.LoadFromFile<Plain>(output, options);
        loaded.Name.Should().Be("a");
        loaded.Shade.Should().Be(Shade.Dark);
        loaded.Next!.Name.Should().Be("b");
        loaded.Others[0].Should().BeSameAs(loaded.Next);
        loaded.Others[1].Should().BeSameAs(loaded);
    }

    [Fact]
    public async Task Convert_StructOfTheProgram_WritesAFrameWhoseLoadIsAPickleException()
    {
        // The records do not tell a struct from a class, so the struct is written as a class is: its load fails
        // loudly (and LoadBinaryFormatter, which has the type, reads the file).
        var path = Write("pinned.bin", new Pinned { Spot = new Spot { X = 4 } });
        var output = _directory.File("pinned.pickle");

        var run = await CliRun.InvokeAsync("convert", path, "-o", output);

        run.ExitCode.Should().Be(0, run.Error);
        var load = () => Pickle.LoadFromFile<Pinned>(output);
        load.Should().Throw<PickleException>();
        using var file = File.OpenRead(path);
        Pickle.LoadBinaryFormatter<Pinned>(file).Spot.X.Should().Be(4);
    }

    [Fact]
    public async Task Convert_ToJson_WritesTheRecords()
    {
        var path = Write("plain.bin", new Plain { Name = "a" });

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json");

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(run.StandardOutputBytes);
        json.RootElement.GetProperty("$type").GetString().Should().Be("Pickling.Cli.Tests.Models.Plain, Pickle.Cli.Tests");
        json.RootElement.GetProperty("Name").GetString().Should().Be("a");
    }

    [Fact]
    public async Task Convert_NumberInAMemberDeclaredObject_IsRefusedNamingTheMember()
    {
        var path = Write("boxing.bin", new Boxing { Value = 5 });
        var output = _directory.File("boxing.pickle");

        var run = await CliRun.InvokeAsync("convert", path, "-o", output);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("'Value'").And.Contain("Nullable<System.Int32>").And.Contain("Pickle.LoadBinaryFormatter");
        File.Exists(output).Should().BeFalse();
    }

    [Fact]
    public async Task Convert_PayloadNamingAGadget_IsRefused()
    {
        var payload = NrbfBytes.Serialize(new List<object> { new Plain() });
        payload = NrbfBytes.Rename(payload, typeof(Plain).FullName!, "System.IO.FileInfo");
        payload = NrbfBytes.Rename(payload, typeof(Plain).Assembly.FullName!, "mscorlib");
        var path = _directory.File("gadget.bin");
        File.WriteAllBytes(path, payload);

        var run = await CliRun.InvokeAsync("convert", path, "-o", _directory.File("gadget.pickle"));

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("System.IO.FileInfo").And.Contain("never creates");
    }

    [Fact]
    public async Task ShowAndConvert_TruncatedFile_ReportDamage()
    {
        var bytes = NrbfBytes.Serialize(Archive.Sample());
        var path = _directory.File("cut.bin");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var show = await CliRun.InvokeAsync("show", path);
        var convert = await CliRun.InvokeAsync("convert", path, "-o", _directory.File("cut.pickle"));

        show.ExitCode.Should().Be(1);
        show.Error.Should().Contain("damaged, cut short");
        convert.ExitCode.Should().Be(1);
        convert.Error.Should().Contain("damaged, cut short");
    }

    [Fact]
    public async Task Convert_PickleFileWithoutTo_AsksForIt()
    {
        var path = PickleFiles.Write(_directory.File("reading.pickle"), new Reading("t1", 21.5, [1]));

        var run = await CliRun.InvokeAsync("convert", path);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--to json or --to msgpack");
    }

    private string Write(string name, object value)
    {
        var path = _directory.File(name);
        File.WriteAllBytes(path, NrbfBytes.Serialize(value));
        return path;
    }
}
