using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using Pickling.Tests.Support;

// Long-running mutation fuzzer for Pickle's load path: every mutated frame must load or throw PickleException,
// within a bounded allocation. Usage (see README.md):
//   dotnet run --project tests/Pickle.Fuzz -c Release -- [--minutes N] [--seed S] [--out DIR]
var minutes = 10.0;
var seed = Environment.TickCount;
var outDirectory = Path.Combine("tests", "Pickle.Fuzz", "findings");
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--minutes":
            minutes = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--seed":
            seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--out":
            outDirectory = args[i + 1];
            break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}");
            return 2;
    }
}

Directory.CreateDirectory(outDirectory);
var current = Path.Combine(outDirectory, "current.bin");
var findings = 0;
if (File.Exists(current) && new FileInfo(current).Length > 0)
{
    // The previous run died (stack overflow, fail-fast) while loading this input: a type name line, then the frame.
    var bytes = File.ReadAllBytes(current);
    var newline = Array.IndexOf(bytes, (byte)'\n');
    Save(bytes[(newline + 1)..], System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Max(newline, 0)), "the process died while loading it");
    findings++;
}

using var currentFile = new FileStream(current, FileMode.Create, FileAccess.Write, FileShare.Read);

Console.WriteLine($"Fuzzing Pickle loads for {minutes} minutes, seed {seed}, findings in {Path.GetFullPath(outDirectory)}");
var mutator = new FrameMutator(seed);
var clock = Stopwatch.StartNew();
var lastReport = TimeSpan.Zero;
long inputs = 0;
long loads = 0;
long largestAllocation = 0;
while (clock.Elapsed.TotalMinutes < minutes)
{
    var (frame, type) = mutator.Next();
    var other = FrameMutator.ExtraTargets[mutator.Random.Next(FrameMutator.ExtraTargets.Count)];
    var chunk = inputs % 10 == 0 ? 1 + mutator.Random.Next(64) : 0;
    foreach (var target in new[] { type, other })
    {
        currentFile.SetLength(0);
        currentFile.Write(System.Text.Encoding.UTF8.GetBytes(target.FullName + "\n"));
        currentFile.Write(frame);
        currentFile.Flush();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = clock.Elapsed;
        var error = FuzzTarget.Check(frame, target, chunk);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var took = clock.Elapsed - started;
        largestAllocation = Math.Max(largestAllocation, allocated);
        loads++;
        if (error is not null)
        {
            findings++;
            Save(frame, target.FullName!, error.ToString());
        }
        else if (allocated > (64L * 1024 * 1024) + (64L * frame.Length))
        {
            findings++;
            Save(frame, target.FullName!, $"allocated {allocated:N0} bytes for a {frame.Length:N0}-byte frame");
        }
        else if (took > TimeSpan.FromSeconds(5))
        {
            findings++;
            Save(frame, target.FullName!, $"took {took.TotalSeconds:N1} s");
        }
    }

    inputs++;
    if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(30))
    {
        lastReport = clock.Elapsed;
        Console.WriteLine($"{clock.Elapsed:hh\\:mm\\:ss} {inputs:N0} inputs, {loads:N0} loads, {loads / clock.Elapsed.TotalSeconds:N0}/s, largest allocation {largestAllocation:N0} B, findings {findings}");
    }
}

currentFile.SetLength(0);
Console.WriteLine($"Done: {inputs:N0} inputs, {loads:N0} loads in {clock.Elapsed:hh\\:mm\\:ss}, largest allocation {largestAllocation:N0} B, findings {findings}");
return findings == 0 ? 0 : 1;

void Save(byte[] frame, string target, string what)
{
    var name = Convert.ToHexString(BitConverter.GetBytes(XxHash64.HashToUInt64(frame)));
    File.WriteAllBytes(Path.Combine(outDirectory, name + ".bin"), frame);
    File.WriteAllText(Path.Combine(outDirectory, name + ".txt"), $"{target}\n{what}\n");
    Console.WriteLine($"FINDING {name} as {target}: {what.Split('\n')[0]}");
}
