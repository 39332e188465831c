// One cross-article event as a card, each mention linked to its sentence.
import { h, quadOf, QUAD_LABEL, actorName, pct, sentenceHref, markedSentence, hrefWith } from "./dom.js";

function actorLink(a) {
  if (!a) return h("span", { class: "actor none" }, "—");
  if (!a.id) return h("span", { class: "actor" }, actorName(a));
  return h("a", { class: "actor", href: hrefWith(`actor/${encodeURIComponent(a.id)}`, {}), title: `actor page of ${actorName(a)}` },
    [actorName(a), a.country ? h("span", { class: "cc" }, a.country) : null]);
}

export function mentionItem(m) {
  const start = m.start ?? null;
  // The sentence's own offset is not in the mention; find the trigger inside it.
  let sentStart = null;
  if (m.sentence_text && m.text) {
    const i = m.sentence_text.indexOf(m.text);
    if (i >= 0 && start !== null) sentStart = start - i;
  }
  const href = sentenceHref(m.article_id, m.sentence, start !== null ? `span:${m.start}-${m.end}` : null);
  return h("li", { class: "mention" }, [
    h("a", { class: "sentence-link", href, title: [m.reason, m.merge_rule && `linked: ${m.merge_rule}`].filter(Boolean).join("; ") }, [
      h("span", { class: "src" }, `${m.article_id}${m.lang ? " (" + m.lang + ")" : ""} · sentence ${Number(m.sentence) + 1}`),
    ]),
    " ",
    h("q", { lang: m.lang || "nl" }, markedSentence(m.sentence_text || m.text || "", sentStart, m.start, m.end, "trig")),
  ]);
}

export function eventCard(ev, { maxMentions = 3 } = {}) {
  const quad = quadOf(ev);
  const place = ev.place && (ev.place.name || ev.place);
  const mentions = ev.mentions || [];
  const head = h("div", { class: "ev-head" }, [
    h("span", { class: ["badge", quad], title: QUAD_LABEL[quad] }, ev.type),
    ev.mode ? h("span", { class: "mode" }, ev.mode.replace(/_/g, " ")) : null,
    actorLink(ev.source),
    h("span", { class: "arrow", "aria-label": "acts on" }, "→"),
    actorLink(ev.target),
    h("span", { class: "meta" }, [
      ev.date ? h("time", { datetime: ev.date }, ev.date) : null,
      place ? h("span", { class: "place" }, typeof place === "string" ? place : "") : null,
      ev.confidence !== undefined && ev.confidence !== null ? h("span", { class: "conf", title: "confidence" }, pct(ev.confidence)) : null,
      ev.n_mentions > 1 ? h("span", { class: "nm" }, `${ev.n_mentions} reports`) : null,
    ]),
  ]);
  const list = h("ul", { class: "mentions" }, mentions.slice(0, maxMentions).map(mentionItem));
  if (mentions.length > maxMentions) {
    const more = h("button", { type: "button", class: "linkish" }, `${mentions.length - maxMentions} more reports`);
    more.addEventListener("click", () => {
      for (const m of mentions.slice(maxMentions)) list.append(mentionItem(m));
      more.remove();
    });
    list.append(h("li", {}, more));
  }
  return h("article", { class: ["event", quad], dataset: { eventId: ev.id || "" } }, [head, list]);
}
