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
            Fail(s, p, header.End, CoordsCode(header.Kind), $"<{name}/> holds no coordinates");
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

            Fail(s, p, header.End, GroundingErrorCodes.UnclosedTag, $"<{name}> has no closing tag");
            return ScanStep.Failed;
        }

        var step = ReadClosing(s, lt, header.Kind, final, out var kind, out var end);
        if (step == ScanStep.NeedMore)
        {
            return step;
        }

        if (step != ScanStep.Done || kind != header.Kind)
        {
            Fail(s, p, header.End, GroundingErrorCodes.UnclosedTag, $"<{name}> has no closing tag");
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
                Fail(s, p, end, CoordsCode(header.Kind), $"<{name}>: {reason}{Where()}");
                return ScanStep.Failed;
            }

            if (_track is { WaypointKind: not TagKind.None } shaped && shaped.WaypointKind != header.Kind)
            {
                Fail(s, p, end, GroundingErrorCodes.InvalidTrackGeometry, $"<{name}> in a track of <{NameOf(shaped.WaypointKind)}> waypoints{Where()}");
                return ScanStep.Failed;
            }

            ReadAttributes(s, header, p, out var mention, out var time, out var asset);
            if (_track is { } track)
            {
                // The track's asset: its own, else its first waypoint's (else its collection's); one per track.
                var first = track.WaypointKind == TagKind.None;
                var trackAsset = first ? track.AssetIndex ?? asset ?? _collection?.AssetIndex : track.WaypointAsset;
                if (asset is not null && asset != trackAsset)
                {
                    var expected = trackAsset is null ? "none (the last image)" : trackAsset.Value.ToString(CultureInfo.InvariantCulture);
                    Fail(s, p, end, GroundingErrorCodes.InvalidTrackAsset, $"<{name}> names asset_idx {asset} in a track on asset {expected}{Where()}");
                    return ScanStep.Failed;
                }

                if (first)
                {
                    (track.WaypointKind, track.WaypointAsset) = (header.Kind, trackAsset);
                    track.DerivedAsset = track.AssetIndex is null ? asset : null;
                }
            }

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
            Fail(s, p, end, GroundingErrorCodes.InvalidClipTimestamp, (header.TimeLength == 0 ? "a clip needs t" : "a clip's t is not a time or a range") + Where());
            return ScanStep.Failed;
        }

        if (_track is not null)
        {
            Fail(s, p, end, GroundingErrorCodes.InvalidTrackChild, "a track holds points, boxes or polygons, not <clip>" + Where());
            return ScanStep.Failed;
        }

        ReadAttributes(s, header with { TimeLength = 0 }, p, out var mention, out _, out var asset);
        _pos = end;
        AddLeaf(new ClipAnnotation { Mention = mention, Time = start, End = stop, AssetIndex = asset }, MentionSource(s, header, mention));
        return ScanStep.Done;
    }

    /// <summary>
    /// Opens a collection or track. A container still open when another one opens is taken as unclosed (what a model
    /// that forgets a closing tag writes; the grammar has no nesting but tracks in collections): it ends there,
    /// incomplete, so the new one's children never get the old one's mention.
    /// </summary>
    private ScanStep OpenContainerTag(ReadOnlySpan<char> s, in TagHeader header)
    {
        var p = _pos;
        if (_track is not null)
        {
            CloseTrack(incomplete: true);
        }

        if (header.Kind == TagKind.Collection && _collection is not null)
        {
            CloseCollection(incomplete: true);
        }

        ReadAttributes(s, header, p, out var mention, out var time, out var asset);
        _pos = header.End;
        var open = (header.Kind == TagKind.Collection ? _collectionSlot : _trackSlot)
            .Open(_origin + p, mention, time, asset, TextLength, _trimLeadingSpace);
        EmitMention(mention, MentionSource(s, header, mention));
        _leaves ??= AnnotationList.CopyOf(_annotations);
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
        if (!EndContainer(open, incomplete))
        {
            return;
        }

        var track = new TrackAnnotation(open.Children.ToArray())
        {
            Mention = open.Mention,
            Time = open.Time,
            AssetIndex = open.AssetIndex ?? open.DerivedAsset,
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
    }

    private void CloseCollection(bool incomplete)
    {
        if (_track is not null)
        {
            CloseTrack(incomplete: true);
        }

        var open = _collection!;
        _collection = null;
        if (!EndContainer(open, incomplete))
        {
            return;
        }

        _annotations.Add(new CollectionAnnotation(open.Children.ToArray())
        {
            Mention = open.Mention,
            Time = open.Time,
            AssetIndex = open.AssetIndex,
            IsIncomplete = incomplete,
        });
    }

    /// <summary>
    /// Reports an unclosed container; one with no valid child vanishes (reported, its mention taken back from the
    /// text). Returns whether the container is kept.
    /// </summary>
    private bool EndContainer(OpenContainer open, bool incomplete)
    {
        var name = NameOf(open.Kind);
        if (incomplete)
        {
            _errors.Add(new GroundingError(open.Position, GroundingErrorCodes.IncompleteAnnotation, $"<{name}> is not closed (the output may be cut off, or a closing tag is missing); kept with the children it holds"));
        }

        if (open.Children.Count > 0)
        {
            return true;
        }

        _errors.Add(new GroundingError(open.Position, GroundingErrorCodes.EmptyAnnotation, $"<{name}> holds no valid child; dropped"));
        if (open.HasMention && !TextSuppressed)
        {
            TruncateText(open.TextMark);
            _trimLeadingSpace |= open.TrimBeforeMention;
        }

        return false;
    }

    private static string CoordsCode(TagKind kind) => kind switch
    {
        TagKind.Point => GroundingErrorCodes.InvalidPointCoords,
        TagKind.Box => GroundingErrorCodes.InvalidBoxCoords,
        _ => GroundingErrorCodes.InvalidPolygonCoords,
    };

    private string Where() => _track is not null ? " (dropped from its track)" : _collection is not null ? " (dropped from its collection)" : "";

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
            // The same rules as Flatten: a waypoint is named by its track (its own mention is not used) and refers
            // to the track's asset; a collection's t reaches its points, boxes and polygons, not clips or tracks.
            _leaves.Add(
                _track is { } track ? GroundingAnnotationExtensions.WithInherited(leaf, track.Mention ?? _collection?.Mention, track.WaypointAsset, leaf.Time)
                : _collection is { } collection ? GroundingAnnotationExtensions.WithInherited(
                    leaf,
                    leaf.Mention ?? collection.Mention,
                    leaf.AssetIndex ?? collection.AssetIndex,
                    leaf is ClipAnnotation ? leaf.Time : leaf.Time ?? collection.Time)
                : leaf);
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
                _errors.Add(new GroundingError(_origin + position, GroundingErrorCodes.InvalidTime, $"t=\"{raw}\" is not a time; ignored"));
            }
        }

        if (h.AssetLength > 0)
        {
            var raw = s.Slice(h.AssetStart, h.AssetLength).Trim();
            var digits = raw.StartsWith('+') ? raw[1..] : raw;
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                asset = index;
            }
            else
            {
                _errors.Add(new GroundingError(_origin + position, GroundingErrorCodes.InvalidAssetIdx, $"asset_idx=\"{raw}\" is not an index; ignored"));
            }
        }
    }
}
