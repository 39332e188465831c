// Hash router: every view is a URL (#/timeline?actor=..., #/article/ID?s=3),
// so any item can be linked to and the back button works.
import { get } from "./api.js";
import { clear, message } from "./dom.js";
import { timelineView } from "./views/timeline.js";
import { networkView } from "./views/network.js";
import { mapView } from "./views/map.js";
import { quotesView } from "./views/quotes.js";
import { articlesView } from "./views/articles.js";
import { articleView } from "./views/article.js";
import { analyzeView } from "./views/analyze.js";
import { countsView } from "./views/counts.js";
import { searchView } from "./views/search.js";
import { actorView } from "./views/actor.js";

const ROUTES = {
  timeline: timelineView,
  network: networkView,
  map: mapView,
  quotes: quotesView,
  articles: articlesView,
  article: articleView,
  analyze: analyzeView,
  counts: countsView,
  search: searchView,
  actor: actorView,
};

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, qs] = raw.split("?");
  const parts = (path || "timeline").split("/").map(decodeURIComponent);
  return { name: parts[0], args: parts.slice(1), params: new URLSearchParams(qs || "") };
}

let renderSeq = 0;

async function render() {
  const { name, args, params } = parseHash();
  const view = ROUTES[name];
  const root = document.getElementById("view");
  for (const a of document.querySelectorAll("#nav a")) {
    const active = a.dataset.route === name || (name === "article" && a.dataset.route === "articles");
    a.classList.toggle("active", active);
  }
  const seq = ++renderSeq;
  const container = document.createElement("div");
  container.className = `view view-${name}`;
  clear(root).append(container);
  if (!view) { container.append(message("Unknown page.", "error")); return; }
  document.body.dataset.view = name;
  document.body.dataset.ready = "0";
  try {
    await view(container, { args, params, isCurrent: () => seq === renderSeq });
  } catch (err) {
    if (seq !== renderSeq) return;
    container.append(message(`Could not load: ${err.message}`, "error"));
  }
  if (seq === renderSeq) document.body.dataset.ready = "1";
}

async function stats() {
  try {
    const m = await get("/api/meta");
    const c = m.counts || {};
    document.getElementById("stats").textContent =
      `${c.articles ?? "?"} articles · ${c.events ?? "?"} events · ${c.quotes ?? "?"} quotes · ${c.actors ?? "?"} actors`;
  } catch (err) {
    document.getElementById("stats").textContent = err.status === 503 ? "no database loaded" : "";
  }
}

window.addEventListener("hashchange", render);
render();
stats();
