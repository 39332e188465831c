// Quote browser: who said what, grouped by speaker, each quote linked to its sentence.
import { get } from "../api.js";
import { downloadLinks } from "../downloads.js";
import { h, message, hrefWith, sentenceHref, pct, markedSentence } from "../dom.js";
import { pager } from "../pager.js";
import { langSelect } from "../filters.js";

const PAGE = 100;

function quoteCard(q) {
  return h("article", { class: "quote card" }, [
    h("blockquote", { lang: q.lang || "nl" }, q.text),
    q.sentence_text && q.sentence_text.trim() !== q.text.trim()
      ? h("p", { class: "q-context", lang: q.lang || "nl" }, ["in context: ", markedSentence(q.sentence_text, null, null, null)]) : null,
    h("div", { class: "q-meta" }, [
      h("a", { class: "speaker", href: hrefWith("quotes", { speaker: q.speaker_actor || q.speaker || "" }) },
        q.speaker || "unknown speaker"),
      q.speaker_actor ? h("a", { class: "actor-page", href: hrefWith(`actor/${encodeURIComponent(q.speaker_actor)}`, {}),
        title: "the speaker's actor page" }, "actor page") : null,
      q.cue ? h("span", { class: "cue" }, `“${q.cue}”`) : null,
      h("span", { class: "kind" }, q.kind),
      q.lang ? h("span", { class: "lang", title: "language of the article" }, q.lang) : null,
      q.published_at ? h("time", {}, String(q.published_at).slice(0, 10)) : null,
      q.confidence !== undefined ? h("span", { class: "conf", title: q.reason || "" }, pct(q.confidence)) : null,
      h("a", { class: "sentence-link", href: sentenceHref(q.article_id, q.sentence, `span:${q.start}-${q.end}`) },
        `${q.article_id} · sentence ${Number(q.sentence) + 1}`),
    ]),
  ]);
}

export async function quotesView(root, { params, isCurrent }) {
  const speaker = params.get("speaker") || "", contains = params.get("contains") || "";
  const noSpeaker = params.get("no_speaker") === "1" ? "1" : "", offset = Math.max(0, Number(params.get("offset")) || 0);
  const lang = params.get("lang") || "";
  root.append(h("h1", {}, speaker ? "Quotes by speaker" : "Quotes"));
  const search = h("input", { type: "search", name: "contains", placeholder: "words in the quote", value: contains,
    "aria-label": "search quotes" });
  const form = h("form", { class: "filters", role: "search" }, [
    h("label", {}, [h("span", {}, "contains"), search]),
    await langSelect(lang),
    speaker ? h("span", { class: "chip" }, ["speaker: ", speaker, " ", h("a", { href: hrefWith("quotes", { contains, lang }) }, "×")]) : null,
    noSpeaker ? h("span", { class: "chip" }, ["unknown speaker ", h("a", { href: hrefWith("quotes", { contains, lang }) }, "×")]) : null,
  ]);
  const go = () => {
    location.hash = hrefWith("quotes", { speaker, no_speaker: noSpeaker, contains: search.value.trim(),
      lang: form.elements.lang.value });
  };
  form.addEventListener("submit", (e) => { e.preventDefault(); go(); });
  form.elements.lang.addEventListener("change", go);
  root.append(form);
  // The sidebar counts the speakers of all quotes (server-side), the list pages through them with its total.
  const shown = { speaker, contains, no_speaker: noSpeaker, lang, limit: PAGE, offset };
  const [counts, page] = await Promise.all([
    get("/api/quotes/speakers", { contains, lang, limit: 200 }),
    get("/api/quotes", shown),
  ]);
  if (!isCurrent()) return;
  root.append(downloadLinks("/api/quotes", shown, "quotes", page.total ?? page.items.length));
  const entries = counts.items.map((sp) => ({ href: hrefWith("quotes", { speaker: sp.key, contains, lang }),
    name: sp.speaker || sp.key, n: sp.n, active: sp.key === speaker }));
  if (counts.unknown) entries.push({ href: hrefWith("quotes", { no_speaker: "1", contains, lang }), name: "unknown speaker",
    n: counts.unknown, active: !!noSpeaker, unknown: true });
  const side = h("nav", { class: "speakers card", "aria-label": "speakers" }, [
    h("h2", {}, `Speakers (${counts.n_speakers})`),
    h("ul", {}, entries.map((sp) => h("li", {}, h("a", { href: sp.href, class: [sp.active ? "active" : null,
      sp.unknown ? "unknown" : null] }, [sp.name, h("span", { class: "n" }, String(sp.n))])))),
    counts.next_offset !== null ? h("p", { class: "more" }, `… and ${counts.n_speakers - counts.items.length} more`) : null]);
  const list = h("section", { class: "quote-list" });
  if (!page.items.length) list.append(message("No quotes match."));
  list.append(pager(page, (o) => hrefWith("quotes", { speaker, contains, no_speaker: noSpeaker, lang, offset: o })));
  for (const q of page.items) list.append(quoteCard(q));
  if (page.items.length > 10) list.append(pager(page, (o) => hrefWith("quotes", { speaker, contains, no_speaker: noSpeaker, lang, offset: o })));
  root.append(h("div", { class: "split left" }, [side, list]));
}
