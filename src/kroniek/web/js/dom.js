// DOM helpers. Every string from the API reaches the page through
// textContent or setAttribute, never as markup: article text is untrusted.

const SVG_NS = "http://www.w3.org/2000/svg";

function fill(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.setAttribute("class", Array.isArray(v) ? v.filter(Boolean).join(" ") : v);
    else if (k === "text") el.textContent = String(v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of [].concat(children ?? [])) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** h("a", {href, class, onclick}, [children]): an element; strings become text nodes. */
export function h(tag, attrs, children) {
  return fill(document.createElement(tag), attrs, children);
}

export function s(tag, attrs, children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Cooperation/conflict of a PLOVER type (the quad classes of the PLOVER manual). */
const COOPERATIVE = new Set(["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"]);
const CONFLICTUAL = new Set(["REQUEST", "ACCUSE", "REJECT", "SANCTION", "THREATEN", "PROTEST", "MOBILIZE",
  "COERCE", "ASSAULT"]);
export const PLOVER_TYPES = [...COOPERATIVE, ...CONFLICTUAL];

export function quadOf(ev) {
  const q = (ev && ev.quad_class) || "";
  if (/coop/i.test(q)) return "coop";
  if (/conf/i.test(q)) return "conf";
  const t = ev && ev.type;
  if (COOPERATIVE.has(t)) return "coop";
  if (CONFLICTUAL.has(t)) return "conf";
  return "other";
}

export const QUAD_LABEL = { coop: "cooperation", conf: "conflict", other: "other" };

/** Link into the article view, focused on one sentence (and optionally one record). */
export function sentenceHref(articleId, sentence, item) {
  const q = new URLSearchParams();
  if (sentence !== null && sentence !== undefined) q.set("s", sentence);
  if (item) q.set("item", item);
  const qs = q.toString();
  return `#/article/${encodeURIComponent(articleId)}${qs ? "?" + qs : ""}`;
}

export function hrefWith(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  const qs = q.toString();
  return `#/${path}${qs ? "?" + qs : ""}`;
}

export function actorName(a) {
  if (!a) return "—";
  return a.name || a.id || "—";
}

export function pct(x) {
  return x === null || x === undefined ? "" : `${Math.round(Number(x) * 100)}%`;
}

/** A sentence with the span [start, end) (absolute offsets) marked; the rest is plain text. */
export function markedSentence(sentenceText, sentenceStart, start, end, cls) {
  const el = h("span", { class: "sent-text" });
  if (sentenceStart === null || sentenceStart === undefined || start === null || start === undefined) {
    el.textContent = sentenceText || "";
    return el;
  }
  const a = Math.max(0, start - sentenceStart), b = Math.min(sentenceText.length, end - sentenceStart);
  if (a >= b || a > sentenceText.length) { el.textContent = sentenceText; return el; }
  el.append(sentenceText.slice(0, a), h("mark", { class: cls || "trig" }, sentenceText.slice(a, b)),
    sentenceText.slice(b));
  return el;
}

export function message(text, cls) {
  return h("p", { class: ["msg", cls] }, text);
}
