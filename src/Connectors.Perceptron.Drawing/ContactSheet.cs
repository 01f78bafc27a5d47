using System.Globalization;
using Microsoft.Extensions.AI;
using SkiaSharp;

namespace Connectors.Perceptron.Grounding;

/// <summary>Video answers drawn as a contact sheet: the frames in a grid, each with the boxes and points of its time.</summary>
public static partial class GroundingRenderer
{
    private const int CaptionHeight = 20;

    /// <summary>
    /// Draws every frame of a video in a grid (each cell the size of the first frame), with the annotations whose
    /// time falls on that frame (<see cref="VideoFramesContent.FrameIndexAt(TimeSpan)"/>) and a time caption; an
    /// object keeps its colour in every frame. Annotations without a time are drawn on every frame.
    /// </summary>
    /// <param name="video">The frames; each must hold image bytes (a <see cref="DataContent"/>).</param>
    /// <param name="annotations">Annotations of the video, such as tracks; containers are flattened.</param>
    /// <param name="columns">Frames per row, 1 or more.</param>
    /// <param name="options">Drawing options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The PNG.</returns>
    /// <exception cref="ArgumentException">A frame is a URL rather than bytes, or cannot be decoded; or columns is below 1.</exception>
    public static byte[] RenderContactSheetPng(VideoFramesContent video, IEnumerable<GroundingAnnotation> annotations, int columns = 4, GroundingRendererOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(video);
        ArgumentNullException.ThrowIfNull(annotations);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        options ??= new GroundingRendererOptions();
        var leaves = annotations.Flatten().ToList();
        var frames = video.Frames;
        columns = Math.Min(columns, frames.Count);
        var rows = (frames.Count + columns - 1) / columns;

        using var first = Decode(frames[0], 0);
        var cell = new ImageSize(first.Width, first.Height);
        using var sheet = new SKBitmap(new SKImageInfo(columns * cell.Width, rows * (cell.Height + CaptionHeight), SKColorType.Rgba8888, SKAlphaType.Premul));
        var colours = new Dictionary<string, SKColor>(StringComparer.Ordinal);
        using (var canvas = new SKCanvas(sheet))
        using (var caption = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        using (var border = new SKPaint { Color = SKColors.Gray, Style = SKPaintStyle.Stroke, StrokeWidth = 1 })
        using (var font = new SKFont(SKTypeface.Default, 14))
        {
            canvas.Clear(SKColors.White);
            for (var i = 0; i < frames.Count; i++)
            {
                using var frame = i == 0 ? null : Decode(frames[i], i);
                var x = i % columns * cell.Width;
                var y = i / columns * (cell.Height + CaptionHeight);
                canvas.Save();
                canvas.Translate(x, y);
                canvas.DrawBitmap(frame ?? first, new SKRect(0, 0, cell.Width, cell.Height), SKSamplingOptions.Default, null);
                var own = leaves.Where(l => l.Time is not { } t || video.FrameIndexAt(t) == i);
                Draw(canvas, cell, own, options, colours);
                var seconds = frames[i].Timestamp.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                canvas.DrawText($"t = {seconds} s", 4, cell.Height + CaptionHeight - 5, SKTextAlign.Left, font, caption);
                canvas.DrawRect(0.5f, 0.5f, cell.Width - 1, cell.Height + CaptionHeight - 1, border); // so frames on the same background stay apart
                canvas.Restore();
            }
        }

        using var data = sheet.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static SKBitmap Decode(VideoFrame frame, int index)
    {
        if (frame.Image is not DataContent data)
        {
            throw new ArgumentException($"Frame {index} is a URL; a contact sheet needs the frames' bytes (DataContent).", nameof(frame));
        }

        return SKBitmap.Decode(data.Data.Span) ?? throw new ArgumentException($"Frame {index} could not be decoded.", nameof(frame));
    }
}
