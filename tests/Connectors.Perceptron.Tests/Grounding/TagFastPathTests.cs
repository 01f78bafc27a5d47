using Connectors.Perceptron.Grounding;

namespace Connectors.Perceptron.Tests.Grounding;

public class TagFastPathTests
{
    [Fact]
    public void The_usual_spelling_of_a_tag_parses_as_a_spelled_out_one_does()
    {
        // The usual spelling takes the fast paths (` mention="…">`, the exact closing tag); extra spaces and
        // another case take the general readers.
        var random = new Random(1201);
        const string alphabet = "ab <>&;\"'=/x#1";
        foreach (var kind in new[] { "point", "point_box", "polygon" })
        {
            var body = kind switch { "point" => " (1,2) ", "point_box" => " (1,2) (3,4) ", _ => " (1,2) (3,4) (5,6) " };
            for (var n = 0; n < 3_000; n++)
            {
                var value = new string([.. Enumerable.Range(0, random.Next(0, 8)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
                var usual = GroundingParser.Parse($"<{kind} mention=\"{value}\">{body}</{kind}> tail");
                var spelled = GroundingParser.Parse($"<{kind}  MENTION = \"{value}\"  >{body}</{kind.ToUpperInvariant()} > tail");

                GroundingAssert.Equal(spelled.Leaves, usual.Leaves);
                Assert.Equal(spelled.Errors.Select(e => e.Reason), usual.Errors.Select(e => e.Reason));
                if (usual.Errors.Count == 0)
                {
                    Assert.Equal(spelled.Text, usual.Text);
                }
            }
        }
    }
}
