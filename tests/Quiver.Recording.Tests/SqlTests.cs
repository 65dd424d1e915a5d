using System.Globalization;
using System.Text.Json;
using Quiver.Cli;
using Quiver.Recording.TestPeer;

namespace Quiver.Recording.Tests;

/// <summary><c>quiver sql</c> over a recording and over live topics, each fed by a real publisher process, and its bad-input answers.</summary>
[Collection(RecordingCollection.Name)]
public sealed class SqlTests(RecordingFixture fixture)
{
    private const int Count = 12;

    [Fact]
    public void A_query_over_a_recording_answers_with_the_published_values()
    {
        using var scratch = new ScratchDirectory();
        string images = fixture.NewTopic("camera"), readings = fixture.NewTopic("lab");
        var recording = scratch.Recording();
        Record(recording, images, readings);

        var (code, output, errors) = Run("sql", $"select count(*) as n, sum(id) as ids, sum(value) as total, max(name) as last from '{readings}'", "--recording", recording, "--json");
        Assert.True(code == ExitCodes.Success, errors);
        var expected = PublishedReadings();
        var answer = JsonDocument.Parse(Assert.Single(Lines(output))).RootElement;
        Assert.Equal(expected.Count, answer.GetProperty("n").GetInt64());
        // DuckDB sums BIGINTs as HUGEINT, which reaches Arrow as decimal128(38, 0): JSON carries decimals as strings, keeping every digit.
        Assert.Equal(expected.Sum(r => r.Id).ToString(CultureInfo.InvariantCulture), answer.GetProperty("ids").GetString());
        Assert.Equal(expected.Sum(r => r.Value), answer.GetProperty("total").GetDouble());
        Assert.Equal(expected.Select(r => r.Name).Max(StringComparer.Ordinal), answer.GetProperty("last").GetString());

        (code, output, errors) = Run("sql", $"select frame_id, width, octet_length(data) as bytes, labels[1] as label from '{images}' where frame_id in ('frame-3', 'frame-11') order by frame_id", "--recording", recording);
        Assert.True(code == ExitCodes.Success, errors);
        var rows = Lines(output).Where(line => line.Contains("frame-", StringComparison.Ordinal)).Select(Cells).ToList();
        Assert.Equal([["frame-11", "4", "24", "label-11"], ["frame-3", "4", "24", "label-3"]], rows);
    }

    [Fact]
    public async Task A_live_query_answers_over_what_the_publisher_sent_in_the_window()
    {
        var readings = fixture.NewTopic("live");
        using var publisher = RecordingPeer.Publisher(fixture, readings, "reading", Count);
        // The window ends early when the publisher leaves, so the test waits for that, not for the clock.
        var query = Task.Run(() => Run("sql", $"select count(*) as n, sum(id) as ids, min(name) as first from '{readings}'", "--live", "2m", "--json"));
        publisher.SendAll(1);
        Assert.Equal(0, publisher.Finish());
        var (code, output, errors) = await query;

        Assert.True(code == ExitCodes.Success, errors);
        var expected = PublishedReadings();
        var answer = JsonDocument.Parse(Assert.Single(Lines(output))).RootElement;
        Assert.Equal(expected.Count, answer.GetProperty("n").GetInt64());
        Assert.Equal(expected.Sum(r => r.Id).ToString(CultureInfo.InvariantCulture), answer.GetProperty("ids").GetString());
        Assert.Equal(expected.Select(r => r.Name).Min(StringComparer.Ordinal), answer.GetProperty("first").GetString());
    }

