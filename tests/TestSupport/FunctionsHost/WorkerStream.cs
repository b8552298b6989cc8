using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using TestSupport.FunctionsHost.Rpc;

namespace TestSupport.FunctionsHost;

/// <summary>
/// The one event stream a worker opened to the test host: messages to the worker go through a single writer,
/// answers are handed to whoever waits for them, logs to <see cref="Logged"/>. When the stream ends
/// (the worker exited), every waiter fails instead of waiting out its timeout.
/// </summary>
internal sealed class WorkerStream
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, (Func<StreamingMessage, bool> IsAnswer, TaskCompletionSource<StreamingMessage> Answer)> _waiters = new();
    private readonly TaskCompletionSource<StreamingMessage> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public event Action<RpcLog>? Logged;

    /// <summary>The worker's StartStream, its first message.</summary>
    public Task<StreamingMessage> Started => _started.Task;

    public Task Closed => _closed.Task;

    /// <summary>Sends a message and waits for the worker's answer to it.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage message, Func<StreamingMessage, bool> isAnswer, TimeSpan timeout)
    {
        var id = Guid.NewGuid();
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[id] = (isAnswer, answer);
        try
        {
            if (_closed.Task.IsCompleted)
                throw new InvalidOperationException("the worker closed its event stream");
            await _outgoing.Writer.WriteAsync(message);
            return await answer.Task.WaitAsync(timeout);
        }
        finally
        {
            _waiters.TryRemove(id, out _);
        }
    }

    /// <summary>Runs for as long as the worker keeps its stream open (the gRPC call's lifetime).</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> incoming, IServerStreamWriter<StreamingMessage> outgoing, CancellationToken cancellation)
    {
        var writing = WriteAllAsync(outgoing, cancellation);
        try
        {
            await foreach (var message in incoming.ReadAllAsync(cancellation))
                Dispatch(message);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Grpc.Core.RpcException)
        {
            // the worker went away: the waiters are failed below
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            _closed.TrySetResult();
            _started.TrySetException(new InvalidOperationException("the worker closed its event stream before StartStream"));
            foreach (var (_, waiter) in _waiters)
                waiter.Answer.TrySetException(new InvalidOperationException("the worker closed its event stream"));
        }
        await writing;
    }

    private async Task WriteAllAsync(IServerStreamWriter<StreamingMessage> outgoing, CancellationToken cancellation)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellation))
                await outgoing.WriteAsync(message, cancellation);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // the call ended while a message was being written
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                _started.TrySetResult(message);
                return;
            case StreamingMessage.ContentOneofCase.RpcLog:
                Logged?.Invoke(message.RpcLog);
                return;
        }
        foreach (var (_, waiter) in _waiters)
        {
            if (waiter.IsAnswer(message))
                waiter.Answer.TrySetResult(message);
        }
    }
}
