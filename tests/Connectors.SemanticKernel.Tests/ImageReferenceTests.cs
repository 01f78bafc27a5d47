using Microsoft.Extensions.AI;

namespace Connectors.SemanticKernel.Tests;

/// <summary>How image arguments are resolved, and how bad ones are refused with messages a model can act on.</summary>
public sealed class ImageReferenceTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("vision-").FullName;
    private readonly string _root;
    private readonly string _outside;
    private readonly MockPerceptron _mock = new MockPerceptron().Answer("<point mention=\"x\"> (500,500) </point>", null);

    public ImageReferenceTests()
    {
        _root = Directory.CreateDirectory(Path.Combine(_temp, "allowed")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_temp, "private")).FullName;
        Directory.CreateDirectory(Path.Combine(_root, "scenes"));
        File.WriteAllBytes(Path.Combine(_root, "scenes", "street.png"), TestImages.Png);
        File.WriteAllBytes(Path.Combine(_outside, "secret.png"), TestImages.Png);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private VisionPlugin Plugin(long maxBytes = VisionPluginOptions.DefaultMaxImageBytes, bool roots = true)
    {
        var options = new VisionPluginOptions { MaxImageBytes = maxBytes };
        if (roots)
        {
            options.AllowedImageRoots.Add(_root);
        }

        return new VisionPlugin(_mock.Mock.Object, options);
    }

    private async Task<string> RefusedAsync(VisionPlugin plugin, string image)
    {
        var error = await Assert.ThrowsAsync<ImageReferenceException>(() => plugin.CountObjectsAsync(image, "things", Token));
        Assert.Equal(0, _mock.Calls);
        Assert.Equal("image", error.ParamName);
        return error.Message;
    }

    [Fact]
    public async Task A_file_inside_an_allowed_root_is_read_by_absolute_or_relative_path_with_its_size()
    {
        var plugin = Plugin();

        var absolute = await plugin.CountObjectsAsync(Path.Combine(_root, "scenes", "street.png"), "things", Token);
        var relative = await plugin.CountObjectsAsync("scenes/street.png", "things", Token);
        var fileUri = await plugin.CountObjectsAsync(new Uri(Path.Combine(_root, "scenes", "street.png")).AbsoluteUri, "things", Token);

        Assert.All([absolute, relative, fileUri], r => Assert.Equivalent(new VisionImageInfo("street.png", 640, 480), r.Image, strict: true));
        Assert.Equal(new Perceptron.Grounding.PixelPoint(320, 240), relative.Points[0].PixelPoint);
        Assert.Equal(TestImages.Png, Assert.IsType<DataContent>(_mock.User.Contents[0]).Data.ToArray());
    }

    [Fact]
    public async Task A_path_outside_the_allowed_roots_is_refused_naming_the_roots()
    {
        var message = await RefusedAsync(Plugin(), Path.Combine(_outside, "secret.png"));

        Assert.Contains("outside the folders this application allows", message, StringComparison.Ordinal);
        Assert.Contains(_root, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../private/secret.png")]
    [InlineData("scenes/../../private/secret.png")]
    [InlineData("scenes\\..\\street.png")]
    public async Task A_dot_dot_path_is_refused_even_when_it_would_stay_inside(string path)
    {
        var message = await RefusedAsync(Plugin(), path);

        Assert.Contains("may not contain '..'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absolute_dot_dot_path_is_refused()
    {
        var message = await RefusedAsync(Plugin(), _root + "/../private/secret.png");

        Assert.Contains("'..'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symlinked_file_pointing_out_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "innocent.png"), Path.Combine(_outside, "secret.png"));

        var message = await RefusedAsync(Plugin(), "innocent.png");

        Assert.Contains("link to a file outside the allowed folders", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symlinked_folder_pointing_out_is_refused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "shared"), _outside);

        var message = await RefusedAsync(Plugin(), Path.Combine(_root, "shared", "secret.png"));

        Assert.Contains("link to a file outside the allowed folders", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symlink_staying_inside_the_root_is_followed()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "alias.png"), Path.Combine(_root, "scenes", "street.png"));

        var result = await Plugin().CountObjectsAsync("alias.png", "things", Token);

        Assert.Equal("street.png", result.Image.Source);
    }

    [Fact]
    public async Task An_oversized_file_is_refused_with_the_limit()
    {
        var message = await RefusedAsync(Plugin(maxBytes: 1000), "scenes/street.png");

        Assert.Contains($"is {TestImages.Png.Length} bytes, more than the 1000 bytes allowed", message, StringComparison.Ordinal);
        Assert.Contains("MaxImageBytes", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notes.png", "not a PNG, JPEG or WebP image")]
    [InlineData("doc.pdf", "a PDF document")]
    [InlineData("anim.png", "a GIF image (convert it to PNG)")]
    public async Task A_file_that_is_not_a_supported_image_is_refused_whatever_its_name(string name, string described)
    {
        var bytes = name switch
        {
            "doc.pdf" => "%PDF-1.7 hello"u8.ToArray(),
            "anim.png" => "GIF89a\x01\x00\x01\x00"u8.ToArray(),
            _ => "just some text, not pixels"u8.ToArray(),
        };
        File.WriteAllBytes(Path.Combine(_root, name), bytes);

        var message = await RefusedAsync(Plugin(), name);

        Assert.Contains(described, message, StringComparison.Ordinal);
        Assert.Contains("PNG, JPEG or WebP", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_and_disabled_local_files_say_what_to_pass_instead()
    {
        var missing = await RefusedAsync(Plugin(), "scenes/nothing.png");
        var disabled = await RefusedAsync(Plugin(roots: false), "scenes/street.png");

        Assert.Contains("no such file is inside", missing, StringComparison.Ordinal);
        Assert.Contains("allows no local image files", disabled, StringComparison.Ordinal);
        Assert.Contains("'latest'", disabled, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_and_bad_data_url_references_are_refused()
    {
        var plugin = Plugin();

        Assert.Contains("No image was given", await RefusedAsync(plugin, " "), StringComparison.Ordinal);
        Assert.Contains("data URL is malformed", await RefusedAsync(plugin, "data:image/png;base64,@@@"), StringComparison.Ordinal);
        Assert.Contains("not a PNG, JPEG or WebP", await RefusedAsync(plugin, "data:image/png;base64," + Convert.ToBase64String("hello"u8)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registered_images_are_found_by_name_and_latest_means_the_last_registered()
    {
        var plugin = Plugin(roots: false);
        var first = plugin.AddImage(TestImages.Png);
        var second = plugin.AddImage(new DataContent(TestImages.RedCircles(1, 3).Png, "image/png"), "circles");

        Assert.Equal("image-1", first);
        Assert.Equal(["image-1", "circles"], plugin.ImageNames);
        Assert.Equal("image-1", (await plugin.CountObjectsAsync("IMAGE-1", "things", Token)).Image.Source);
        Assert.Equal("circles", (await plugin.CountObjectsAsync("latest", "things", Token)).Image.Source);
        Assert.True(plugin.RemoveImage("circles"));
        Assert.Equal("image-1", (await plugin.CountObjectsAsync("latest", "things", Token)).Image.Source);
        Assert.Throws<ImageReferenceException>(() => plugin.AddImage("not an image"u8.ToArray()));
    }

    [Fact]
    public async Task Latest_with_no_image_anywhere_is_refused()
    {
        var message = await RefusedAsync(Plugin(), "latest");

        Assert.Contains("There is no image yet", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quoted_references_and_later_option_changes_are_handled()
    {
        var options = new VisionPluginOptions();
        options.AllowedImageRoots.Add(_root);
        var plugin = new VisionPlugin(_mock.Mock.Object, options);
        options.AllowedImageRoots.Clear();
        options.MaxImageBytes = 1;

        var result = await plugin.CountObjectsAsync("'scenes/street.png'", "things", Token);

        Assert.Equal("street.png", result.Image.Source);
    }

    [Fact]
    public async Task A_runaway_reference_is_shortened_in_the_message()
    {
        var message = await RefusedAsync(Plugin(), new string('a', 5000) + ".png");

        Assert.True(message.Length < 600, message);
    }

    [Fact]
    public void Options_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new VisionPlugin(_mock.Mock.Object, new VisionPluginOptions { MaxImageBytes = 0 }));
        var relative = new VisionPluginOptions();
        relative.AllowedImageRoots.Add("images");
        Assert.Contains("absolute folder paths", Assert.Throws<ArgumentException>(() => new VisionPlugin(_mock.Mock.Object, relative)).Message, StringComparison.Ordinal);
    }
}
