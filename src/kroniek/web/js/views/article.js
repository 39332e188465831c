// Article view: the text with every extracted item highlighted in place and
// listed beside it; a record and its span select each other. `?s=N` focuses
// sentence N, `?item=event:2` or `?item=span:START-END` selects a record.
import { get } from "../api.js";
import { h, clear, message, quadOf, QUAD_LABEL, pct, sentenceHref, hrefWith } from "../dom.js";
import { mentionItem } from "../eventcard.js";

const LAYERS = [
  ["event", "events", "events"],
  ["quote", "quotes", "quotes"],
  ["ent", "entities", "entities"],
  ["timex", "timexes", "time expressions"],
  ["place", "places", "places"],
];

function eventIdOf(a, i) {
  const ids = a.event_ids;
  if (!ids) return null;
  return Array.isArray(ids) ? ids[i] ?? null : ids[i] ?? ids[String(i)] ?? null;
}

/** Spans of all records: [{key, layer, start, end, cls}]. */
function collectSpans(a, crossQuad) {
  const spans = [];
  const add = (key, layer, start, end, cls) => {
    if (Number.isInteger(start) && Number.isInteger(end) && end > start) spans.push({ key, layer, start, end, cls });
  };
  (a.entities || []).forEach((e, i) => add(`ent:${i}`, "ent", e.start, e.end, `lab-${e.label}`));
  (a.quotes || []).forEach((q, i) => {
    add(`quote:${i}`, "quote", q.start, q.end, "");
    if (q.speaker_start !== null && q.speaker_start !== undefined) add(`quote:${i}`, "speaker", q.speaker_start, q.speaker_end, "");
  });
  (a.timexes || []).forEach((t, i) => add(`timex:${i}`, "timex", t.start, t.end, ""));
  (a.places || []).forEach((p, i) => add(`place:${i}`, "place", p.start, p.end, ""));
  (a.events || []).forEach((ev, i) => {
    const q = crossQuad.get(eventIdOf(a, i)) || quadOf(ev);
    add(`event:${i}`, "event", ev.start, ev.end, `ev-${q}`);
    for (const role of ["source", "target"]) {
      const r = ev[role];
      if (r && Number.isInteger(r.start)) add(`event:${i}`, "role", r.start, r.end, `role-${role}`);
    }
  });
  return spans;
}

/** The text as paragraphs of sentences of segments; each segment knows the records covering it. */
function renderText(a, spans) {
  const text = a.text || "";
  const sents = (a.sentences && a.sentences.length) ? a.sentences : [{ start: 0, end: text.length, paragraph: 0 }];
  const box = h("div", { class: "atext", lang: a.lang || "nl" });
  let para = null, paraNo = null, pos = 0;
  const segs = (from, to) => {
    const inside = spans.filter((sp) => sp.start < to && sp.end > from);
    const cuts = new Set([from, to]);
    for (const sp of inside) { if (sp.start > from) cuts.add(sp.start); if (sp.end < to) cuts.add(sp.end); }
    const pts = [...cuts].sort((x, y) => x - y);
    const out = [];
    for (let i = 0; i < pts.length - 1; i++) {
      const [x, y] = [pts[i], pts[i + 1]];
      const cover = inside.filter((sp) => sp.start <= x && sp.end >= y);
      const chunk = text.slice(x, y);
      if (!cover.length) { out.push(document.createTextNode(chunk)); continue; }
      const cls = new Set(["seg"]);
      for (const sp of cover) { cls.add(`l-${sp.layer}`); if (sp.cls) cls.add(sp.cls); }
      out.push(h("span", { class: [...cls].join(" "), dataset: { keys: [...new Set(cover.map((c) => c.key))].join(" ") } }, chunk));
    }
    return out;
  };
  sents.forEach((st, i) => {
    if (para === null || st.paragraph !== paraNo) {
      para = h("p", { class: "apara" });
      paraNo = st.paragraph;
      box.append(para);
    } else if (st.start > pos) {
      para.append(...segs(pos, st.start));  // the space between two sentences
    }
    para.append(h("span", { class: "sent", id: `s-${i}`, dataset: { sentence: i } }, segs(st.start, st.end)));
    pos = st.end;
  });
  if (pos < text.length && text.slice(pos).trim()) (para || box).append(...segs(pos, text.length));
  return box;
}

