namespace Pickling.Tests.Support;

/// <summary>Theory data of every case name with every option set's name, for the round-trip matrices.</summary>
public static class TheoryPairs
{
    public static TheoryData<string, string> Cross(IEnumerable<string> names, IEnumerable<string> options)
    {
        var data = new TheoryData<string, string>();
        var optionNames = options.ToList();
        foreach (var name in names)
        {
            foreach (var option in optionNames)
            {
                data.Add(name, option);
            }
        }

        return data;
    }
}
