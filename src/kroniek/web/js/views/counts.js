// Counts: top-N panels (actors, types, countries, source and target actors, outlets,
// months) and events per day / week / month split by type or actor, for the
// current filters. The numbers come from GET /api/facets and /api/series
// (counted in SQL); the charts are drawn with Observable Plot.
import { get } from "../api.js";
import { downloadLinks } from "../downloads.js";
import { h, hrefWith, message } from "../dom.js";
import { filterBar } from "../filters.js";
import { eventFilters } from "../facets.js";
import { need, plot } from "../charts/libs.js";

const PANELS = [
  ["actors", "Top actors", "actor"], ["types", "Event types", "type"], ["countries", "Countries", "country"],
  ["sources", "Top acting actors (source)", "source"], ["targets", "Top targets", "target"],
  ["outlets", "Outlets", null], ["languages", "Languages", "lang"], ["months", "Months", null],
];

function panel(name, title, param, rows, params) {
  const max = Math.max(1, ...rows.map((r) => r.n));
  const base = eventFilters(params);
  const link = (r) => {
    if (name === "months") return hrefWith("timeline", { ...base, since: `${r.value}-01`, until: `${r.value}-31` });
    return param ? hrefWith("timeline", { ...base, [param]: r.value }) : null;
  };
  return h("section", { class: "card topn", dataset: { facet: name } }, [
    h("h2", {}, title),
    rows.length ? h("table", {}, [h("tbody", {}, rows.map((r) => {
      const href = link(r);
      const label = r.label || r.value || "(none)";
      return h("tr", { dataset: { value: r.value, count: r.n } }, [
        h("td", {}, href ? h("a", { href }, label) : label),
        h("td", { class: "num" }, String(r.n)),
        h("td", { class: "barcell" }, h("span", { class: "bar", title: `${r.n} events`, dataset: { w: r.n / max } })),
      ]);
    }))]) : message("none"),
  ]);
}

export async function countsView(root, { params, isCurrent }) {
  const f = eventFilters(params);
  const by = params.get("by") === "actor" ? "actor" : "type";
  const interval = ["day", "week", "month"].includes(params.get("interval")) ? params.get("interval") : "week";
  // asked at once, while the filter bar asks for its counts (not one after the other)
  const data = Promise.all([get("/api/facets", { ...f, top: 10 }), get("/api/series", { ...f, by, interval }), need("plot")]);
  data.catch(() => {});  // a failure is shown when awaited below, not reported twice
  root.append(h("h1", {}, "Counts"), await filterBar("counts", params));
  const [facets, series] = await data;
  if (!isCurrent()) return;
  root.append(downloadLinks("/api/facets", { ...f, top: 10 }, "these counts"),
    downloadLinks("/api/series", { ...f, by, interval }, "this series"));
  root.append(h("p", { class: "summary" }, `${facets.total} events match these filters. ` +
    "Each panel counts events with the other filters kept; click a value for its timeline."));

  const keep = Object.fromEntries([...params.entries()].filter(([k]) => !["by", "interval"].includes(k)));
  const choice = (key, value, label, cur) => value === cur ? h("strong", {}, label)
    : h("a", { href: hrefWith("counts", { ...keep, by, interval, [key]: value }) }, label);
  const tools = h("div", { class: "series-tools" }, [
    h("span", {}, ["Events per ", choice("interval", "day", "day", interval), " · ", choice("interval", "week", "week", interval),
      " · ", choice("interval", "month", "month", interval)]),
    h("span", {}, ["by ", choice("by", "type", "event type", by), " · ", choice("by", "actor", "actor (top 8)", by)]),
  ]);
  const card = h("div", { class: "card chart-card series-chart", dataset: { by, interval, n: series.items.length } }, [tools]);
  root.append(card);
  // the dense range (stray dates left out, as on the timeline)
  const lo = params.get("since") || series.dense.since, hi = params.get("until") || series.dense.until;
  const items = series.items.filter((r) => !lo || (r.period >= lo.slice(0, 7) && r.period <= hi))
    .map((r) => ({ ...r, t: new Date(r.period) }));
  const labels = new Map(series.keys.map((k) => [k.key, k.label]));
  if (items.length) {
    const view = document.getElementById("view");
    const W = Math.max(600, Math.min(1400, ((view && view.clientWidth) || 1000) - 40));
    const fig = plot({
      width: W, height: 260, marginLeft: 36,
      x: { type: "utc", label: null }, y: { grid: true, label: null, tickFormat: "d" },
      color: { legend: true, domain: series.keys.map((k) => k.key), tickFormat: (k) => labels.get(k) || k, scheme: "tableau10" },
      marks: [
        by === "actor"
          ? window.Plot.lineY(items, { x: "t", y: "n", stroke: "key", marker: "dot", title: (d) => `${labels.get(d.key)}: ${d.n} (${d.period})` })
          : window.Plot.rectY(items, { x: "t", interval, y: "n", fill: "key", title: (d) => `${d.key}: ${d.n} (${d.period})`, inset: 0.5 }),
        window.Plot.ruleY([0]),
      ],
    });
    card.append(fig);
  } else {
    card.append(message("No dated events match these filters."));
  }
  if (series.stray && series.stray.length && !params.get("since")) {
    card.append(h("p", { class: "chart-help" }, `Not drawn: ${series.stray.length} stray date(s) far outside ` +
      `${series.dense.since} – ${series.dense.until} (${series.stray.map((d) => d.date).join(", ")}).`));
  }
  const grid = h("div", { class: "counts-grid" }, PANELS.map(([name, title, param]) =>
    panel(name, title, param, name === "months" ? facets.months : facets[name], params)));
  root.append(grid);
  // bar widths through the CSSOM (the CSP forbids inline style attributes)
  for (const bar of grid.querySelectorAll(".bar")) bar.style.width = `${Math.round(Number(bar.dataset.w) * 100)}%`;
}
