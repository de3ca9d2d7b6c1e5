using System.Globalization;
using Pickling.Startup;

// Two modes, documented in ../Pickle.Benchmarks/README.md:
//   dotnet run -c Release --project tests/Pickle.Startup [-- --runs N] [--peers a,b] [--folder DIR]   the report
//   Pickle.Startup --child PEER FOLDER                                                                one child process
var mainTicks = DateTime.UtcNow.Ticks;
if (args.Length == 3 && args[0] == "--child")
{
    return FirstUse.Run(args[1], args[2], mainTicks);
}

var runs = 15;
var peers = FirstUse.Peers;
string? folder = null;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i++])
    {
        case "--runs":
            runs = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--peers":
            peers = value.Split(',');
            break;
        case "--folder":
            folder = value;
            break;
        default:
            throw new ArgumentException($"unknown argument '{args[i - 1]}'; the arguments are --runs N, --peers a,b and --folder DIR");
    }
}

return StartupRunner.Run(runs, peers, folder);
