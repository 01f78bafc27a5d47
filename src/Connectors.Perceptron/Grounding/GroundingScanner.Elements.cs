using System.Buffers;
using System.Globalization;

namespace Connectors.Perceptron.Grounding;

/// <summary>Turning accepted tags into annotations and keeping the container stack.</summary>
internal sealed partial class GroundingScanner
{
    private ScanStep ScanLeaf(ReadOnlySpan<char> s, in TagHeader header, bool final)
    {
        var p = _pos;
        var name = NameOf(header.Kind);
        if (header.SelfClosing)
        {
            Fail(s, p, header.End, $"<{name}/> holds no coordinates");
            return ScanStep.Failed;
        }

        // The body holds only coordinates, so the first '<' after it must be the closing tag.
        var lt = _lessThan.Find(s, header.End);
        if (lt < 0)
        {
            if (!final)
            {
                return ScanStep.NeedMore;
            }

            Fail(s, p, header.End, $"<{name}> has no closing tag");
            return ScanStep.Failed;
        }

        var step = ReadClosing(s, lt, header.Kind, final, out var kind, out var end);
        if (step == ScanStep.NeedMore)
        {
            return step;
        }

        if (step != ScanStep.Done || kind != header.Kind)
        {
            Fail(s, p, header.End, $"<{name}> has no closing tag");
            return ScanStep.Failed;
        }

        var body = s[header.End..lt];
        var maxNumbers = CoordinateReader.MaxNumbers(body.Length);
        int[]? rented = null;
        var numbers = maxNumbers <= 32 ? stackalloc int[32] : (rented = ArrayPool<int>.Shared.Rent(maxNumbers));
        try
        {
            var reason = CoordinateReader.TryRead(body, numbers, out var count);
            var pairs = count / 2;
            reason ??= header.Kind switch
            {
                TagKind.Point when pairs != 1 => $"a point needs 1 coordinate pair, not {pairs}",
                TagKind.Box when pairs != 2 => $"a box needs 2 coordinate pairs, not {pairs}",
                TagKind.Polygon when pairs < 3 => $"a polygon needs 3 or more coordinate pairs, not {pairs}",
                _ => null,
            };
            if (reason is not null)
            {
                var where = _track is not null ? " (dropped from its track)" : _collection is not null ? " (dropped from its collection)" : "";
                Fail(s, p, end, $"<{name}>: {reason}{where}");
                return ScanStep.Failed;
            }

            ReadAttributes(s, header, p, out var mention, out var time, out var asset);

            // Points and boxes hold their coordinates inline; only a polygon needs an array.
            GroundingAnnotation annotation = header.Kind switch
            {
                TagKind.Point => new PointAnnotation(new GridPoint(numbers[0], numbers[1])) { Mention = mention, Time = time, AssetIndex = asset },
                TagKind.Box => new BoxAnnotation(new GridBox(new GridPoint(numbers[0], numbers[1]), new GridPoint(numbers[2], numbers[3])))
                {
                    Mention = mention,
                    Time = time,
                    AssetIndex = asset,
                },
                _ => new PolygonAnnotation(GridPolygon.Wrap(CoordinateReader.ToPoints(numbers[..count]))) { Mention = mention, Time = time, AssetIndex = asset },
            };
            _pos = end;
            AddLeaf(annotation, MentionSource(s, header, mention));
            return ScanStep.Done;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    private ScanStep ScanClip(ReadOnlySpan<char> s, in TagHeader header, bool final)
    {
        var p = _pos;
        var end = header.End;
        if (!header.SelfClosing)
        {
            // Tolerate <clip ...></clip>.
            var j = end;
            while (j < s.Length && IsSpace(s[j]))
            {
                j++;
            }

            if (j >= s.Length && !final)
            {
                return ScanStep.NeedMore;
            }

            if (j < s.Length && s[j] == '<')
            {
                var step = ReadClosing(s, j, final, out var kind, out var closeEnd);
                if (step == ScanStep.NeedMore)
                {
                    return step;
                }

                if (step == ScanStep.Done && kind == TagKind.Clip)
                {
                    end = closeEnd;
                }
            }
        }

        if (header.TimeLength == 0 ||
            !TimeReader.TryReadRange(s.Slice(header.TimeStart, header.TimeLength), out var start, out var stop))
        {
            Fail(s, p, end, header.TimeLength == 0 ? "a clip needs t" : "a clip's t is not a time or a range");
            return ScanStep.Failed;
        }

        ReadAttributes(s, header with { TimeLength = 0 }, p, out var mention, out _, out var asset);
        _pos = end;
        AddLeaf(new ClipAnnotation { Mention = mention, Time = start, End = stop, AssetIndex = asset }, MentionSource(s, header, mention));
        return ScanStep.Done;
    }

    private ScanStep OpenContainerTag(ReadOnlySpan<char> s, in TagHeader header)
    {
        var p = _pos;
        if (_track is not null || (header.Kind == TagKind.Collection && _collection is not null))
        {
            var outer = _track is not null ? "track" : "collection";
            if (header.Kind == TagKind.Collection)
            {
                _refusedCollections += header.SelfClosing ? 0 : 1;
            }
            else
            {
                _refusedTracks += header.SelfClosing ? 0 : 1;
            }

            Fail(s, p, header.End, $"<{NameOf(header.Kind)}> cannot be nested inside a {outer}");
            return ScanStep.Failed;
        }

        ReadAttributes(s, header, p, out var mention, out var time, out var asset);
        _pos = header.End;
        EmitMention(mention, MentionSource(s, header, mention));
        _leaves ??= AnnotationList.CopyOf(_annotations);
        var open = new OpenContainer(mention, time, asset, header.Kind == TagKind.Collection ? _collectionChildren : _trackChildren);
        if (header.Kind == TagKind.Collection)
        {
            _collection = open;
            if (header.SelfClosing)
            {
                CloseCollection(incomplete: false);
            }
        }
        else
        {
            _track = open;
            if (header.SelfClosing)
            {
                CloseTrack(incomplete: false);
            }
        }

        return ScanStep.Done;
    }

    private void CloseTrack(bool incomplete)
    {
        var open = _track!;
        _track = null;
        var track = new TrackAnnotation
        {
            Mention = open.Mention,
            Time = open.Time,
            AssetIndex = open.AssetIndex,
            Children = open.Children.ToArray(),
            IsIncomplete = incomplete,
        };
        if (_collection is not null)
        {
            _collection.Children.Add(track);
        }
        else
        {
            _annotations.Add(track);
        }

        _refusedTracks = 0;
        if (_collection is null)
        {
            _refusedCollections = 0;
        }
    }

    private void CloseCollection(bool incomplete)
    {
        if (_track is not null)
        {
            CloseTrack(incomplete: true);
        }

        var open = _collection!;
        _collection = null;
        _refusedCollections = 0;
        _annotations.Add(new CollectionAnnotation
        {
            Mention = open.Mention,
            Time = open.Time,
            AssetIndex = open.AssetIndex,
            Children = open.Children.ToArray(),
            IsIncomplete = incomplete,
        });
    }

    /// <summary>Adds a leaf; <paramref name="mentionSource"/> is its mention as written, when it reads the same as the attribute.</summary>
    private void AddLeaf(GroundingAnnotation leaf, ReadOnlySpan<char> mentionSource)
    {
        if ((_track ?? _collection) is { } container)
        {
            container.Children.Add(leaf);
        }
        else
        {
            _annotations.Add(leaf);
        }

        if (_leaves is not null)
        {
            var mention = leaf.Mention ?? _track?.Mention ?? _collection?.Mention;
            var asset = leaf.AssetIndex ?? _track?.AssetIndex ?? _collection?.AssetIndex;
            _leaves.Add(GroundingAnnotationExtensions.WithInherited(leaf, mention, asset));
        }

        EmitMention(leaf.Mention, mentionSource);
    }

    /// <summary>
    /// The mention attribute as written, when no entity changed it: a whole-text parse then keeps it as a range of
    /// the source instead of a reference to the string.
    /// </summary>
    private static ReadOnlySpan<char> MentionSource(ReadOnlySpan<char> s, in TagHeader h, string? mention) =>
        mention is not null && mention.Length == h.MentionLength ? s.Slice(h.MentionStart, h.MentionLength) : default;

    private void EmitMention(string? mention, ReadOnlySpan<char> source)
    {
        if (mention is null)
        {
            return;
        }

        if (source.Length == mention.Length)
        {
            EmitText(source);
        }
        else
        {
            EmitText(mention);
        }
    }

    /// <summary>Materializes mention, t and asset_idx; a bad t or asset_idx is ignored and reported.</summary>
    private void ReadAttributes(ReadOnlySpan<char> s, in TagHeader h, int position, out string? mention, out TimeSpan? time, out int? asset)
    {
        mention = h.MentionLength > 0 ? HtmlText.Unescape(s.Slice(h.MentionStart, h.MentionLength)) : null;
        time = null;
        asset = null;
        if (h.TimeLength > 0)
        {
            var raw = s.Slice(h.TimeStart, h.TimeLength);
            if (TimeReader.TryReadTime(raw, out var t))
            {
                time = t;
            }
            else
            {
                _errors.Add(new GroundingError(_origin + position, $"t=\"{raw}\" is not a time; ignored"));
            }
        }

        if (h.AssetLength > 0)
        {
            var raw = s.Slice(h.AssetStart, h.AssetLength).Trim();
            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                asset = index;
            }
            else
            {
                _errors.Add(new GroundingError(_origin + position, $"asset_idx=\"{raw}\" is not an index; ignored"));
            }
        }
    }
}
