using Shop.LoadTest.Cli;

namespace Shop.LoadTest.Tests.Cli;

public sealed class CommandLineTests
{
    private static readonly string[] s_values = ["target", "scale", "duration"];
    private static readonly string[] s_flags = ["no-progress"];

    [Fact]
    public void Parse_ValuesFlagsAndInlineValues_AreRead()
    {
        var line = CommandLine.Parse(["--target", "http://127.0.0.1:1", "--no-progress", "--scale=2.5"], "run", s_values, s_flags);

        Assert.Equal("http://127.0.0.1:1", line.Value("target"));
        Assert.True(line.Flag("no-progress"));
        Assert.Equal(2.5, line.Number("scale", 1));
        Assert.Null(line.Duration("duration"));
    }

    [Theory]
    [InlineData("--typo")]
    [InlineData("loose")]
    [InlineData("--target")]
    public void Parse_WrongArgument_UsageError(string argument)
    {
        Assert.Throws<UsageException>(() => CommandLine.Parse([argument], "run", s_values, s_flags));
    }

    [Fact]
    public void Parse_OptionTwice_UsageError()
    {
        Assert.Throws<UsageException>(() => CommandLine.Parse(["--scale", "1", "--scale", "2"], "run", s_values, s_flags));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("NaN")]
    public void Number_NotAPositiveNumber_UsageError(string value)
    {
        var line = CommandLine.Parse(["--scale", value], "run", s_values, s_flags);

        Assert.Throws<UsageException>(() => line.Number("scale", 1, 0.0001));
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
        Assert.Equal(TimeSpan.FromSeconds(seconds), CommandLine.ParseDuration(text, "duration"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("2.00:00:00")]
    public void ParseDuration_NotAPositiveLength_UsageError(string text)
    {
        Assert.Throws<UsageException>(() => CommandLine.ParseDuration(text, "duration"));
    }
}
