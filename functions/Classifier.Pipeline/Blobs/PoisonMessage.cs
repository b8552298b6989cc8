namespace Classifier.Pipeline.Blobs;

/// <summary>One delivery of a message of <see cref="PoisonedUploads.QueueName"/>, as the host's queue trigger gives it.</summary>
/// <param name="Text">The message text: the blob trigger's JSON naming the upload.</param>
/// <param name="DequeueCount">The host's count of deliveries of this message, this one included (kept in storage).</param>
/// <param name="Id">The message id, to hide it until its next try; null when the host did not say.</param>
/// <param name="PopReceipt">This delivery's pop receipt, with <paramref name="Id"/>.</param>
public sealed record PoisonMessage(string Text, long DequeueCount, string? Id = null, string? PopReceipt = null);
