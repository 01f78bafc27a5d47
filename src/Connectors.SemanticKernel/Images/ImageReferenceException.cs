namespace Connectors.SemanticKernel;

/// <summary>
/// An image argument of a vision function could not be used: unknown name, a path outside the allowed folders,
/// a file that is too large or not an image, a URL the application does not allow to download. The message says
/// what to pass instead; agents read it as the function's error and can retry with a better reference.
/// </summary>
public sealed class ImageReferenceException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to pass instead.</param>
    public ImageReferenceException(string message)
        : base(message, "image")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to pass instead.</param>
    /// <param name="innerException">The failure behind it.</param>
    public ImageReferenceException(string message, Exception innerException)
        : base(message, "image", innerException)
    {
    }
}
