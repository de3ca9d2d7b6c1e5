namespace Pickling.Cli.Tests.Models;

/// <summary>A record of every scalar Pickle writes as its own extension, which the tool shows readably at any depth.</summary>
public sealed record Ledger(
    DateTime Utc,
    DateTime Unspecified,
    DateTimeOffset Offset,
    TimeSpan Took,
    DateOnly Day,
    TimeOnly At,
    decimal Amount,
    Guid Id,
    List<decimal> Prices);
