using Connectors.Perceptron.Grounding;

namespace Connectors.Perceptron.Tests.Grounding;

/// <summary>Assertions over parse results, whose annotations and errors compare by reference.</summary>
internal static class GroundingAssert
{
    public static void Equal(IEnumerable<GroundingAnnotation> expected, IEnumerable<GroundingAnnotation> actual) =>
        Assert.Equal(expected, actual, AnnotationComparer.Instance);

    public static void Equal(GroundingAnnotation expected, GroundingAnnotation actual) =>
        Assert.Equal(expected, actual, AnnotationComparer.Instance);

    public static void Equal(IEnumerable<GroundingError> expected, IEnumerable<GroundingError> actual) =>
        Assert.Equal(expected.Select(Fields), actual.Select(Fields));

    public static bool SequenceEqual(IEnumerable<GroundingAnnotation> expected, IEnumerable<GroundingAnnotation> actual) =>
        expected.SequenceEqual(actual, AnnotationComparer.Instance);

    private static (int Position, string Code, string Reason) Fields(GroundingError error) => (error.Position, error.Code, error.Reason);
}
