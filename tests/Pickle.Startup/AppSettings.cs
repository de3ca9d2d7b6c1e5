namespace Pickling.Startup;

/// <summary>How much an application logs: the settings' enum.</summary>
public enum LogLevel
{
    Error,
    Warning,
    Information,
    Debug,
}

/// <summary>
/// A small application's settings: a few strings, ints, a bool, an enum, a list, a dictionary and a date. Public, with
/// public getters and setters, so that every peer (MessagePack contractless and System.Text.Json too) saves it as it is.
/// </summary>
public sealed class AppSettings
{
    public string UserName { get; set; } = "";

    public string Theme { get; set; } = "";

    public string Language { get; set; } = "";

    public int WindowWidth { get; set; }

    public int WindowHeight { get; set; }

    public int MaxRecentFiles { get; set; }

    public bool AutoSave { get; set; }

    public LogLevel LogLevel { get; set; }

    public List<string> RecentFiles { get; set; } = [];

    public Dictionary<string, int> Shortcuts { get; set; } = [];

    public DateTime LastOpened { get; set; }

    /// <summary>The settings every run saves.</summary>
    public static AppSettings Sample() => new()
    {
        UserName = "ada",
        Theme = "dark",
        Language = "en-GB",
        WindowWidth = 1280,
        WindowHeight = 800,
        MaxRecentFiles = 10,
        AutoSave = true,
        LogLevel = LogLevel.Warning,
        RecentFiles = ["notes.txt", "plan.md", "budget.csv"],
        Shortcuts = new() { ["save"] = 83, ["open"] = 79, ["quit"] = 81 },
        LastOpened = new DateTime(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc),
    };

    /// <summary>Whether <paramref name="other"/> holds the same settings: each peer's load is checked with it.</summary>
    public bool SameAs(AppSettings? other) =>
        other is not null
        && UserName == other.UserName && Theme == other.Theme && Language == other.Language
        && WindowWidth == other.WindowWidth && WindowHeight == other.WindowHeight && MaxRecentFiles == other.MaxRecentFiles
        && AutoSave == other.AutoSave && LogLevel == other.LogLevel
        && RecentFiles.SequenceEqual(other.RecentFiles)
        && Shortcuts.Count == other.Shortcuts.Count && Shortcuts.All(p => other.Shortcuts.TryGetValue(p.Key, out var v) && v == p.Value)
        && LastOpened == other.LastOpened && LastOpened.Kind == other.LastOpened.Kind;
}
