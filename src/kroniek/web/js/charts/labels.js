// Greedy label placement: labels in priority order, each shown only if its box
// overlaps no label shown before it and lies inside the visible area. Used by the
// map after every zoom, so more labels appear as there is room for them.

function overlaps(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Show or hide SVG <text> `labels` (highest priority first) so none overlap; `view` = {x, y, w, h} or null.
 * All boxes are read first and the visibilities written after: one layout, not one per label
 * (a box does not depend on visibility).
 */
export function placeLabels(labels, view) {
  const boxes = labels.map((el) => el.getBBox());
  const placed = [];
  const shown = boxes.map((b) => {
    const inside = !view || (b.x >= view.x && b.y >= view.y && b.x + b.width <= view.x + view.w && b.y + b.height <= view.y + view.h);
    if (!inside || placed.some((p) => overlaps(p, b))) return false;
    placed.push(b);
    return true;
  });
  labels.forEach((el, i) => el.setAttribute("visibility", shown[i] ? "visible" : "hidden"));
  return placed.length;
}
