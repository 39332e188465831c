// Download links of a view: its own API request plus format=csv|json, with names next to ids.
// A paged list (events, quotes, articles, search hits) downloads the whole filtered view, every
// page (rows=all: the server pages through the route and streams the rows), and says how many rows
// that is; a view answered in one request (network, map, counts) downloads that answer.

function downloadHref(path, params, fmt, all) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === "") continue;
    if (all && (k === "limit" || k === "offset")) continue;  // every page, not the one shown
    q.set(k, v);
  }
  if (all) q.set("rows", "all");
  q.set("format", fmt);
  return `${path}?${q}`;
}

/**
 * `<p class="downloads">` with CSV and JSON links of GET `path` with `params`. With `total` (the
 * list's total under these filters) the links are of all `total` rows, which the text says.
 */
export function downloadLinks(path, params, what = "this list", total = undefined) {
  const all = total !== undefined && total !== null;
  const p = document.createElement("p");
  p.className = "downloads";
  if (all) {
    p.dataset.rows = String(total);
    p.append(`Download all ${Number(total).toLocaleString("en")} ${what} of this filter (every page): `);
  } else {
    p.append(`Download ${what}: `);
  }
  for (const [i, fmt] of ["csv", "json"].entries()) {
    if (i) p.append(" · ");
    const a = document.createElement("a");
    a.className = `download dl-${fmt}`;
    a.href = downloadHref(path, params, fmt, all);
    a.setAttribute("download", "");
    a.textContent = fmt.toUpperCase();
    p.append(a);
  }
  return p;
}
