// Article list with search and paging.
import { get } from "../api.js";
import { h, message, hrefWith } from "../dom.js";
import { pager } from "../pager.js";
import { downloadLinks } from "../downloads.js";
import { langSelect } from "../filters.js";

const PAGE = 50;

export async function articlesView(root, { params, isCurrent }) {
  const contains = params.get("contains") || "", offset = Number(params.get("offset") || 0);
  const since = params.get("since") || "", until = params.get("until") || "", lang = params.get("lang") || "";
  root.append(h("h1", {}, "Articles"));
  const search = h("input", { type: "search", name: "contains", value: contains, placeholder: "words in title or text",
    "aria-label": "search articles" });
  const langLabel = await langSelect(lang);
  const form = h("form", { class: "filters", role: "search" }, [h("label", {}, [h("span", {}, "contains"), search]),
    langLabel]);
  const go = () => { location.hash = hrefWith("articles", { contains: search.value.trim(), since, until,
    lang: form.elements.lang.value }); };
  form.addEventListener("submit", (e) => { e.preventDefault(); go(); });
  form.elements.lang.addEventListener("change", go);
  root.append(form);
  const r = await get("/api/articles", { contains, since, until, lang, limit: PAGE, offset });
  if (!isCurrent()) return;
  root.append(downloadLinks("/api/articles", { contains, since, until, lang }, "articles", r.total ?? r.items.length));
  if (!r.items.length) { root.append(message("No articles.")); return; }
  const rows = r.items.map((a) => h("tr", {}, [
    h("td", {}, a.published_at ? String(a.published_at).slice(0, 10) : ""),
    h("td", {}, h("a", { href: `#/article/${encodeURIComponent(a.id)}`, class: "article-link", lang: a.lang || "nl" },
      a.title || a.id)),
    h("td", { class: "lang" }, a.lang || ""),
    h("td", {}, a.source || ""),
    h("td", { class: "num" }, String(a.n_events ?? "")),
    h("td", { class: "num" }, String(a.n_quotes ?? "")),
    h("td", { class: "num" }, String(a.n_entities ?? "")),
  ]));
  root.append(h("table", { class: "articles card" }, [
    h("thead", {}, h("tr", {}, ["date", "title", "language", "source", "events", "quotes", "entities"].map((t) => h("th", {}, t)))),
    h("tbody", {}, rows),
  ]));
  root.append(pager(r, (o) => hrefWith("articles", { contains, since, until, lang, offset: o })));
}
