using Pickling;

// Create a list (can be any data structure, value, or ML model)
var specialValues = new List<int> { 1, 2, 3 };

// Save a pickle of the value. Open the file in write-binary mode, as Python's open('good_values.pickle', 'wb')
using (var f = Pickle.OpenWrite("good_values.pickle"))
{
    Pickle.Dump(specialValues, f);
}

// Verify it saved a file called good_values.pickle
var files = Directory.EnumerateFiles(".").Select(Path.GetFileName).Order(StringComparer.Ordinal);
Console.WriteLine($"Files in Directory: [{string.Join(", ", files.Select(name => $"'{name}'"))}]");

// Read the values back in later (e.g., the next day) from the pickle file, in read-binary mode ('rb')
List<int> newSpecialValues;
using (var f = Pickle.OpenRead("good_values.pickle"))
{
    newSpecialValues = Pickle.Load<List<int>>(f);
}

// Verify it stores the same values
Console.WriteLine($"[{string.Join(", ", newSpecialValues)}]");

// A whole record in one call each way: DumpToFile replaces the file atomically, LoadFromFile reads it back.
var model = new Model("spam-filter", new DateTime(2026, 11, 25, 9, 30, 0, DateTimeKind.Local), [0.25, -1.5, 3.0]);
Pickle.DumpToFile(model, "model.pickle");
var loaded = Pickle.LoadFromFile<Model>("model.pickle");
Console.WriteLine($"{loaded.Name} trained {loaded.TrainedAt:yyyy-MM-dd HH:mm} ({loaded.TrainedAt.Kind}), weights [{string.Join(", ", loaded.Weights)}]");
Console.WriteLine(loaded.Name == model.Name && loaded.TrainedAt == model.TrainedAt && loaded.TrainedAt.Kind == model.TrainedAt.Kind && loaded.Weights.SequenceEqual(model.Weights)
    ? "The model loaded back exactly as it was saved."
    : "The model changed on the way through the file!");

/// <summary>A trained model, as a record: no attributes needed.</summary>
internal sealed record Model(string Name, DateTime TrainedAt, double[] Weights);