function field(label, value) {
  if (value === null || value === undefined || value === "") return null;
  return [h("dt", {}, label), h("dd", {}, value instanceof Node ? value : String(value))];
}

function actorText(r) {
  if (!r) return "—";
  return `${r.name || r.actor || "?"}${r.country ? " (" + r.country + ")" : ""}`;
}

/** Short label of a record for the side list. */
function recordLabel(layer, r) {
  switch (layer) {
    case "event": return [h("span", { class: ["badge", quadOf(r)] }, r.type), ` ${actorText(r.source)} → ${actorText(r.target)}`];
    case "quote": return [h("span", { class: "who" }, r.speaker || "unknown"), `: “${r.text}”`];
    case "ent": return [h("span", { class: ["lab", `lab-${r.label}`] }, r.label), ` ${r.text}`,
      r.canonical && r.canonical !== r.text ? h("span", { class: "canon" }, ` = ${r.canonical}`) : null];
    case "timex": return [h("span", { class: "lab" }, r.type), ` ${r.text}`, r.value ? h("span", { class: "canon" }, ` = ${r.value}`) : null];
    case "place": return [` ${r.text}`, r.name !== r.text ? h("span", { class: "canon" }, ` = ${r.name}`) : null,
      r.country ? h("span", { class: "canon" }, ` (${r.country})`) : null];
    default: return r.text;
  }
}

/** How the article's language was settled (given by the input, or detected with the detector's confidence). */
function langNote(a) {
  const l = a.analyzer && a.analyzer.language;
  if (!l) return "language of the input";
  if (l.source === "detected") return `detected by ${l.detector || "the detector"}, confidence ${pct(l.confidence || 0)}`;
  return "given by the input";
}

