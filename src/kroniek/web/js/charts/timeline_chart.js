// The timeline's chart: events per day stacked by cooperation / conflict, drawn
// with Observable Plot. It opens on the dense date range (GET /api/series computes
// it): a few events dated years away are listed as stray dates instead of
// squashing the rest into a sliver. Brushing a range zooms to it (since/until in
// the URL); a click on a day jumps to its events.
import { h, hrefWith } from "../dom.js";
import { need, plot } from "./libs.js";

const DAY = 86400000;
const COLORS = { cooperation: "#2f6db5", conflict: "#c8402f", other: "#8a94a3" };

const iso = (t) => new Date(t).toISOString().slice(0, 10);

/** The domain to draw: the URL's since/until, all dates (range=all), or the dense range. */
export function chartDomain(series, params) {
  const days = series.days.map((d) => d.date);
  if (!days.length) return null;
  let lo = days[0], hi = days[days.length - 1];
  if (params.get("range") !== "all" && series.dense && series.dense.since) { lo = series.dense.since; hi = series.dense.until; }
  if (params.get("since")) lo = params.get("since").slice(0, 10);
  if (params.get("until")) hi = params.get("until").slice(0, 10);
  return [lo, hi];
}

/** A note listing the events outside the drawn range (far stray dates, sparse tails), with links to them. */
function strayNote(series, params, route, domain) {
  if (params.get("range") === "all" || params.get("since") || params.get("until")) return null;
  const out = series.stray || [], tails = series.tails || [];
  if (!out.length && !tails.length) return null;
  const base = Object.fromEntries(params.entries());
  const note = h("div", { class: "stray-note", role: "note" });
  if (out.length) {
    const n = out.reduce((a, d) => a + d.n, 0);
    note.append(
      h("strong", {}, `${n} event${n > 1 ? "s" : ""} dated far outside ${domain[0]} – ${domain[1]}`),
      " (possibly misdated) are not drawn: ",
      h("ul", {}, out.map((d) => h("li", { dataset: { date: d.date } },
        h("a", { href: hrefWith(route, { ...base, since: d.date, until: d.date }) }, `${d.date} (${d.n})`)))));
  }
  for (const t of tails) {
    note.append(h("span", { class: "tail", dataset: { side: t.side } }, [
      `${out.length ? " " : ""}${t.n} sparse event${t.n > 1 ? "s" : ""} ${t.side} the dense range: `,
      h("a", { href: hrefWith(route, { ...base, since: t.since, until: t.until }) }, `${t.since} – ${t.until}`), ". "]));
  }
  note.append(h("a", { class: "all-dates", href: hrefWith(route, { ...base, range: "all" }) }, "draw all dates"));
  return note;
}

export async function timelineChart(series, params, { route = "timeline", onPick } = {}) {
  await need("plot");
  const domain = chartDomain(series, params);
  const wrap = h("div", { class: "card chart-card tl-chart" });
  if (!domain) return wrap;
  const [lo, hi] = domain;
  const t0 = Date.parse(lo), t1 = Date.parse(hi) + DAY;
  const items = series.items.filter((r) => r.period >= lo && r.period <= hi)
    .map((r) => ({ ...r, t: new Date(r.period) }));
  const keys = series.keys.map((k) => k.key);
  const view = document.getElementById("view");
  const W = Math.max(600, Math.min(1400, ((view && view.clientWidth) || 1000) - 40));
  const H = 190, M = { top: 12, right: 12, bottom: 26, left: 36 };
  const fig = plot({
    width: W, height: H, marginTop: M.top, marginRight: M.right, marginBottom: M.bottom, marginLeft: M.left,
    x: { type: "utc", domain: [new Date(t0), new Date(t1)], label: null },
    y: { grid: true, label: null, tickFormat: "d" },
    color: { domain: keys, range: keys.map((k) => COLORS[k] || COLORS.other) },
    marks: [
      window.Plot.rectY(items, { x: "t", interval: "day", y: "n", fill: "key", title: (d) => `${d.period}: ${d.n} ${d.key}`, inset: 0.5 }),
      window.Plot.ruleY([0]),
    ],
  });
  const days = new Set(items.map((r) => r.period));
  Object.assign(wrap.dataset, { since: lo, until: hi, days: days.size });
  wrap.append(fig);

  // brush to zoom: d3.brushX over the plot area
  const x = fig.scale("x");
  const svg = window.d3.select(fig.tagName.toLowerCase() === "svg" ? fig : fig.querySelector("svg"));
  const brush = window.d3.brushX().extent([[M.left, M.top], [W - M.right, H - M.bottom]])
    .on("end", (ev) => {
      if (!ev.sourceEvent) return;
      if (!ev.selection) {  // a click: jump to that day's events
        const [px] = window.d3.pointer(ev.sourceEvent, svg.node());
        const day = iso(Math.floor(x.invert(px).getTime() / DAY) * DAY);
        if (onPick) onPick(day);
        return;
      }
      const [a, b] = ev.selection.map((p) => x.invert(p).getTime());
      const since = iso(Math.floor(a / DAY) * DAY), until = iso(Math.max(Math.floor(a / DAY), Math.ceil(b / DAY) - 1) * DAY);
      const next = Object.fromEntries([...params.entries()].filter(([k]) => k !== "range"));
      location.hash = hrefWith(route, { ...next, since, until });
    });
  svg.append("g").attr("class", "brush").call(brush);
  wrap.append(strayNote(series, params, route, domain) || "");
  const zoomed = params.get("since") || params.get("until") || params.get("range") === "all";
  const rest = Object.fromEntries([...params.entries()].filter(([k]) => !["since", "until", "range"].includes(k)));
  wrap.append(h("p", { class: "chart-help" }, [
    "Drag across the chart to zoom to a range; click a day to jump to its events. ",
    zoomed ? h("a", { class: "zoom-reset", href: hrefWith(route, rest) }, "back to the dense range") : null,
  ]));
  return wrap;
}
