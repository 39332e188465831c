// Map of event places. The world outline is bundled (Natural Earth 1:110m via
// world-atlas), so the map works without any network access.
import { get } from "../api.js";
import { downloadLinks } from "../downloads.js";
import { h, s, clear, message } from "../dom.js";
import { filterBar, filtersFrom } from "../filters.js";
import { eventCard } from "../eventcard.js";
import { need } from "../charts/libs.js";
import { placeLabels } from "../charts/labels.js";

const W = 1000, H = 500;  // equirectangular: 360° x 180°
const px = (lon) => ((lon + 180) / 360) * W;
const py = (lat) => ((90 - lat) / 180) * H;

let worldPromise = null;
function loadWorld() {
  if (!worldPromise) {
    worldPromise = need("d3").then(() => fetch("/static/vendor/world-atlas/countries-110m.json")).then((r) => r.json()).then((topo) => {
      if (!window.topojson) throw new Error("topojson-client not loaded");
      return window.topojson.feature(topo, topo.objects.countries).features;
    });
  }
  return worldPromise;
}

/** SVG path of a country: d3-geo cuts rings at the antimeridian (Russia, Fiji, Antarctica), so no
 * polygon is drawn as a stray horizontal line across the map. Same equirectangular frame as px/py. */
let geoPath = null;
function featurePath(geom) {
  if (!geom) return "";
  if (!geoPath) {
    const d3 = window.d3;
    geoPath = d3.geoPath(d3.geoEquirectangular().scale(W / (2 * Math.PI)).translate([W / 2, H / 2]).precision(0.1));
  }
  return geoPath(geom) || "";
}