    [Fact]
    public void Bad_input_names_the_problem_with_its_exit_code()
    {
        using var scratch = new ScratchDirectory();
        string images = fixture.NewTopic("camera"), readings = fixture.NewTopic("lab");
        var recording = scratch.Recording();
        Record(recording, images, readings);

        var (code, _, errors) = Run("sql", "select * from nowhere", "--recording", recording);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("nowhere", errors);
        Assert.Contains($"'{images}', '{readings}'", errors);

        (code, _, errors) = Run("sql", $"select frame_id from '{images}' group", "--recording", recording);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("Parser Error", errors);

        (code, _, errors) = Run("sql", $"select no_such_column from '{images}'", "--recording", recording);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("no_such_column", errors);

        (code, _, errors) = Run("sql", "select 1", "--recording", scratch.Path);
        Assert.Equal((ExitCodes.RecordingFailed, true), (code, errors.Contains("has no metadata.json", StringComparison.Ordinal)));

        var empty = scratch.Recording("empty");
        Directory.CreateDirectory(empty);
        (RecordingMetadata.Load(recording) with { Topics = [] }).Save(empty);
        (code, _, errors) = Run("sql", "select 1", "--recording", empty);
        Assert.Equal((ExitCodes.RecordingFailed, true), (code, errors.Contains("holds no topics", StringComparison.Ordinal)));

        (code, _, errors) = Run("sql", "select 1");
        Assert.Equal((ExitCodes.UsageError, true), (code, errors.Contains("either --recording", StringComparison.Ordinal)));
        (code, _, errors) = Run("sql", "select 1", "--live", "soon");
        Assert.Equal((ExitCodes.UsageError, true), (code, errors.Contains("500ms, 5s or 2m", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_file_cut_short_is_queried_up_to_its_last_whole_message()
    {
        using var scratch = new ScratchDirectory();
        string images = fixture.NewTopic("camera"), readings = fixture.NewTopic("lab");
        var recording = scratch.Recording();
        Record(recording, images, readings);
        // Past the end-of-stream marker and into the last message, as a recorder killed mid-write leaves it.
        using (var file = File.OpenWrite(RecordedFiles.TopicPath(recording, images)))
            file.SetLength(file.Length - 100);

        var (code, output, errors) = Run("sql", $"select count(*) as n, max(frame_id) as last from '{images}'", "--recording", recording, "--json");

        Assert.True(code == ExitCodes.Success, errors);
        Assert.Contains($"is damaged after {Count - 1} message(s)", errors);
        var answer = JsonDocument.Parse(Assert.Single(Lines(output))).RootElement;
        Assert.Equal(Count - 1, answer.GetProperty("n").GetInt64());
        Assert.Equal("frame-9", answer.GetProperty("last").GetString());
    }

    [Fact]
    public void A_live_query_fails_clearly_when_its_topic_has_no_publisher_or_sends_nothing()
    {
        var silent = fixture.NewTopic("silent");
        using var publisher = RecordingPeer.Publisher(fixture, silent, "reading", Count);

        var (code, _, errors) = Run("sql", $"select count(*) from '{silent}'", "--live", "300ms");
        Assert.Equal(ExitCodes.NoMessages, code);
        Assert.Contains($"no message arrived on '{silent}'", errors);

        var missing = fixture.NewTopic("missing");
        (code, _, errors) = Run("sql", $"select count(*) from '{missing}'", "--live", "300ms");
        Assert.Equal(ExitCodes.TopicNotFound, code);
        Assert.Contains("names none of the live topics", errors);
        Assert.Contains($"'{silent}'", errors);
        Assert.Equal(0, publisher.Finish());
    }

    [Fact]
    public void A_recorded_file_named_in_quotes_is_a_table_with_neither_recording_nor_live()
    {
        using var scratch = new ScratchDirectory();
        string images = fixture.NewTopic("camera"), readings = fixture.NewTopic("lab");
        var recording = scratch.Recording();
        Record(recording, images, readings);
        var readingFile = RecordedFiles.TopicPath(recording, readings);
        var imageFile = RecordedFiles.TopicPath(recording, images);
        var index = Path.Combine(recording, RecordingFiles.Index);

        var (code, output, errors) = Run("sql",
            $"select (select count(*) from '{readingFile}') as n, (select sum(id) from '{readingFile}') as ids, " +
            $"(select max(frame_id) from '{imageFile}') as last, (select count(*) from '{index}') as indexed", "--json");

        Assert.True(code == ExitCodes.Success, errors);
        var expected = PublishedReadings();
        var answer = JsonDocument.Parse(Assert.Single(Lines(output))).RootElement;
        Assert.Equal(expected.Count, answer.GetProperty("n").GetInt64());
        Assert.Equal(expected.Sum(r => r.Id).ToString(CultureInfo.InvariantCulture), answer.GetProperty("ids").GetString());
        Assert.Equal("frame-9", answer.GetProperty("last").GetString());
        Assert.Equal(2 * Count, answer.GetProperty("indexed").GetInt64());

        // A file and a recording's topic in one query.
        (code, output, errors) = Run("sql", $"select count(*) as n from '{readingFile}' join '{images}' on true", "--recording", recording, "--json");
        Assert.True(code == ExitCodes.Success, errors);
        Assert.Equal(expected.Count * Count, JsonDocument.Parse(Assert.Single(Lines(output))).RootElement.GetProperty("n").GetInt64());

        // A timestamp difference is an interval, which no message field is: named, with the way around it, not a crash.
        (code, _, errors) = Run("sql", $"select max(receive_time - publish_time) as worst from '{index}'");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("DuckDB answered with a column quiver cannot print", errors);
        Assert.Contains("epoch_us(", errors);
    }

    [Fact]
    public void A_named_file_that_is_missing_or_not_an_arrow_stream_is_refused_naming_it()
    {
        using var scratch = new ScratchDirectory();
        var missing = Path.Combine(scratch.Path, "missing.arrows");
        var (code, _, errors) = Run("sql", $"select * from '{missing}'");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains($"the query reads '{missing}', and there is no such file", errors);

        var text = Path.Combine(scratch.Path, "notes.arrows");
        File.WriteAllText(text, "these are notes, not Arrow");
        (code, _, errors) = Run("sql", $"select * from '{text}'");
        Assert.Equal(ExitCodes.RecordingFailed, code);
        Assert.Contains($"'{text}' is not an Arrow IPC stream file", errors);

        var folder = Path.Combine(scratch.Path, "folder.arrows");
        Directory.CreateDirectory(folder);
        (code, _, errors) = Run("sql", $"select * from '{folder}'");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("it is a directory", errors);
    }

    private void Record(string directory, string images, string readings)
    {
        using var imagePublisher = RecordingPeer.Publisher(fixture, images, "image", Count);
        using var readingPublisher = RecordingPeer.Publisher(fixture, readings, "reading", Count);
        using var recorder = new CliProcess(fixture.RuntimeDirectoryPath, "Recording ", "record", "-o", directory, images, readings);
        imagePublisher.SendAll(1);
        readingPublisher.SendAll(1);
        Assert.True(recorder.Interrupt() == ExitCodes.Success, recorder.StandardError);
        Assert.Equal(0, imagePublisher.Finish());
        Assert.Equal(0, readingPublisher.Finish());
    }

    /// <summary>Every row the reading publisher sends, from the peer's own sample definitions.</summary>
    private static List<(long Id, double Value, string Name)> PublishedReadings()
    {
        var rows = new List<(long, double, string)>();
        for (var i = 0; i < Count; i++)
        {
            using var batch = RecordedSamples.Reading(i);
            var ids = (Apache.Arrow.Int64Array)batch.Column(0);
            var values = (Apache.Arrow.DoubleArray)batch.Column(1);
            var names = (Apache.Arrow.StringArray)batch.Column(2);
            for (var row = 0; row < batch.Length; row++)
                rows.Add((ids.GetValue(row)!.Value, values.GetValue(row)!.Value, names.GetString(row)));
        }
        return rows;
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string[] Cells(string tableRow) =>
        tableRow.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static (int ExitCode, string Output, string Errors) Run(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var errors = new StringWriter();
        var exitCode = QuiverCommand.Run(args, output, errors);
        return (exitCode, output.ToString(), errors.ToString());
    }
}
