using Connectors.Emulator.Scenes;
using SkiaSharp;

namespace Connectors.Emulator.Tests;

public sealed class SceneGeneratorTests
{
    [Fact]
    public void Same_seed_draws_the_same_scene()
    {
        var a = SceneGenerator.Generate(320, 240, 4, seed: 7);
        var b = SceneGenerator.Generate(320, 240, 4, seed: 7);
        Assert.Equal(a.Png, b.Png);
        Assert.Equal(a.Objects.Select(o => o.Name), b.Objects.Select(o => o.Name));
        Assert.NotEqual(a.Png, SceneGenerator.Generate(320, 240, 4, seed: 8).Png);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Objects_do_not_overlap_and_the_png_has_their_colours(int seed)
    {
        var scene = SceneGenerator.Generate(new SceneOptions { Seed = seed, RandomObjects = 6 });
        Assert.Equal(6, scene.Objects.Count);
        for (var i = 0; i < scene.Objects.Count; i++)
        {
            for (var j = i + 1; j < scene.Objects.Count; j++)
            {
                Assert.Equal(0, scene.Objects[i].Bounds.IntersectionOverUnion(scene.Objects[j].Bounds));
            }
        }

        using var bitmap = SKBitmap.Decode(scene.Png);
        Assert.Equal(scene.Width, bitmap.Width);
        foreach (var o in scene.Objects)
        {
            // The centre pixel of a square or circle, and a pixel just above the base centre of a triangle, have the object's colour.
            var y = o.Shape == SceneShape.Triangle ? o.Bounds.Bottom - 3 : o.CenterY;
            Assert.True(o.Contains(o.CenterX, y));
            Assert.Equal(SceneColors.Get(o.Color), bitmap.GetPixel((int)o.CenterX, (int)y));
            Assert.Equal(SceneColors.Get("white"), bitmap.GetPixel((int)o.Bounds.Left - 2, (int)o.Bounds.Top - 2));
        }
    }

    [Fact]
    public void Required_objects_appear_and_contains_follows_the_shape()
    {
        var options = new SceneOptions { Seed = 3, RandomObjects = 2 };
        options.Required.Add(("red", SceneShape.Circle));
        options.Required.Add(("blue", SceneShape.Triangle));
        var scene = SceneGenerator.Generate(options);
        var circle = Assert.Single(scene.Where("red", SceneShape.Circle).Take(1));
        Assert.True(circle.Contains(circle.CenterX, circle.CenterY));
        Assert.False(circle.Contains(circle.Bounds.Left + 1, circle.Bounds.Top + 1)); // box corner lies outside the circle
        var triangle = scene.Objects[1];
        Assert.Equal("blue triangle", triangle.Name);
        Assert.False(triangle.Contains(triangle.Bounds.Left + 1, triangle.Bounds.Top + 1));
        Assert.True(triangle.Contains(triangle.CenterX, triangle.Bounds.Bottom - 1));
    }

    [Fact]
    public void Too_many_objects_for_the_canvas_throw()
    {
        Assert.Throws<InvalidOperationException>(() => SceneGenerator.Generate(new SceneOptions { Width = 100, Height = 100, RandomObjects = 20, MinSize = 40 }));
    }

    [Fact]
    public void Iou_of_boxes()
    {
        var a = new SceneBox(0, 0, 10, 10);
        Assert.Equal(1, a.IntersectionOverUnion(a));
        Assert.Equal(25.0 / 175.0, a.IntersectionOverUnion(new SceneBox(5, 5, 15, 15)), 6);
        Assert.Equal(0, a.IntersectionOverUnion(new SceneBox(20, 20, 30, 30)));
    }
}
