// Actor network: who acts on whom. Edge width = number of events, colour =
// cooperative / conflictual share; click an edge or actor for its events.
import { get } from "../api.js";
import { h, s, clear, message, hrefWith } from "../dom.js";
import { filterBar, filtersFrom } from "../filters.js";
import { eventCard } from "../eventcard.js";

const MAX_NODES = 120;

function edgeQuad(e) {
  const c = e.n_cooperative || 0, k = e.n_conflictual || 0;
  if (c + k === 0) return "other";
  const share = c / (c + k);
  return share >= 0.67 ? "coop" : share <= 0.33 ? "conf" : "mixed";
}

/** A small deterministic force layout: same data, same picture. */
function layout(nodes, edges, W, H) {
  const n = nodes.length;
  nodes.forEach((d, i) => {
    const a = (2 * Math.PI * i) / n;
    d.x = W / 2 + (W / 3) * Math.cos(a);
    d.y = H / 2 + (H / 3) * Math.sin(a);
  });
  const byId = new Map(nodes.map((d) => [d.id, d]));
  const links = edges.map((e) => [byId.get(e.source), byId.get(e.target)]).filter(([a, b]) => a && b && a !== b);
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.55;
  for (let it = 0, t = W / 8; it < 300; it++, t *= 0.985) {
    for (const d of nodes) { d.dx = 0; d.dy = 0; }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        const dist = Math.max(1, Math.hypot(dx, dy));
        const f = (k * k) / dist;
        dx /= dist; dy /= dist;
        a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
      }
    }
    for (const [a, b] of links) {
      let dx = a.x - b.x, dy = a.y - b.y;
      const dist = Math.max(1, Math.hypot(dx, dy));
      const f = (dist * dist) / k;
      dx /= dist; dy /= dist;
      a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
    }
    for (const d of nodes) {
      d.dx += (W / 2 - d.x) * 0.02 * k / 10; d.dy += (H / 2 - d.y) * 0.02 * k / 10;
      const len = Math.max(1e-9, Math.hypot(d.dx, d.dy));
      d.x += (d.dx / len) * Math.min(len, t);
      d.y += (d.dy / len) * Math.min(len, t);
    }
  }
  // Fit into the box with a margin for labels.
  const xs = nodes.map((d) => d.x), ys = nodes.map((d) => d.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const m = 70;
  for (const d of nodes) {
    d.x = x1 > x0 ? m + ((d.x - x0) / (x1 - x0)) * (W - 2 * m) : W / 2;
    d.y = y1 > y0 ? m / 1.5 + ((d.y - y0) / (y1 - y0)) * (H - 1.33 * m) : H / 2;
  }
}

