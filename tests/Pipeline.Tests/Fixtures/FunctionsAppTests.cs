using TestSupport.FunctionsHost;
using Xunit.Abstractions;

namespace Pipeline.Tests.Fixtures;

/// <summary>
/// A test class over one shared Functions app (<typeparamref name="TApp"/>): the worker's logs go to the
/// running test's output. Derive, add <c>IClassFixture&lt;TApp&gt;</c>, and call <see cref="Worker"/>.
/// </summary>
public abstract class FunctionsAppTests<TApp> : IDisposable where TApp : FunctionsAppFixture
{
    private readonly IDisposable _log;

    protected FunctionsAppTests(TApp app, ITestOutputHelper output)
    {
        App = app;
        Output = output;
        _log = app.LogTo(output);
    }

    protected TApp App { get; }

    protected ITestOutputHelper Output { get; }

    protected FunctionsWorker Worker => App.Worker;

    public void Dispose()
    {
        _log.Dispose();
        GC.SuppressFinalize(this);
    }
}
