namespace Quiver.Examples.CameraPublisher;

internal sealed record CameraOptions(string Topic, double Rate, double Seconds, int Width, int Height, int WaitSubscribers)
{
    public static CameraOptions Parse(string[] args)
    {
        var options = new CameraOptions("camera/front", 30, 3, 1920, 1080, 1);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--topic" => options with { Topic = args[i + 1] },
                "--rate" => options with { Rate = double.Parse(args[i + 1]) },
                "--seconds" => options with { Seconds = double.Parse(args[i + 1]) },
                "--width" => options with { Width = int.Parse(args[i + 1]) },
                "--height" => options with { Height = int.Parse(args[i + 1]) },
                "--wait-subscribers" => options with { WaitSubscribers = int.Parse(args[i + 1]) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        if (options.Rate <= 0 || options.Seconds <= 0 || options.Width <= 0 || options.Height <= 0)
            throw new ArgumentException("Rate, seconds, width and height must be positive.");
        return options;
    }
}
