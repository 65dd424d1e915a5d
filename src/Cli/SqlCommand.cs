using System.CommandLine;
using Quiver.Cli.Sql;
using Quiver.DuckDb;

namespace Quiver.Cli;

/// <summary><c>quiver sql "&lt;query&gt;"</c>: SQL through DuckDB over the topics of a recording, or over what live topics send during a window.</summary>
internal static class SqlCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "The SQL query (DuckDB's dialect); each topic it names is a table: from 'camera/front', from detections; so is a recorded file named in quotes: from 'run1/camera+front.arrows'" };
        var recording = new Option<string?>("--recording") { Description = "Query the topics of this recording (a directory made by 'quiver record')", HelpName = "dir" };
        var live = new Option<string?>("--live") { Description = "Subscribe to the live topics the query names for this long (500ms, 5s, 2m), then query what arrived", HelpName = "duration" };
        live.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !LiveDuration.TryParse(text, out _))
                result.AddError(LiveDuration.Expected);
        });
        var json = new Option<bool>("--json") { Description = "Print one JSON object per row (JSON lines) instead of a table" };
        var command = new Command("sql", "Query topics with SQL through DuckDB: the topics of a recording (--recording), what live topics send during a window (--live), or recorded files named in the query ('run1/camera+front.arrows'). Recorded messages reach DuckDB through the Arrow C Data Interface without a copy; live samples are copied once so they are released at once.")
        {
            query, recording, live, json,
        };
        command.Validators.Add(result =>
        {
            var tablesFrom = (result.GetResult(recording) is null ? 0 : 1) + (result.GetResult(live) is null ? 0 : 1);
            if (tablesFrom == 2 || (tablesFrom == 0 && FileTables.Named(result.GetValue(query) ?? "").Count == 0))
                result.AddError("Give either --recording <dir> or --live <duration>: the tables are the topics of a recording, or of the live system. A query that reads recorded files by name (from 'run1/camera+front.arrows') needs neither.");
        });
        command.SetAction((parsed, cancellation) => Task.Run(() => Run(
            parsed.GetRequiredValue(query), parsed.GetValue(recording), parsed.GetValue(live), parsed.GetValue(json),
            parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, cancellation), CancellationToken.None));
        return command.WithExamples(
            "quiver sql \"select frame_id, avg(latency) from 'detections' group by 1\" --live 5s",
            "quiver sql \"select count(*), max(width) from 'camera/front'\" --recording run1",
            "quiver sql \"select * from detections limit 3\" --recording run1 --json",
            "quiver sql \"select count(*) from 'run1/camera+front.arrows'\"");
    }

    private static int Run(string query, string? recording, string? live, bool asJson, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        try
        {
            using var duckDb = new DuckDbSession();
            var files = FileTables.Load(duckDb, query, errors);
            var topics = recording is not null ? RecordingTables.Load(duckDb, recording, query, errors)
                : live is not null ? LiveTables.Capture(duckDb, query, Window(live), errors, cancellation)
                : [];
            SqlAnswer.Print(duckDb, query, [.. topics, .. files], asJson, output);
            return ExitCodes.Success;
        }
        catch (DuckDbException e)
        {
            throw new CommandFailure(ExitCodes.UsageError, e.Message, e);
        }
    }

    private static TimeSpan Window(string text) => LiveDuration.TryParse(text, out var window) ? window : throw new CommandFailure(ExitCodes.UsageError, LiveDuration.Expected);
}
