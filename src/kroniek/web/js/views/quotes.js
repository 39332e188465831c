// Quote browser: who said what, grouped by speaker, each quote linked to its sentence.
import { get } from "../api.js";
import { h, message, hrefWith, sentenceHref, pct, markedSentence } from "../dom.js";

function quoteCard(q) {
  return h("article", { class: "quote card" }, [
    h("blockquote", { lang: "nl" }, q.text),
    q.sentence_text && q.sentence_text.trim() !== q.text.trim()
      ? h("p", { class: "q-context", lang: "nl" }, ["in context: ", markedSentence(q.sentence_text, null, null, null)]) : null,
    h("div", { class: "q-meta" }, [
      h("a", { class: "speaker", href: hrefWith("quotes", { speaker: q.speaker_actor || q.speaker || "" }) },
        q.speaker || "unknown speaker"),
      q.cue ? h("span", { class: "cue" }, `“${q.cue}”`) : null,
      h("span", { class: "kind" }, q.kind),
      q.published_at ? h("time", {}, String(q.published_at).slice(0, 10)) : null,
      q.confidence !== undefined ? h("span", { class: "conf", title: q.reason || "" }, pct(q.confidence)) : null,
      h("a", { class: "sentence-link", href: sentenceHref(q.article_id, q.sentence, `span:${q.start}-${q.end}`) },
        `${q.article_id} · sentence ${Number(q.sentence) + 1}`),
    ]),
  ]);
}

export async function quotesView(root, { params, isCurrent }) {
  const speaker = params.get("speaker") || "", contains = params.get("contains") || "";
  root.append(h("h1", {}, speaker ? "Quotes by speaker" : "Quotes"));
  const search = h("input", { type: "search", name: "contains", placeholder: "words in the quote", value: contains,
    "aria-label": "search quotes" });
  const form = h("form", { class: "filters", role: "search" }, [
    h("label", {}, [h("span", {}, "contains"), search]),
    speaker ? h("span", { class: "chip" }, ["speaker: ", speaker, " ", h("a", { href: hrefWith("quotes", { contains }) }, "×")]) : null,
  ]);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = hrefWith("quotes", { speaker, contains: search.value.trim() });
  });
  root.append(form);
  // The sidebar counts speakers over the first 1000 quotes: enough to browse by.
  const [all, page] = await Promise.all([
    get("/api/quotes", { limit: 1000 }),
    get("/api/quotes", { speaker, contains, limit: 200 }),
  ]);
  if (!isCurrent()) return;
  const counts = new Map();
  for (const q of all.items) {
    const key = q.speaker_actor || q.speaker || "";
    const c = counts.get(key) || { key, name: q.speaker || "unknown speaker", n: 0 };
    c.n += 1; counts.set(key, c);
  }
  const speakers = [...counts.values()].sort((a, b) => b.n - a.n || a.name.localeCompare(b.name));
  const side = h("nav", { class: "speakers card", "aria-label": "speakers" }, [h("h2", {}, "Speakers"),
    h("ul", {}, speakers.map((sp) => h("li", {}, h("a", {
      href: hrefWith("quotes", { speaker: sp.key, contains }), class: sp.key === speaker ? "active" : null,
    }, [sp.name, h("span", { class: "n" }, String(sp.n))]))))]);
  const list = h("section", { class: "quote-list" });
  if (!page.items.length) list.append(message("No quotes match."));
  for (const q of page.items) list.append(quoteCard(q));
  if (page.next_offset !== null) list.append(message("Showing the first 200 quotes; narrow the search."));
  root.append(h("div", { class: "split left" }, [side, list]));
}