export function renderAnalysis(root, a, { params, crossEvents = new Map(), isCurrent = () => true } = {}) {
  const crossQuad = new Map([...crossEvents].map(([id, ev]) => [id, quadOf(ev)]));
  const spans = collectSpans(a, crossQuad);
  const head = h("header", { class: "ahead" }, [
    h("h1", { class: "atitle", lang: a.lang || "nl" }, a.title || (String(a.id).startsWith("adhoc-") ? "Untitled text" : a.id)),
    h("p", { class: "ameta" }, [
      a.published_at ? h("time", {}, String(a.published_at)) : null,
      a.source ? h("span", {}, a.source) : null,
      h("span", { class: "alang", title: langNote(a) }, `language: ${a.lang || "nl"}`),
      h("span", { class: "aid" }, a.id),
      a.url && /^https?:\/\//i.test(a.url) ? h("a", { href: a.url, rel: "noopener noreferrer", target: "_blank" }, "original") : null,
      a.analyzer && a.analyzer.model ? h("span", { class: "model" }, `${a.analyzer.model} ${a.analyzer.model_version || ""}`) : null,
    ]),
  ]);
  const textBox = renderText(a, spans);
  const localActors = new Map((a.actors || []).map((ac) => [ac.id, ac]));
  // Article-local actor ids map to chronicle actors (actor_ids) for cross-article links.
  function actorLink(localId) {
    if (!localId) return null;
    const ac = localActors.get(localId), name = ac ? ac.name : localId;
    const global = a.actor_ids && a.actor_ids[localId];
    return global ? h("a", { href: hrefWith(`actor/${encodeURIComponent(global)}`, {}), title: "this actor's page" }, name)
      : h("span", {}, name);
  }
  const legend = h("div", { class: "legend" }, LAYERS.map(([layer, , label]) => {
    const box = h("input", { type: "checkbox", checked: true, dataset: { layer } });
    box.addEventListener("change", () => textBox.classList.toggle(`hide-${layer}`, !box.checked));
    return h("label", { class: `lg lg-${layer}` }, [box, h("span", { class: `sample l-${layer}` }, label)]);
  }));
  const detail = h("div", { class: "detail" }, message("Click a highlighted word or a record to see where it came from and why."));
  const lists = h("div", { class: "records" });
  const rowsByKey = new Map();
  for (const [layer, prop, label] of LAYERS) {
    const items = a[prop] || [];
    const ul = h("ul", {});
    items.forEach((r, i) => {
      const key = `${layer}:${i}`;
      const row = h("li", {}, h("button", { type: "button", class: "rec", dataset: { key } }, recordLabel(layer, r)));
      row.firstChild.addEventListener("click", () => select(key, true));
      rowsByKey.set(key, row);
      ul.append(row);
    });
    lists.append(h("details", { open: items.length > 0 && items.length <= 40, class: `rl rl-${layer}` },
      [h("summary", {}, `${label} (${items.length})`), items.length ? ul : message("none")]));
  }
  const actors = a.actors || [];
  if (actors.length) {
    lists.append(h("details", { class: "rl rl-actor" }, [h("summary", {}, `actors (${actors.length})`),
      h("ul", {}, actors.map((ac) => h("li", { class: "actor-row" }, [
        actorLink(ac.id), ` ${ac.type || ""}${ac.country ? " · " + ac.country : ""} · ${(ac.mentions || []).length} mentions`,
      ])))]));
  }
  root.append(head, h("div", { class: "split article" }, [
    h("div", { class: "card" }, [legend, textBox]),
    h("aside", { class: "panel card" }, [detail, lists]),
  ]));

  function recordOf(key) {
    const [layer, idx] = key.split(":");
    const prop = (LAYERS.find((l) => l[0] === layer) || [])[1];
    return prop ? [layer, a[prop][Number(idx)], Number(idx)] : [layer, null, -1];
  }

  function showDetail(key) {
    const [layer, r, idx] = recordOf(key);
    if (!r) return;
    const sentLink = h("a", { href: sentenceHref(a.id, r.sentence, key), class: "sentence-link" }, `sentence ${r.sentence + 1}`);
    const dl = h("dl", {}, [
      field("text", r.text), field("from", sentLink), field("offsets", `${r.start}–${r.end}`),
      field("confidence", pct(r.confidence)), field("reason", r.reason),
    ].flat().filter(Boolean));
    const roleText = (ref) => (ref ? h("span", {}, [ref.actor ? actorLink(ref.actor) : (ref.name || "?"),
      ref.country ? ` (${ref.country})` : "", ref.role ? `, ${ref.role}` : ""]) : "—");
    const extra = [];
    if (layer === "event") {
      const id = eventIdOf(a, idx), cross = crossEvents.get(id);
      extra.push(field("type", `${r.type}${r.mode ? " / " + r.mode : ""} (${QUAD_LABEL[crossQuad.get(id) || quadOf(r)]})`),
        field("source", roleText(r.source)), field("target", roleText(r.target)), field("date", r.date),
        field("location", r.location), field("negated", r.negated ? "yes" : null), field("modality", r.modality),
        field("chronicle id", id));
      dl.append(...extra.flat().filter(Boolean));
      const own = cross ? (cross.mentions || []).find((m) => m.article_id === a.id && m.start === r.start) : null;
      if (own && own.merge_rule) dl.append(...field("linked by", own.merge_rule));
      if (cross) dl.append(...field("chronicle", `${cross.n_mentions} report${cross.n_mentions === 1 ? "" : "s"} in ${cross.n_articles ?? "?"} article${cross.n_articles === 1 ? "" : "s"}, combined confidence ${pct(cross.confidence)}`));
      const others = cross ? (cross.mentions || []).filter((m) => m !== own) : [];
      clear(detail).append(h("h2", {}, "Event"), dl);
      if (others.length) detail.append(h("h3", {}, "Also reported in"), h("ul", { class: "mentions" }, others.map(mentionItem)));
      return;
    }
    if (layer === "quote") {
      extra.push(field("speaker", r.speaker ? h("a", { href: hrefWith("quotes", { speaker: r.speaker_actor || r.speaker }) }, r.speaker) : "unknown"),
        field("kind", r.kind), field("cue", r.cue));
    } else if (layer === "ent") {
      extra.push(field("label", r.label), field("canonical", r.canonical), field("actor", actorLink(r.actor)));
    } else if (layer === "timex") {
      extra.push(field("type", r.type), field("value", r.value));
    } else if (layer === "place") {
      extra.push(field("name", r.name), field("country", r.country), field("feature", r.feature),
        field("coordinates", r.latitude !== null && r.latitude !== undefined ? `${r.latitude}, ${r.longitude}` : null));
    }
    dl.append(...extra.flat().filter(Boolean));
    clear(detail).append(h("h2", {}, { ent: "Entity", quote: "Quote", timex: "Time expression", place: "Place" }[layer] || layer), dl);
  }

  function select(key, scroll) {
    for (const el of textBox.querySelectorAll(".sel")) el.classList.remove("sel");
    for (const el of lists.querySelectorAll(".rec.sel")) el.classList.remove("sel");
    const segsOf = [...textBox.querySelectorAll(".seg")].filter((el) => el.dataset.keys.split(" ").includes(key));
    segsOf.forEach((el) => el.classList.add("sel"));
    const row = rowsByKey.get(key);
    if (row) {
      row.firstChild.classList.add("sel");
      const det = row.closest("details");
      if (det) det.open = true;
    }
    showDetail(key);
    if (scroll && segsOf[0]) segsOf[0].scrollIntoView({ behavior: "smooth", block: "center" });
  }

  textBox.addEventListener("click", (e) => {
    const seg = e.target.closest(".seg");
    if (!seg) return;
    const keys = seg.dataset.keys.split(" ");
    // Repeated clicks cycle through the records that cover the same word.
    const cur = keys.indexOf(seg.dataset.cur || "");
    const key = keys[(cur + 1) % keys.length];
    seg.dataset.cur = key;
    select(key, false);
  });

  // Focus from the URL: the sentence the link came from, and its record.
  const s = params && params.get("s");
  const item = params && params.get("item");
  let focusEl = null;
  if (s !== null && s !== undefined && s !== "") {
    focusEl = textBox.querySelector(`#s-${CSS.escape(s)}`);
    if (focusEl) focusEl.classList.add("focus");
  }
  if (item) {
    let key = item;
    const m = /^span:(\d+)-(\d+)$/.exec(item);
    if (m) {
      const [st, en] = [Number(m[1]), Number(m[2])];
      const hit = ["event", "quote", "place", "timex", "ent"].map((layer) =>
        spans.find((sp) => sp.layer === layer && sp.start === st && sp.end === en)).find(Boolean);
      key = hit ? hit.key : null;
    }
    if (key && recordOf(key)[1]) select(key, false);
  }
  if (focusEl && isCurrent()) requestAnimationFrame(() => focusEl.scrollIntoView({ block: "center" }));
}

export async function articleView(root, { args, params, isCurrent }) {
  const id = args[0];
  if (!id) { root.append(message("No article id.", "error")); return; }
  let a;
  try {
    a = await get(`/api/articles/${encodeURIComponent(id)}`);
  } catch (err) {
    root.append(message(err.status === 404 ? `No article with id ${id}.` : `Could not load: ${err.message}`, "error"));
    return;
  }
  // Cross-article events give each local event its colour and its other reports.
  const evs = await get("/api/events", { article: id, limit: 1000 }).catch(() => ({ items: [] }));
  if (!isCurrent()) return;
  renderAnalysis(root, a, { params, crossEvents: new Map(evs.items.map((e) => [e.id, e])), isCurrent });
}
