// Download links of a view: its own API request plus format=csv|json, so a download
// holds exactly the rows the view shows (same filters, same page), with names next to ids.

function downloadHref(path, params, fmt) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  q.set("format", fmt);
  return `${path}?${q}`;
}

/** `<p class="downloads">` with CSV and JSON links of GET `path` with `params`. */
export function downloadLinks(path, params, what = "this list") {
  const p = document.createElement("p");
  p.className = "downloads";
  p.append(`Download ${what}: `);
  for (const [i, fmt] of ["csv", "json"].entries()) {
    if (i) p.append(" · ");
    const a = document.createElement("a");
    a.className = `download dl-${fmt}`;
    a.href = downloadHref(path, params, fmt);
    a.setAttribute("download", "");
    a.textContent = fmt.toUpperCase();
    p.append(a);
  }
  // after a view shows more rows (a "load more" button), its links follow
  p.update = (next) => {
    for (const a of p.querySelectorAll("a.download")) a.href = downloadHref(path, next, a.classList.contains("dl-csv") ? "csv" : "json");
  };
  return p;
}
