using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MessagePack;
using MessagePack.Resolvers;

namespace Pickling.Startup;

/// <summary>
/// One child process: the first save of <see cref="AppSettings"/> to a file and its load back, by one peer. Each
/// peer's calls are in a method of their own, so that a child loads and compiles only the library it measures.
/// </summary>
internal static class FirstUse
{
    /// <summary>The peers, in the order the report lists them; <c>empty</c> is a process that saves nothing.</summary>
    public static readonly string[] Peers = ["empty", "stj", "msgpack", "pickle-bytes", "pickle-stream", "pickle-file"];

    /// <summary>
    /// Saves and loads with <paramref name="peer"/> in <paramref name="folder"/>, then writes one line to standard
    /// output: the UTC ticks when Main began (<paramref name="mainTicks"/>), the ticks the first save and load took,
    /// the UTC ticks when the load returned, the ticks the JIT spent and the methods it compiled (dynamic methods
    /// included) during the save and load, the process's CPU time (all threads) during them, and its CPU time since it
    /// started. Returns 2 if the loaded settings differ from the saved.
    /// </summary>
    public static int Run(string peer, string folder, long mainTicks)
    {
        var path = Path.Combine(folder, peer + ".settings");
        var settings = AppSettings.Sample();
        var methodsBefore = JitInfo.GetCompiledMethodCount();
        var jitBefore = JitInfo.GetCompilationTime();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var loaded = peer switch
        {
            "empty" => settings,
            "stj" => SystemTextJson(settings, path),
            "msgpack" => MessagePackContractless(settings, path),
            "pickle-bytes" => PickleBytes(settings, path),
            "pickle-stream" => PickleStream(settings, path),
            "pickle-file" => PickleFile(settings, path),
            _ => throw new ArgumentException($"unknown peer '{peer}'; the peers are {string.Join(", ", Peers)}", nameof(peer)),
        };
        var elapsed = Stopwatch.GetTimestamp() - started;
        var done = DateTime.UtcNow.Ticks;
        var cpu = Environment.CpuUsage.TotalTime;
        var jitTicks = (JitInfo.GetCompilationTime() - jitBefore).Ticks;
        var methods = JitInfo.GetCompiledMethodCount() - methodsBefore;
        var firstUseTicks = elapsed * TimeSpan.TicksPerSecond / Stopwatch.Frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mainTicks} {firstUseTicks} {done} {jitTicks} {methods} {(cpu - cpuBefore).Ticks} {cpu.Ticks}"));
        return settings.SameAs(loaded) ? 0 : 2;
    }

    /// <summary>System.Text.Json's defaults, through a byte array: <c>File.WriteAllBytes</c> and <c>File.ReadAllBytes</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static AppSettings? SystemTextJson(AppSettings settings, string path)
    {
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(settings));
        return JsonSerializer.Deserialize<AppSettings>(File.ReadAllBytes(path));
    }

    /// <summary>MessagePack-CSharp's contractless resolver, through a byte array, as System.Text.Json.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static AppSettings? MessagePackContractless(AppSettings settings, string path)
    {
        File.WriteAllBytes(path, MessagePackSerializer.Serialize(settings, ContractlessStandardResolver.Options));
        return MessagePackSerializer.Deserialize<AppSettings>(File.ReadAllBytes(path), ContractlessStandardResolver.Options);
    }

    /// <summary>Pickle's defaults, through a byte array, as System.Text.Json: the like-for-like figure.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static AppSettings? PickleBytes(AppSettings settings, string path)
    {
        File.WriteAllBytes(path, Pickle.DumpToBytes(settings));
        return Pickle.LoadFromBytes<AppSettings>(File.ReadAllBytes(path));
    }

    /// <summary><see cref="Pickle.Dump{T}"/> to the stream of <see cref="Pickle.OpenWrite"/>, loaded from <see cref="Pickle.OpenRead"/>'s.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static AppSettings? PickleStream(AppSettings settings, string path)
    {
        using (var stream = Pickle.OpenWrite(path))
        {
            Pickle.Dump(settings, stream);
        }

        using var input = Pickle.OpenRead(path);
        return Pickle.Load<AppSettings>(input);
    }

    /// <summary>
    /// <see cref="Pickle.DumpToFile{T}"/> and <see cref="Pickle.LoadFromFile{T}"/>: a temporary file, fsynced, renamed
    /// over the target, and the folder fsynced; the fsyncs' cost is the difference from <c>pickle-stream</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static AppSettings? PickleFile(AppSettings settings, string path)
    {
        Pickle.DumpToFile(settings, path);
        return Pickle.LoadFromFile<AppSettings>(path);
    }
}
