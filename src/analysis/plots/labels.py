"""Word labels on a scatter plot without overlaps: a greedy, deterministic placer for any word plot."""

from __future__ import annotations


def group_labels(xs, ys, labels, colors, per_line=2):
    """Join labels of points at the same position into one multi-line label."""
    groups: dict = {}
    for x, y, lab, col in zip(xs, ys, labels, colors):
        groups.setdefault((round(float(x), 9), round(float(y), 9), col), []).append(lab)
    out = []
    for (x, y, col), labs in groups.items():
        labs = sorted(labs)
        lines = [", ".join(labs[i:i + per_line]) for i in range(0, len(labs), per_line)]
        out.append((x, y, "\n".join(lines), col))
    return out


def place_labels(ax, items, *, obstacles=(), artists=(), fontsize=6.5):
    """Greedy, deterministic label placement: first candidate offset that overlaps nothing.

    ``items`` are ``(x, y, text, color)``; ``obstacles`` are ``(x, y)`` points labels
    must not cover, ``artists`` texts already drawn. Returns the labels that could not
    be placed (they are left out).
    """
    import numpy as np

    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax_box = ax.get_window_extent(renderer)
    h = 2.0 * fig.dpi / 72.0

    def point_boxes(points):  # (n, 4) extents x0, y0, x1, y1 in display coordinates
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        # many terms share a position: one box per distinct point (the same boxes, fewer checks)
        xy = ax.transData.transform(np.unique(pts, axis=0)) if len(pts) else np.empty((0, 2))
        return np.column_stack([xy - h, xy + h])

    labelled = point_boxes([(it[0], it[1]) for it in items])
    others = point_boxes(list(obstacles))
    placed = np.array([_extents(a.get_window_extent(renderer).expanded(1.03, 1.06)) for a in artists]).reshape(-1, 4)
    dropped = []
    for x, y, text, color in items:
        # first try to avoid every point; failing that, cover only unlabelled points
        for avoid in (np.vstack([labelled, others]), labelled):
            ann = _try_place(ax, renderer, ax_box, x, y, text, color, fontsize, np.vstack([placed, avoid]))
            if ann is not None:
                placed = np.vstack([placed, _extents(_text_box(ann, renderer))])
                break
        else:
            dropped.append(text)
    return dropped


def _extents(box):
    """A Bbox's (x0, y0, x1, y1) with x0 <= x1 and y0 <= y1, as matplotlib's ``overlaps`` reads it."""
    x0, y0, x1, y1 = box.extents
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _overlaps_any(box, avoid) -> bool:
    """``any(box.overlaps(b) for b in avoid)`` for ``avoid`` as an (n, 4) array of extents."""
    x0, y0, x1, y1 = _extents(box)
    return bool(((x0 <= avoid[:, 2]) & (avoid[:, 0] <= x1) & (y0 <= avoid[:, 3]) & (avoid[:, 1] <= y1)).any())


def _try_place(ax, renderer, ax_box, x, y, text, color, fontsize, avoid):
    zero_y = ax.transData.transform((x, 0.0))[1]
    multiline = "\n" in text
    for r in (3, 7, 12, 18, 26, 36, 48, 62, 80, 100, 125, 150):
        if multiline and r < 7:
            continue
        for dx, dy in ((r, 0), (-r, 0), (0, r), (0, -r), (r, r), (-r, r), (r, -r), (-r, -r),
                       (r, r // 2), (-r, r // 2), (r, -r // 2), (-r, -r // 2)):
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            arrow = dict(arrowstyle="-", lw=0.4, color="0.4", shrinkA=0, shrinkB=1.5) if r > 7 or multiline else None
            ann = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                              fontsize=fontsize, color=color, arrowprops=arrow, linespacing=1.0)
            ann.set_in_layout(False)
            box = _text_box(ann, renderer)
            inside = (box.x0 >= ax_box.x0 and box.x1 <= ax_box.x1 and box.y0 >= ax_box.y0
                      and box.y1 <= ax_box.y1)
            # a label stays on its point's side of y = 0 (the side says which period)
            same_side = box.y0 >= zero_y if y > 0 else box.y1 <= zero_y if y < 0 else True
            if inside and same_side and not _overlaps_any(box, avoid):
                return ann
            ann.remove()
    return None


def _text_box(ann, renderer):
    """Extent of an annotation's text alone (its leader line excluded), slightly padded."""
    from matplotlib.text import Text

    ann.get_window_extent(renderer)  # updates the text position for this renderer
    return Text.get_window_extent(ann, renderer).expanded(1.03, 1.06)
