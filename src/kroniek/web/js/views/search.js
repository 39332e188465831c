// Full-text search over articles, quotes and events (GET /api/search): each hit in its sentence,
// the matching words marked. Hit offsets come from the server; the text is inserted as text nodes
// around <mark> elements, never as markup.
import { get } from "../api.js";
import { downloadLinks } from "../downloads.js";
import { h, message, hrefWith, sentenceHref } from "../dom.js";
import { pager } from "../pager.js";
import { langSelect } from "../filters.js";
import { actorSearch } from "../actorsearch.js";

const PAGE = 20;
const KINDS = [["", "all"], ["article", "articles"], ["quote", "quotes"], ["event", "events"]];

/** The snippet's text with its highlight spans wrapped in <mark>. */
export function highlighted(snippet) {
  const out = h("span", { class: "snippet" });
  const text = snippet.text || "";
  let last = 0;
  for (const [s, e] of snippet.highlights || []) {
    if (s > last) out.append(document.createTextNode(text.slice(last, s)));
    out.append(h("mark", {}, text.slice(s, e)));
    last = e;
  }
  out.append(document.createTextNode(text.slice(last)));
  return out;
}

function label(item) {
  if (item.kind === "quote") return item.speaker || "unknown speaker";
  if (item.kind === "event") {
    return [item.source && item.source.name, item.type, item.target && item.target.name].filter(Boolean).join(" · ");
  }
  return item.title || item.id;
}

/** The speaker's name for the chip (the id itself if the actor search does not know it). */
async function speakerName(id) {
  try {
    const a = (await get("/api/actors", { q: id, limit: 1 })).items[0];
    if (a && a.id === id) return a.name;
  } catch (_) { /* shown by id */ }
  return id;
}

export async function searchView(root, { params, isCurrent }) {
  const q = params.get("q") || "", sort = params.get("sort") || "relevance";
  const offset = Number(params.get("offset") || 0), lang = params.get("lang") || "";
  // a speaker (an actor id, picked below): every quote by that actor mentioning the query
  const speaker = params.get("speaker") || "";
  const kind = speaker ? "quote" : params.get("kind") || "";
  root.append(h("h1", {}, "Search"));
  const input = h("input", { type: "search", name: "q", value: q, placeholder: 'words, "a phrase", OR, -word',
    "aria-label": "search query" });
  const sortSel = h("select", { name: "sort", "aria-label": "sort" },
    [["relevance", "relevance"], ["-date", "newest first"], ["date", "oldest first"]].map(([v, t]) =>
      h("option", { value: v, selected: v === sort }, t)));
  const namePromise = speaker ? speakerName(speaker) : null;
  const picker = actorSearch({ id: "f-speaker-q", label: "quotes by", placeholder: "speaker, e.g. Baudet",
    onPick: (a) => { location.hash = hrefWith("search", { q: input.value.trim() || q, sort: sortSel.value,
      lang: form.elements.lang.value, speaker: a.id }); } });
  const chip = speaker ? h("span", { class: "chip speaker-chip", dataset: { speaker } }, ["quotes by ",
    h("strong", {}, await namePromise), " ", h("a", { href: hrefWith("search", { q, sort, lang }), title: "any speaker" }, "×")]) : null;
  const form = h("form", { class: "filters", role: "search" }, [
    h("label", {}, [h("span", {}, "search"), input]), h("label", {}, [h("span", {}, "sort"), sortSel]),
    await langSelect(lang), picker, chip, h("button", { type: "submit" }, "Search")]);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = hrefWith("search", { q: input.value.trim(), kind, sort: sortSel.value, lang: form.elements.lang.value,
      speaker });
  });
  root.append(form);
  if (!q) { root.append(message("Type words to search articles, quotes and events (accents and case do not matter).")); return; }
  const r = await get("/api/search", { q, kind, sort, lang, speaker, limit: PAGE, offset });
  if (!isCurrent()) return;
  root.append(downloadLinks("/api/search", { q, kind, sort, lang, speaker }, "hits", Math.min(r.total, 10100)));
  // with a speaker only quotes are searched: one tab
  const tabs = h("p", { class: "search-kinds" }, KINDS.filter(([k]) => !speaker || k === "quote").map(([k, t]) => {
    const n = k ? r.totals[k] : null;
    return h("a", { href: hrefWith("search", { q, kind: k, sort, lang, speaker }), class: k === kind ? "active" : null,
      dataset: { kind: k || "all" } }, n === null || n === undefined ? t : `${t} (${n})`);
  }));
  root.append(tabs);
  root.append(h("p", { class: "search-total", dataset: { total: r.total } },
    r.total ? `${offset + 1}–${offset + r.items.length} of ${r.total} hits for ${r.query}${speaker ? " in quotes by " + (chip ? chip.querySelector("strong").textContent : speaker) : ""}`
      : `No hits for ${r.query}${speaker ? " in quotes by this speaker" : ""}.`));
  const list = h("ol", { class: "search-hits", start: offset + 1 }, r.items.map((it) => {
    const item = it.kind === "quote" ? `quote:${String(it.id).split("/q").pop()}` : null;
    return h("li", { class: `hit hit-${it.kind}`, dataset: { kind: it.kind } }, [
      h("div", { class: "hit-head" }, [
        h("span", { class: "hit-kind" }, it.kind), " ", h("span", { class: "hit-date" }, it.date || "?"), " ",
        h("span", { class: "hit-lang" }, it.lang || ""), " ",
        h("a", { href: sentenceHref(it.article_id, it.snippet.sentence, item), class: "hit-link" }, label(it)),
      ]),
      h("div", { class: "hit-context", lang: it.lang || "nl" }, highlighted(it.snippet)),
    ]);
  }));
  root.append(list);
  root.append(pager(r, (o) => hrefWith("search", { q, kind, sort, lang, speaker, offset: o })));
}
