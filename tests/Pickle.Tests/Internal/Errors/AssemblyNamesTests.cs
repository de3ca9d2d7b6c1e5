using System.Reflection;
using System.Reflection.Emit;
using Pickling.Internal;

namespace Pickling.Tests.Internal;

public class AssemblyNamesTests
{
    public static TheoryData<string> EscapedNames => ["Odd,Name", "Odd=Name", "Odd\"Name", "Odd'Name", "Odd\\Name", " Spaced", "Spaced "];

    [Fact]
    public void SimpleName_LoadedAssemblies_IsTheAssemblyNamesName()
    {
        var assemblies = AppDomain.CurrentDomain.GetAssemblies();

        assemblies.Should().Contain([typeof(object).Assembly, typeof(Pickle).Assembly, typeof(FluentActions).Assembly]);
        foreach (var assembly in assemblies)
        {
            AssemblyNames.SimpleName(assembly).Should().Be(assembly.GetName().Name, assembly.FullName);
        }
    }

    [Theory]
    [MemberData(nameof(EscapedNames))]
    public void SimpleName_NameTheDisplayNameEscapes_IsTheAssemblyNamesName(string name)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName { Name = name }, AssemblyBuilderAccess.Run);

        AssemblyNames.SimpleName(assembly).Should().Be(name, $"the display name is {assembly.FullName}");
    }
}
