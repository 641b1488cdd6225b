using System.Text;

namespace Shop.Bench.Rendering;

public static class Html
{
    /// <summary>
    /// Escapes the five characters that matter in HTML text and attribute values, and nothing else: the page is UTF-8,
    /// so "÷" and "≤" stay readable in its source.
    /// </summary>
    public static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }
        var encoded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            encoded.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return encoded.ToString();
    }
}
