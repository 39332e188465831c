// Actor network: who acts on whom, drawn with sigma.js (WebGL) over a graphology
// graph, so thousands of actors stay responsive. Node size = events, edge width =
// events, edge colour = cooperative / mixed / conflictual share; labels are placed
// by sigma's label grid (no two overlap; more appear as you zoom in). The
// "minimum events per relation" control is the API's `min_events`, kept in the URL; the
// "actors shown" control (`top`, default DEFAULT_TOP) draws the actors with most events and the
// relations among them, and the page says how many of all it shows.
//
// Drawing without a GPU (headless or software WebGL), most of a first frame is the GPU process
// compiling sigma's shaders, and the page's main thread waits for it when the canvases are composited.
// So the renderer is made at once, on a two-node graph drawn in the background colour, while the
// requests are in flight: the shaders are compiled during the wait, and the real graph is handed to
// the same renderer (`setGraph`) when it arrives. The hover layer's canvas stays out of the
// composited page until the first hover (it is empty until then). Sigma's edge events are off (they
// double the edge shaders, for a picking pass): a click on the stage picks the relation whose line
// passes nearest the pointer, in a few lines of geometry over the drawn positions (`edgeAt`).
import { get } from "../api.js";
import { downloadLinks } from "../downloads.js";
import { h, clear, message, hrefWith } from "../dom.js";
import { filterBar, filtersFrom } from "../filters.js";
import { eventCard } from "../eventcard.js";
import { need } from "../charts/libs.js";

const BACKGROUND = "#fbfcfd";  // .net-box's background (charts.css)
const EDGE_COLOURS = { coop: "#2f6db5", mixed: "#9b6bb0", conf: "#c8402f", other: "#9aa3ae" };
const NODE_COLOURS = { state: "#41566e", person: "#b3771d", organisation: "#2f8a6b", armed_group: "#8e2c2c" };
const TOP_RELATIONS = 25;
export const DEFAULT_TOP = 100;  // actors drawn unless the URL asks for another number (top=all: every actor)
// ForceAtlas2 costs about n² per iteration (n nodes): the graph is drawn after a first pass of about
// FIRST_PAIRS node pairs; once that picture is on screen the rest of the layout runs on a copy of the
// graph in short tasks of about STEP_PAIRS (the page stays responsive) and is drawn once at the end
// (each redraw of sigma's WebGL layers costs a frame, dearly so without a GPU).
const FIRST_PAIRS = 6e6, STEP_PAIRS = 2e6;
let current = null;  // the sigma renderer of the page shown, killed before the next one (WebGL contexts are few)

function edgeQuad(e) {
  const c = e.n_cooperative || 0, k = e.n_conflictual || 0;
  if (c + k === 0) return "other";
  const share = c / (c + k);
  return share >= 0.67 ? "coop" : share <= 0.33 ? "conf" : "mixed";
}

function minEventsControl(form, value, top) {
  const input = h("input", { type: "number", name: "min_events", id: "f-min-events", min: 1, step: 1, value: value || 1 });
  form.querySelector(".reset").before(h("label", { title: "hide relations with fewer events (the API's min_events)" },
    [h("span", {}, "min. events per relation"), input]));
  const shown = h("input", { type: "text", name: "top", id: "f-top", inputmode: "numeric", value: top || "all",
    pattern: "[0-9]+|all", size: 5 });
  form.querySelector(".reset").before(h("label", { title: "draw the actors with most events and the relations among them (all: every actor)" },
    [h("span", {}, "actors shown"), shown]));
}

/** The edge of `G` drawn nearest the viewport point (x, y), if its line passes within a few pixels. */
function edgeAt(renderer, G, x, y) {
  let best = null, bestD = Infinity;
  G.forEachEdge((edge, attrs, source, target) => {
    const a = renderer.getNodeDisplayData(source), b = renderer.getNodeDisplayData(target);
    if (!a || !b || a.hidden || b.hidden || attrs.hidden) return;
    const p = renderer.framedGraphToViewport(a), q = renderer.framedGraphToViewport(b);
    const dx = q.x - p.x, dy = q.y - p.y, len2 = dx * dx + dy * dy;
    const t = len2 ? Math.max(0, Math.min(1, ((x - p.x) * dx + (y - p.y) * dy) / len2)) : 0;
    const d = Math.hypot(x - (p.x + t * dx), y - (p.y + t * dy));
    if (d < bestD) { bestD = d; best = edge; }
  });
  return best !== null && bestD <= Math.max(5, G.getEdgeAttribute(best, "size")) ? best : null;
}

