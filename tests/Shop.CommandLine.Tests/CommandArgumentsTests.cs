namespace Shop.CommandLine.Tests;

public sealed class CommandArgumentsTests
{
    private static readonly CommandSyntax s_run = new("run")
    {
        Values = ["target", "scale", "duration", "from"],
        Repeatable = ["pid-dir"],
        Flags = ["no-progress"],
    };

    private static CommandArguments Parse(params string[] arguments) => CommandArguments.Parse(arguments, s_run);

    [Fact]
    public void Parse_ValuesFlagsAndInlineValues_AreRead()
    {
        var line = Parse("--target", "http://127.0.0.1:1", "--no-progress", "--scale=2.5");

        Assert.Equal("run", line.Command);
        Assert.Equal("http://127.0.0.1:1", line.Value("target"));
        Assert.True(line.Flag("no-progress"));
        Assert.Equal(2.5, line.Number("scale", 1));
        Assert.Null(line.Duration("duration"));
        Assert.Null(line.Value("from"));
        Assert.False(CommandArguments.Parse([], s_run).Flag("no-progress"));
    }

    [Fact]
    public void Parse_RepeatableInBothSpellings_KeepsEveryValueAndTheLast()
    {
        var line = Parse("--pid-dir", "/a", "--pid-dir=/b", "--scale", "2");

        Assert.Equal(["/a", "/b"], line.All("pid-dir"));
        Assert.Equal("/b", line.Value("pid-dir"));
        Assert.Equal(2, line.Number("scale", 1));
        Assert.Equal(1, line.Number("duration", 1));
        Assert.Empty(line.All("target"));
    }

    [Fact]
    public void Parse_ValueWithEqualsSign_KeepsEverythingAfterTheFirst()
    {
        Assert.Equal("postgres=/data/postmaster.pid", Parse("--pid-dir=postgres=/data/postmaster.pid").Value("pid-dir"));
    }

    [Theory]
    [InlineData("--typo")]
    [InlineData("loose")]
    [InlineData("--")]
    [InlineData("--target")]
    [InlineData("--no-progress=yes")]
    public void Parse_WrongArgument_UsageError(string argument)
    {
        Assert.Throws<UsageException>(() => Parse(argument));
    }

    [Fact]
    public void Parse_UnknownOption_NamesItTheCommandAndTheKnownOnes()
    {
        var error = Assert.Throws<UsageException>(() => Parse("--scael", "2"));

        Assert.Equal("Unknown option --scael for 'run' (known: --duration, --from, --no-progress, --pid-dir, --scale, --target).", error.Message);
    }

    [Fact]
    public void Parse_ValueMissingAtTheEnd_NamesTheOption()
    {
        var error = Assert.Throws<UsageException>(() => Parse("--no-progress", "--target"));

        Assert.Equal("--target needs a value.", error.Message);
    }

    [Fact]
    public void Parse_OptionTwice_UsageErrorNamingIt()
    {
        var error = Assert.Throws<UsageException>(() => Parse("--scale", "1", "--scale=2"));

        Assert.Equal("--scale is given twice.", error.Message);
    }

    [Fact]
    public void Required_Missing_NamesTheOptionAndTheCommand()
    {
        var error = Assert.Throws<UsageException>(() => Parse().Required("target"));

        Assert.Equal("--target is required for 'run'.", error.Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void Number_NotAPositiveNumber_UsageError(string value)
    {
        var line = Parse("--scale", value);

        var error = Assert.Throws<UsageException>(() => line.Number("scale", 1, 0.0001));
        Assert.StartsWith("--scale must be a number", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    [InlineData("1,5")]
    public void Number_NotFiniteWithoutBounds_UsageError(string value)
    {
        var error = Assert.Throws<UsageException>(() => Parse("--scale", value).Number("scale", 1));

        Assert.Equal($"--scale must be a number (got '{value}').", error.Message);
    }

    [Fact]
    public void WholeNumber_OutOfRange_UsageErrorWithTheBounds()
    {
        var line = Parse("--scale", "70000");

        var error = Assert.Throws<UsageException>(() => line.WholeNumber("scale", 1, 65_000));
        Assert.Equal("--scale must be a whole number between 1 and 65000 (got '70000').", error.Message);
        Assert.Null(Parse().WholeNumber("scale", 1, 10));
        Assert.Equal(7, Parse("--scale", "7").WholeNumber("scale", 1, 10));
    }

    [Fact]
    public void BigWholeNumber_ReadsLongsAndRefusesFractions()
    {
        Assert.Equal(20_261_127_000L, Parse("--scale", "20261127000").BigWholeNumber("scale"));
        Assert.Throws<UsageException>(() => Parse("--scale", "1.5").BigWholeNumber("scale"));
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("2.5", 2.5)]
    [InlineData("4m", 240)]
    [InlineData("00:04:00", 240)]
    [InlineData("00:00:30", 30)]
    public void ParseDuration_SecondsMinutesOrTimeSpan_Read(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CommandArguments.ParseDuration(text, "duration"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("2.00:00:00")]
    public void ParseDuration_NotAPositiveLength_UsageError(string text)
    {
        var error = Assert.Throws<UsageException>(() => CommandArguments.ParseDuration(text, "duration"));
        Assert.StartsWith("--duration must be a positive length", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-27T10:00:00Z")]
    [InlineData("2026-11-27T11:00:00+01:00")]
    [InlineData("2026-11-27T10:00:00")]
    public void Time_IsoTime_ReadAsUtc(string text)
    {
        var time = Parse("--from", text).Time("from");

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
    }

    [Fact]
    public void Time_NotATimeOrMissing_UsageError()
    {
        Assert.Equal("--from must be an ISO-8601 time (got 'yesterday').",
            Assert.Throws<UsageException>(() => Parse("--from", "yesterday").Time("from")).Message);
        Assert.Throws<UsageException>(() => Parse().Time("from"));
    }

    [Fact]
    public void ExitCode_IsTwo()
    {
        Assert.Equal(2, UsageException.ExitCode);
    }
}
