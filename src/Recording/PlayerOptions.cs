using Quiver.Transport;

namespace Quiver.Recording;

public sealed record PlayerOptions
{
    /// <summary>Playback speed: 2 plays twice as fast as recorded.</summary>
    public double Rate { get; init; } = 1;

    /// <summary>Start again from the beginning after the end, until cancelled.</summary>
    public bool Loop { get; init; }

    /// <summary>Skip what was published in the first this-long of the recording.</summary>
    public TimeSpan Start { get; init; }

    /// <summary>Play only these recorded topics (null: all).</summary>
    public IReadOnlyCollection<string>? Topics { get; init; }

    /// <summary>Publish a recorded topic under another name: recorded name to published name.</summary>
    public IReadOnlyDictionary<string, string> Remap { get; init; } = new Dictionary<string, string>();

    /// <summary>Before the first message, wait until each topic has this many subscribers.</summary>
    public int WaitForSubscribers { get; init; }

    public TimeSpan SubscriberTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public PublisherOptions Publisher { get; init; } = new();

    internal void Validate()
    {
        if (!(Rate > 0) || double.IsInfinity(Rate))
            throw new ArgumentOutOfRangeException(nameof(Rate), Rate, "The rate must be a positive number (1 plays at the recorded speed).");
        ArgumentOutOfRangeException.ThrowIfLessThan(Start, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(WaitForSubscribers);
    }
}
