// The filter bar shared by the timeline, network and map. Filters live in
// the URL so a filtered view can be bookmarked or sent to a colleague.
import { get } from "./api.js";
import { h, hrefWith, PLOVER_TYPES } from "./dom.js";
import { addFacetCounts } from "./facets.js";
import { actorSearch } from "./actorsearch.js";

let actorsPromise = null;

/** Actors for the pickers, most active first (cached for the page's life). */
export function loadActors() {
  if (!actorsPromise) {
    actorsPromise = get("/api/actors", { limit: 1000 })
      .then((r) => r.items.slice().sort((a, b) => (b.n_events || 0) - (a.n_events || 0) || a.name.localeCompare(b.name)))
      .catch(() => []);
  }
  return actorsPromise;
}

/** [id, label] of one actor by id (its name from the search route; the id itself if unknown). */
async function actorOption(id) {
  try {
    const a = (await get("/api/actors", { q: id, limit: 1 })).items[0];
    if (a && a.id === id) return [id, `${a.name}${a.country ? " (" + a.country + ")" : ""}`];
  } catch (_) { /* shown by id */ }
  return [id, id];
}

let langsPromise = null;

/** Languages of the stored articles with their article counts (GET /api/meta; cached for the page's life). */
export function loadLanguages() {
  if (!langsPromise) langsPromise = get("/api/meta").then((r) => r.languages || []).catch(() => []);
  return langsPromise;
}

/** The language select (name `lang`) of a filter form: the stored languages, and `value` if it is not among them. */
export async function langSelect(value) {
  const langs = (await loadLanguages()).map((l) => [l.value, l.value]);
  if (value && !langs.some(([v]) => v === value)) langs.push([value, value]);
  return select("lang", "language", langs, value);
}

/**
 * One actor filter (`source` or `target` of the dyad filter, or `actor`) as the chosen actor's id in a
 * hidden field, shown as a chip with its name, and a search box to pick one (no 1,000-option select:
 * the page stays light).
 */
async function sideField(route, params, side, actors) {
  const id = params.get(side) || "";
  const known = actors.find((a) => a.id === id);
  const [, label] = id ? (known ? [id, `${known.name}${known.country ? " (" + known.country + ")" : ""}`] : await actorOption(id)) : [id, ""];
  const others = () => Object.fromEntries([...params.entries()].filter(([k]) => k !== side && k !== "offset"));
  const box = h("span", { class: ["dyad-side", `dyad-${side}`], dataset: { side } }, [
    h("input", { type: "hidden", name: side, value: id }),
    id ? h("span", { class: "chip", dataset: { actorId: id } }, [`${side}: `, h("strong", {}, label), " ",
      h("a", { href: hrefWith(route, others()), title: `any ${side}` }, "×")]) : null,
    actorSearch({ id: `f-${side}-q`, label: side === "actor" ? "find actor" : side,
      placeholder: side === "actor" ? "any actor by name" : `${side} actor`,
      onPick: (a) => { location.hash = hrefWith(route, { ...others(), [side]: a.id }); } }),
  ]);
  return box;
}

function select(name, label, options, value) {
  const sel = h("select", { name, id: `f-${name}`, "aria-label": label }, [h("option", { value: "" }, `any ${label}`)]);
  for (const [v, text] of options) sel.append(h("option", { value: v, selected: v === value }, text));
  return h("label", {}, [h("span", {}, label), sel]);
}

/**
 * Filter bar for `route`. `fields` picks which filters to show.
 * Changing a filter navigates to the same route with the new query string.
 */
export async function filterBar(route, params, fields = ["actor", "type", "country", "lang", "since", "until"]) {
  // the actor list feeds the actor select and the countries; a bar without them does not fetch it
  const actors = fields.includes("actor") || fields.includes("country") ? await loadActors() : [];
  const form = h("form", { class: "filters", role: "search" });
  const val = (k) => params.get(k) || "";
  if (fields.includes("actor")) {
    const options = actors.map((a) => [a.id, `${a.name}${a.country ? " (" + a.country + ")" : ""}`]);
    // the list holds the most active actors; one chosen by search or link may be outside it
    if (val("actor") && !options.some(([id]) => id === val("actor"))) options.unshift(await actorOption(val("actor")));
    form.append(select("actor", "actor", options, val("actor")));
    form.append(actorSearch({ id: "f-actor-q", label: "find actor", placeholder: "any actor by name",
      onPick: (a) => { location.hash = hrefWith(route, { ...Object.fromEntries(params), actor: a.id }); } }));
  }
  // "actor-search": the actor filter as a search box and a chip, without the select
  if (fields.includes("actor-search")) form.append(await sideField(route, params, "actor", actors));
  // the dyad filter: events from `source` to `target`, or between the two in either direction
  for (const side of ["source", "target"]) if (fields.includes(side)) form.append(await sideField(route, params, side, actors));
  if (fields.includes("either")) {
    form.append(h("label", { class: "either", title: "source and target in both directions: all events between the two" }, [
      h("input", { type: "checkbox", name: "either", id: "f-either", value: "true", checked: val("either") === "true" }),
      h("span", {}, "either direction")]));
  }
  if (fields.includes("type")) form.append(select("type", "event type", PLOVER_TYPES.map((t) => [t, t]), val("type")));
  if (fields.includes("country")) {
    const countries = [...new Set(actors.map((a) => a.country).filter(Boolean))].sort();
    if (val("country") && !countries.includes(val("country"))) countries.push(val("country"));
    form.append(select("country", "country", countries.map((c) => [c, c]), val("country")));
  }
  if (fields.includes("lang")) form.append(await langSelect(val("lang")));
  for (const k of ["since", "until"]) {
    if (fields.includes(k)) {
      form.append(h("label", {}, [h("span", {}, k), h("input", { type: "date", name: k, id: `f-${k}`, value: val(k) })]));
    }
  }
  const reset = h("a", { href: hrefWith(route, {}), class: "reset" }, "clear filters");
  form.append(reset);
  form.addEventListener("change", () => {
    const next = {};
    for (const el of form.elements) if (el.name && (el.type === "checkbox" ? el.checked : el.value)) next[el.name] = el.value;
    location.hash = hrefWith(route, next);
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  await addFacetCounts(form, route, params);
  return form;
}

export function filtersFrom(params, keys) {
  const out = {};
  for (const k of keys) if (params.get(k)) out[k] = params.get(k);
  return out;
}