export async function networkView(root, { params, isCurrent }) {
  const f = filtersFrom(params, ["actor", "type", "since", "until", "min_events"]);
  root.append(h("h1", {}, "Actor network"), await filterBar("network", params, ["actor", "type", "since", "until"]));
  const net = await get("/api/network", f);
  if (!isCurrent()) return;
  let nodes = net.nodes.slice().sort((a, b) => (b.n_events || 0) - (a.n_events || 0)).slice(0, MAX_NODES);
  const keep = new Set(nodes.map((d) => d.id));
  const edges = net.edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  root.append(h("p", { class: "summary" }, [
    `${net.nodes.length} actors, ${net.edges.length} directed relations. Arrow = who acts on whom; width = events; `,
    h("span", { class: "swatch coop" }), "cooperative, ", h("span", { class: "swatch mixed" }), "mixed, ",
    h("span", { class: "swatch conf" }), "conflictual.",
    net.nodes.length > MAX_NODES ? ` Showing the ${MAX_NODES} most active actors.` : "",
  ]));
  if (!edges.length) { root.append(message("No actor-to-actor events match these filters.")); return; }

  const W = 900, H = 560;
  layout(nodes, edges, W, H);
  const byId = new Map(nodes.map((d) => [d.id, d]));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "net", role: "img", "aria-label": "actor network" });
  const defs = s("defs");
  for (const q of ["coop", "conf", "mixed", "other"]) {
    defs.append(s("marker", { id: `arrow-${q}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
      orient: "auto-start-reverse", class: `arrowhead ${q}` }, [s("path", { d: "M0,0 L10,5 L0,10 z" })]));
  }
  svg.append(defs);
  const panel = h("aside", { class: "panel card" }, [
    h("h2", {}, "Details"), message("Click an arrow to list the events between two actors, or an actor for all its events."),
  ]);
  const radius = (d) => 6 + 3 * Math.sqrt(d.n_events || 1);
  const pairs = new Set(edges.map((e) => `${e.source}\u0000${e.target}`));
  const gEdges = s("g", { class: "edges" }), gNodes = s("g", { class: "nodes" });

  for (const e of edges) {
    const a = byId.get(e.source), b = byId.get(e.target);
    const q = edgeQuad(e);
    const dx = b.x - a.x, dy = b.y - a.y, len = Math.max(1, Math.hypot(dx, dy));
    const ra = radius(a), rb = radius(b) + 2;
    const sx = a.x + (dx / len) * ra, sy = a.y + (dy / len) * ra;
    const tx = b.x - (dx / len) * rb, ty = b.y - (dy / len) * rb;
    const bend = pairs.has(`${e.target}\u0000${e.source}`) ? 0.18 : 0;  // curve two-way pairs apart
    const mx = (sx + tx) / 2 - dy * bend, my = (sy + ty) / 2 + dx * bend;
    const path = s("path", {
      d: `M${sx},${sy} Q${mx},${my} ${tx},${ty}`, class: ["edge", q],
      "stroke-width": 1.2 + 1.8 * Math.sqrt(e.n_events), "marker-end": `url(#arrow-${q})`,
      tabindex: 0, role: "button", dataset: { source: e.source, target: e.target },
    }, [s("title", {}, `${a.name} → ${b.name}: ${e.n_events} events (${e.n_cooperative || 0} cooperative, ${e.n_conflictual || 0} conflictual)${e.types && e.types.length ? "; " + e.types.join(", ") : ""}`)]);
    path.addEventListener("click", () => showEdge(e, a, b));
    gEdges.append(path);
  }
  for (const d of nodes) {
    const g = s("g", { class: "node", transform: `translate(${d.x},${d.y})`, tabindex: 0, role: "button",
      dataset: { id: d.id } }, [
      s("circle", { r: radius(d), class: `t-${(d.type || "other").replace(/[^a-z_]/gi, "")}` }),
      s("text", { y: -radius(d) - 4, "text-anchor": "middle", class: "label" }, d.name),
      s("title", {}, `${d.name}${d.country ? " (" + d.country + ")" : ""}: ${d.n_events} events`),
    ]);
    g.addEventListener("click", () => showActor(d));
    g.addEventListener("mouseenter", () => mark(d.id, true));
    g.addEventListener("mouseleave", () => mark(d.id, false));
    gNodes.append(g);
  }
  function mark(id, on) {
    for (const p of gEdges.children) {
      p.classList.toggle("hot", on && (p.dataset.source === id || p.dataset.target === id));
    }
  }
  svg.append(gEdges, gNodes);
  root.append(h("div", { class: "split" }, [h("div", { class: "card" }, svg), panel]));

  async function showEvents(title, sub, query) {
    clear(panel).append(h("h2", {}, title), sub);
    const r = await get("/api/events", { ...filtersFrom(params, ["type", "since", "until"]), ...query, limit: 50 });
    for (const ev of r.items) panel.append(eventCard(ev, { maxMentions: 2 }));
    if (r.next_offset !== null) panel.append(message("Showing the first 50 events."));
  }
  function showEdge(e, a, b) {
    showEvents(`${a.name} → ${b.name}`,
      h("p", { class: "summary" }, `${e.n_events} events: ${e.n_cooperative || 0} cooperative, ${e.n_conflictual || 0} conflictual`),
      { source: e.source, target: e.target });
  }
  function showActor(d) {
    showEvents(d.name, h("p", { class: "summary" }, [
      `${d.type || "actor"}${d.country ? ", " + d.country : ""} · ${d.n_events} events · `,
      h("a", { href: hrefWith("timeline", { actor: d.id }) }, "timeline"), " · ",
      h("a", { href: hrefWith("network", { actor: d.id }) }, "its network"),
    ]), { actor: d.id });
  }
}