/** The renderer on a two-node graph in the background colour: its shaders compile while the data are fetched. */
function warmRenderer(box) {
  const W = new window.graphology.Graph({ type: "directed" });
  W.addNode("warm-a", { x: 0, y: 0, size: 1, color: BACKGROUND, label: "" });
  W.addNode("warm-b", { x: 1, y: 1, size: 1, color: BACKGROUND, label: "" });
  W.addDirectedEdge("warm-a", "warm-b", { size: 1, color: BACKGROUND, type: "arrow" });
  const renderer = new window.Sigma(W, box, {
    renderEdgeLabels: false, enableEdgeEvents: false, defaultEdgeType: "arrow",
    labelDensity: 0.6, labelGridCellSize: 90, labelRenderedSizeThreshold: 7, labelSize: 13, labelWeight: "600",
    labelFont: "system-ui, sans-serif", zIndex: true,
    // every edge is an arrow; sigma also compiles its default "line" program: the simplest one will do
    ...(window.Sigma.rendering && window.Sigma.rendering.EdgeLineProgram
      ? { edgeProgramClasses: { line: window.Sigma.rendering.EdgeLineProgram } } : {}),
  });
  // empty until a node is hovered: kept out of the composited page until then
  const hover = renderer.getCanvases().hoverNodes;
  if (hover) hover.style.display = "none";
  renderer.once("enterNode", () => { if (hover) hover.style.display = ""; });
  return renderer;
}

/**
 * A graphology graph of the answer, laid out in a circle and then by a first pass of ForceAtlas2; the
 * rest of the layout (more ForceAtlas2, then no overlap) is done by `refine`: same data, same picture.
 */
function buildGraph(net) {
  const G = new window.graphology.Graph({ type: "directed", multi: false });
  const maxN = Math.max(1, ...net.nodes.map((d) => d.n_events || 1));
  for (const d of net.nodes) {
    G.addNode(d.id, { label: d.name || d.id, size: 3 + 14 * Math.sqrt((d.n_events || 1) / maxN),
      color: NODE_COLOURS[d.type] || "#6c7a89", x: 0, y: 0, data: d });
  }
  const maxE = Math.max(1, ...net.edges.map((e) => e.n_events));
  for (const e of net.edges) {
    if (e.source === e.target || !G.hasNode(e.source) || !G.hasNode(e.target)) continue;
    G.addDirectedEdge(e.source, e.target, { size: 1 + 5 * Math.sqrt(e.n_events / maxE), color: EDGE_COLOURS[edgeQuad(e)],
      type: "arrow", data: e });
  }
  const lib = window.graphologyLibrary;
  lib.layout.circular.assign(G);
  const layout = { left: G.order > 1 ? (G.order > 2000 ? 60 : 150) : 0, step: 1, settings: null };
  if (layout.left) {
    layout.settings = { ...lib.layoutForceAtlas2.inferSettings(G), strongGravityMode: true, gravity: 0.4 };
    const pairs = G.order * G.order;
    const first = Math.min(layout.left, Math.max(10, Math.round(FIRST_PAIRS / pairs)));
    layout.step = Math.max(1, Math.round(STEP_PAIRS / pairs));
    lib.layoutForceAtlas2.assign(G, { iterations: first, settings: layout.settings });
    layout.left -= first;
  }
  return { G, layout };
}

/**
 * Finish the layout once the first picture has been drawn: the rest of ForceAtlas2 on a copy of the
 * graph, `layout.step` iterations a task, then no overlap, and the positions moved to the shown graph
 * in one update (one redraw); the box gets `data-layout="done"` then. Stops when another page has
 * replaced this renderer.
 */
function refine(G, layout, renderer, box) {
  const lib = window.graphologyLibrary;
  const L = G.copy();
  const step = () => {
    if (current !== renderer || !box.isConnected) return;
    if (layout.left > 0) {
      const n = Math.min(layout.step, layout.left);
      lib.layoutForceAtlas2.assign(L, { iterations: n, settings: layout.settings });
      layout.left -= n;
      setTimeout(step, 0);
      return;
    }
    if (L.order > 1) lib.layoutNoverlap.assign(L, { maxIterations: 50, settings: { ratio: 1.4, margin: 2 } });
    G.updateEachNodeAttributes((node, attrs) => ({ ...attrs, x: L.getNodeAttribute(node, "x"), y: L.getNodeAttribute(node, "y") }));
    box.dataset.layout = "done";
  };
  requestAnimationFrame(() => setTimeout(step, 0));
}

