namespace Pipeline.Tests.Deployment;

/// <summary>The tests that share one <see cref="GateFixture"/>: one runner, one Azurite and one trained candidate, run one test at a time.</summary>
[CollectionDefinition(GateFixture.Collection)]
public sealed class GateCollection : ICollectionFixture<GateFixture>;
