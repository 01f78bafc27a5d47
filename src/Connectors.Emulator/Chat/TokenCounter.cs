namespace Connectors.Emulator.Chat;

/// <summary>Approximate token counts: about four characters a token, a fixed cost per image.</summary>
internal static class TokenCounter
{
    public const int ImageTokens = 256;

    public static int Prompt(int chars, int images) => Text(chars) + (images * ImageTokens);

    public static int Text(int chars) => chars == 0 ? 0 : Math.Max(1, (chars + 3) / 4);
}
