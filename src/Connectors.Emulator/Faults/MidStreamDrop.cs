using Connectors.Emulator.Hosting;

namespace Connectors.Emulator.Faults;

/// <summary>Drops a connection after a streamed response has begun, so the client really sees the first chunk.</summary>
internal static class MidStreamDrop
{
    // Kestrel's flush hands bytes to its transport pipe, not to the socket; aborting at once loses them and the
    // client sees a failed connect instead of a stream that broke off. A short grace lets them go out first.
    private static readonly TimeSpan SendGrace = TimeSpan.FromMilliseconds(100);

    public static async Task AfterSentAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(SendGrace, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client left first: nothing to drop.
            return;
        }

        HttpHelpers.Drop(context);
    }
}
