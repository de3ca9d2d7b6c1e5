using System.Collections;
using System.Reflection;
using Pickling.Internal.MessagePack;

namespace Pickling.Tests.Support;

/// <summary>
/// Compares a loaded exception with the original field by field, private and inherited fields included, but for the
/// fields only the runtime may set (<see cref="ExceptionFields.RuntimeOnly"/>, the one list of them). The stack trace
/// and the source are compared as the text Exception's own GetObjectData gives, which is what Pickle saves of them.
/// </summary>
internal static class ExceptionComparison
{
    private const BindingFlags DeclaredInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static void ShouldMatch(Exception actual, Exception expected, string path = "exception")
    {
        actual.Should().NotBeNull(path);
        actual.GetType().Should().Be(expected.GetType(), path);
        for (var level = expected.GetType(); level != typeof(object); level = level.BaseType!)
        {
            foreach (var field in level.GetFields(DeclaredInstance))
            {
                if (ExceptionFields.IsRuntimeOnly(field) || field.IsDefined(typeof(NonSerializedAttribute), inherit: false))
                {
                    continue;
                }

                var where = $"{path}.{level.Name}.{field.Name}";
                var loaded = field.GetValue(actual);
                if (field.DeclaringType == typeof(Exception) && field.Name is "_stackTraceString")
                {
                    loaded.Should().Be(ExceptionFields.SavedText(expected, "StackTraceString"), where);
                    continue;
                }

                if (field.DeclaringType == typeof(Exception) && field.Name is "_source")
                {
                    loaded.Should().Be(expected.Source, where);
                    continue;
                }

                Compare(loaded, field.GetValue(expected), where);
            }
        }

        actual.StackTrace.Should().Be(expected.StackTrace, path);
        if (expected is not AggregateException || ReferenceEquals(actual.InnerException, ((AggregateException)actual).InnerExceptions[0]))
        {
            // Without shared references, an AggregateException's first inner exception loads as two equal copies, and its
            // ToString prints the copy it skips when it is the same object: the fields above are what must match.
            actual.ToString().Should().Be(expected.ToString(), path);
        }
    }

    private static void Compare(object? actual, object? expected, string where)
    {
        switch (expected)
        {
            case null:
                actual.Should().BeNull(where);
                break;
            case Exception exception:
                ShouldMatch((Exception)actual!, exception, where);
                break;
            case string or ValueType:
                actual.Should().Be(expected, where);
                break;
            case IDictionary dictionary:
                var loaded = (IDictionary)actual!;
                loaded.Count.Should().Be(dictionary.Count, where);
                foreach (DictionaryEntry entry in dictionary)
                {
                    Compare(loaded[entry.Key], entry.Value, $"{where}[{entry.Key}]");
                }

                break;
            case IEnumerable items:
                actual.Should().BeAssignableTo<IEnumerable>(where);
                var expectedItems = items.Cast<object?>().ToList();
                var actualItems = ((IEnumerable)actual!).Cast<object?>().ToList();
                actualItems.Should().HaveCount(expectedItems.Count, where);
                for (var i = 0; i < expectedItems.Count; i++)
                {
                    Compare(actualItems[i], expectedItems[i], $"{where}[{i}]");
                }

                break;
            default:
                actual.Should().BeEquivalentTo(expected, where);
                break;
        }
    }
}