export async function networkView(root, { params, isCurrent }) {
  if (current) { current.kill(); current = null; }
  const f = filtersFrom(params, ["actor", "type", "lang", "since", "until", "min_events"]);
  const topParam = params.get("top") || String(DEFAULT_TOP);
  const top = /^[1-9][0-9]*$/.test(topParam) ? Number(topParam) : null;  // "all" (or anything else): every actor
  if (top !== null) f.top = top;
  // asked at once, while the filter bar asks for its counts (not one after the other)
  const data = get("/api/network", f);
  // the actor filter as a search box (no list of 1,000 actors to fetch and build)
  const formReady = filterBar("network", params, ["actor-search", "type", "lang", "since", "until"]);
  for (const p of [data, formReady]) p.catch(() => {});  // a failure is shown when awaited below, not reported twice
  root.append(h("h1", {}, "Actor network"));
  await need("sigma");
  // the graph's box first, with a renderer warming up in it (see the top of this file)
  const box = h("div", { class: "net-box", role: "img", "aria-label": "actor network" });
  const panel = h("aside", { class: "panel card" }, [
    h("h2", {}, "Details"), message("Click an actor or a relation (in the graph or the list) for its events."),
  ]);
  const graphCard = h("div", { class: "card" }, [box]);
  const split = h("div", { class: "split" }, [graphCard, panel]);
  root.append(split);
  const renderer = warmRenderer(box);
  current = renderer;
  let form, net;
  try {
    [form, net] = await Promise.all([formReady, data]);
  } catch (err) {
    split.remove();
    throw err;
  } finally {
    if (!isCurrent() && current === renderer) { renderer.kill(); current = null; }
  }
  if (!isCurrent()) return;
  minEventsControl(form, params.get("min_events"), top);
  const minEvents = Number(params.get("min_events") || 1);
  const total = net.total || { nodes: net.nodes.length, edges: net.edges.length };
  const part = net.nodes.length < total.nodes;
  const allHref = hrefWith("network", { ...Object.fromEntries(params), top: "all" });
  split.before(form, downloadLinks("/api/network", f, `these ${net.edges.length} relations`),
    h("p", { class: "summary", dataset: { nodes: net.nodes.length, edges: net.edges.length, totalNodes: total.nodes,
      totalEdges: total.edges } }, [
      part ? `Showing ${net.nodes.length} of ${total.nodes} actors and ${net.edges.length} of ${total.edges} directed relations`
        : `${net.nodes.length} actors, ${net.edges.length} directed relations`,
      ` with at least ${minEvents} event${minEvents > 1 ? "s" : ""}`,
      part ? `: the relations among the ${top} actors with most events. ` : ". ",
      part ? h("a", { href: allHref, class: "show-all" }, `Show all ${total.nodes} actors`) : null, part ? ". " : null,
      "Node size and edge width = events; ",
      h("span", { class: "swatch coop" }), "cooperative, ", h("span", { class: "swatch mixed" }), "mixed, ",
      h("span", { class: "swatch conf" }), "conflictual. Scroll to zoom (more labels appear), drag to pan.",
    ]));
  if (!net.edges.length) {
    renderer.kill(); current = null; split.remove();
    root.append(message("No actor-to-actor events match these filters."));
    return;
  }

  const { G, layout } = buildGraph(net);
  Object.assign(box.dataset, { nodes: G.order, edges: G.size });
  const strongest = net.edges.slice(0, TOP_RELATIONS);
  const names = new Map(net.nodes.map((d) => [d.id, d.name || d.id]));
  const relations = h("ol", { class: "relations" }, strongest.map((e) => h("li", {}, h("button", {
    type: "button", class: ["relation", edgeQuad(e)], dataset: { source: e.source, target: e.target },
    onclick: () => showEdge(e),
  }, `${names.get(e.source)} → ${names.get(e.target)} (${e.n_events})`))));
  graphCard.append(h("h2", {}, `Strongest relations`), relations);

  let hovered = null;
  renderer.setSetting("nodeReducer", (node, attrs) =>
    hovered && node !== hovered && !G.areNeighbors(node, hovered) ? { ...attrs, label: "", color: "#d5dae0" } : attrs);
  renderer.setSetting("edgeReducer", (edge, attrs) =>
    hovered && !G.hasExtremity(edge, hovered) ? { ...attrs, hidden: true } : attrs);
  renderer.setGraph(G);
  refine(G, layout, renderer, box);
  renderer.on("enterNode", ({ node }) => { hovered = node; renderer.refresh({ skipIndexation: true }); });
  renderer.on("leaveNode", () => { hovered = null; renderer.refresh({ skipIndexation: true }); });
  renderer.on("clickNode", ({ node }) => showActor(G.getNodeAttribute(node, "data")));
  renderer.on("clickStage", ({ event }) => {
    const edge = edgeAt(renderer, G, event.x, event.y);
    if (edge !== null) showEdge(G.getEdgeAttribute(edge, "data"));
  });

  async function showEvents(title, sub, query) {
    clear(panel).append(h("h2", {}, title), sub);
    const r = await get("/api/events", { ...filtersFrom(params, ["type", "lang", "since", "until"]), ...query, limit: 50 });
    for (const ev of r.items) panel.append(eventCard(ev, { maxMentions: 2 }));
    if (r.next_offset !== null) panel.append(message("Showing the first 50 events."));
  }
  function showEdge(e) {
    showEvents(`${names.get(e.source)} → ${names.get(e.target)}`,
      h("p", { class: "summary" }, `${e.n_events} events: ${e.n_cooperative || 0} cooperative, ${e.n_conflictual || 0} conflictual`),
      { source: e.source, target: e.target });
  }
  function showActor(d) {
    showEvents(d.name, h("p", { class: "summary" }, [
      `${d.type || "actor"}${d.country ? ", " + d.country : ""} · ${d.n_events} events · `,
      h("a", { href: hrefWith("timeline", { actor: d.id }) }, "timeline"), " · ",
      h("a", { href: hrefWith("network", { actor: d.id }) }, "its network"), " · ",
      h("a", { href: hrefWith(`actor/${encodeURIComponent(d.id)}`, {}), class: "actor-page" }, "actor page"),
    ]), { actor: d.id });
  }
}