export async function mapView(root, { params, isCurrent }) {
  const f = filtersFrom(params, ["since", "until"]);
  // asked at once, while the filter bar asks for its counts (not one after the other)
  const data = Promise.all([loadWorld(), get("/api/places", f)]);
  data.catch(() => {});  // a failure is shown when awaited below, not reported twice
  root.append(h("h1", {}, "Map of event places"), await filterBar("map", params, ["since", "until"]));
  const [features, places] = await data;
  if (!isCurrent()) return;
  root.append(downloadLinks("/api/places", f, "these places"));
  const located = places.items.filter((p) => p.latitude !== null && p.longitude !== null &&
    p.latitude !== undefined && p.longitude !== undefined);
  root.append(h("p", { class: "summary" }, [
    `${located.length} places with events. Circle area = events; `,
    h("span", { class: "swatch coop" }), "mostly cooperative, ", h("span", { class: "swatch mixed" }), "mixed, ",
    h("span", { class: "swatch conf" }), "mostly conflictual. Scroll or use the buttons to zoom, drag to pan.",
  ]));

  const svg = s("svg", { class: "map", role: "img", "aria-label": "map of event places" });
  const land = s("g", { class: "land" });
  for (const ft of features) {
    land.append(s("path", { d: featurePath(ft.geometry) }, [s("title", {}, (ft.properties && ft.properties.name) || "")]));
  }
  svg.append(s("rect", { x: -W, y: -H, width: 3 * W, height: 3 * H, class: "sea" }), land);
  const gPlaces = s("g", { class: "places" });
  const gLabels = s("g", { class: "plabels" });  // above every circle, so no circle hides a label
  svg.append(gPlaces, gLabels);
  const panel = h("aside", { class: "panel card" }, [h("h2", {}, "Details"), message("Click a place to list its events.")]);

  const maxN = Math.max(1, ...located.map((p) => p.n_events || 1));
  const sorted = located.slice().sort((a, b) => (b.n_events || 0) - (a.n_events || 0));
  const marks = [];
  sorted.forEach((p, rank) => {
    // the API counts each place's cooperative and conflictual events over all of them
    const c = p.n_cooperative || 0, k = p.n_conflictual || 0;
    const cls = c + k === 0 ? "other" : c / (c + k) >= 0.67 ? "coop" : c / (c + k) <= 0.33 ? "conf" : "mixed";
    const r0 = 4 + 14 * Math.sqrt((p.n_events || 1) / maxN);
    const g = s("g", { class: ["place", cls], tabindex: 0, role: "button", dataset: { name: p.name } });
    const circle = s("circle", { cx: px(p.longitude), cy: py(p.latitude), r: r0 });
    const label = rank < 300 ? s("text", { x: px(p.longitude), y: py(p.latitude), class: "plabel" }, p.name) : null;
    g.append(circle, s("title", {}, `${p.name}${p.country ? " (" + p.country + ")" : ""}: ${p.n_events} events`));
    if (label) gLabels.append(label);
    g.addEventListener("click", () => showPlace(p));
    g.addEventListener("keydown", (e) => { if (e.key === "Enter") showPlace(p); });
    gPlaces.append(g);
    marks.push({ p, circle, label, r0 });
  });

  // View box: start on the places (at least 40° wide), zoom around the pointer.
  let vb;
  function fit() {
    if (!located.length) { vb = { x: 0, y: 0, w: W, h: H }; return; }
    const xs = located.map((p) => px(p.longitude)), ys = located.map((p) => py(p.latitude));
    let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    let w = Math.max((x1 - x0) * 1.6, (40 / 360) * W), hh = Math.max((y1 - y0) * 1.4, w / 2);
    w = Math.max(w, hh * 2); hh = w / 2;
    vb = { x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - hh / 2, w, h: hh };
  }
  function apply() {
    svg.setAttribute("viewBox", `${vb.x} ${vb.y} ${vb.w} ${vb.h}`);
    const k = vb.w / W;
    for (const m of marks) {
      m.circle.setAttribute("r", m.r0 * k * 1.2);
      if (m.label) {
        m.label.setAttribute("x", px(m.p.longitude) + m.r0 * k * 1.4);
        m.label.setAttribute("y", py(m.p.latitude) + 4 * k);
        m.label.setAttribute("font-size", 13 * k);
      }
    }
    land.setAttribute("stroke-width", 0.6 * k);
    placeLabels(marks.filter((m) => m.label).map((m) => m.label), vb);  // biggest places first, none overlapping
  }
  function zoom(factor, cx = vb.x + vb.w / 2, cy = vb.y + vb.h / 2) {
    const w = Math.min(W * 1.2, Math.max(W / 200, vb.w * factor));
    const hh = w / 2;
    vb = { x: cx - ((cx - vb.x) / vb.w) * w, y: cy - ((cy - vb.y) / vb.h) * hh, w, h: hh };
    apply();
  }
  fit();  // drawn by apply() below, once the labels are in the page and can be measured
  svg.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = svg.getBoundingClientRect();
    zoom(e.deltaY > 0 ? 1.25 : 0.8, vb.x + ((e.clientX - r.left) / r.width) * vb.w, vb.y + ((e.clientY - r.top) / r.height) * vb.h);
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, vb: { ...vb } }; });
  svg.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    vb = { ...drag.vb, x: drag.vb.x - ((e.clientX - drag.x) / r.width) * vb.w, y: drag.vb.y - ((e.clientY - drag.y) / r.height) * vb.h };
    apply();
  });
  for (const ev of ["pointerup", "pointerleave"]) svg.addEventListener(ev, () => { drag = null; });

  const tools = h("div", { class: "map-tools" }, [
    h("button", { type: "button", title: "zoom in", onclick: () => zoom(0.66) }, "+"),
    h("button", { type: "button", title: "zoom out", onclick: () => zoom(1.5) }, "−"),
    h("button", { type: "button", title: "fit to places", onclick: () => { fit(); apply(); } }, "fit"),
    h("button", { type: "button", title: "whole world", onclick: () => { vb = { x: 0, y: 0, w: W, h: H }; apply(); } }, "world"),
  ]);
  root.append(h("div", { class: "split" }, [h("div", { class: "card map-card" }, [tools, svg]), panel]));
  apply();
  if (!located.length) root.append(message("No event has a place with coordinates."));

  async function showPlace(p) {
    clear(panel).append(h("h2", {}, p.name),
      h("p", { class: "summary" }, `${p.country || ""} · ${p.n_events} events`));
    const r = await get("/api/events", { ...f, place: p.name, limit: 50 });
    for (const ev of r.items) panel.append(eventCard(ev, { maxMentions: 2 }));
  }
}
