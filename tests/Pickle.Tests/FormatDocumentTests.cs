using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Pickling.Tests;

/// <summary>FORMAT.md's worked example must be exactly what Pickle writes.</summary>
public partial class FormatDocumentTests
{
    [Fact]
    public void DumpToBytes_WorkedExampleOfFormatMd_WritesTheDocumentedBytes()
    {
        var document = File.ReadAllText(Path.Combine(ProjectDirectory(), "..", "..", "src", "Pickle", "FORMAT.md"));
        var example = document[document.IndexOf("`Pickle.DumpToBytes(\"pickle\")`", StringComparison.Ordinal)..];
        var block = example[(example.IndexOf("```", StringComparison.Ordinal) + 3)..];
        block = block[..block.IndexOf("```", StringComparison.Ordinal)];
        var hex = new StringBuilder();
        foreach (var line in block.Split('\n'))
        {
            hex.Append(HexPrefix().Match(line).Value.Replace(" ", string.Empty, StringComparison.Ordinal));
        }

        Convert.ToHexString(Pickle.DumpToBytes("pickle")).Should().Be(hex.ToString());
    }

    [Fact]
    public void RootTypeTableOfFormatMd_ListsEveryCodeWithItsType()
    {
        var document = File.ReadAllText(Path.Combine(ProjectDirectory(), "..", "..", "src", "Pickle", "FORMAT.md"));
        var table = document[document.IndexOf("#### The root type", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("#### `DateTime`", StringComparison.Ordinal)];

        foreach (var (code, type) in Pickling.Internal.MessagePack.RootTypeCodes.All)
        {
            var name = type.IsGenericTypeDefinition
                ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{new string(',', type.GetGenericArguments().Length - 1)}>"
                : type.Name;
            table.Should().Contain($"| {code} | `{name}` |", $"code {code} is {type}");
        }
    }

    private static string ProjectDirectory() =>
        typeof(FormatDocumentTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;

    [GeneratedRegex("^([0-9A-F]{2} )*[0-9A-F]{2}")]
    private static partial Regex HexPrefix();
}
