using Grpc.Core;
using TestSupport.FunctionsHost.Rpc;

namespace TestSupport.FunctionsHost;

/// <summary>The host's gRPC endpoint: the worker calls EventStream once and keeps it open for its lifetime.</summary>
internal sealed class HostRpcService(WorkerStream stream) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        stream.RunAsync(requestStream, responseStream, context.CancellationToken);
}
