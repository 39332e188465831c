// Facet counts next to the filter bar's options: how many events each choice
// would show with the other filters kept (GET /api/facets, computed in SQL),
// and a month picker with its counts (it sets since/until).
import { get } from "./api.js";
import { h, hrefWith } from "./dom.js";

export const EVENT_FILTERS = ["actor", "source", "target", "either", "type", "country", "lang", "since", "until", "place"];
const FACET_OF = { type: "types", actor: "actors", country: "countries", source: "sources", target: "targets",
  lang: "languages" };

export function eventFilters(params) {
  const out = {};
  for (const k of EVENT_FILTERS) if (params.get(k)) out[k] = params.get(k);
  return out;
}

function lastDay(month) {
  const [y, m] = month.split("-").map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0")}`;
}

/**
 * Write the counts into the selects of `form` (option text "AGREE (12)", data-count),
 * add a month select, and return the facets answer.
 */
export async function addFacetCounts(form, route, params) {
  const f = eventFilters(params);
  const names = Object.keys(FACET_OF).filter((k) => form.elements[k] && form.elements[k].tagName === "SELECT");
  const facet = [...new Set([...names.map((k) => FACET_OF[k]), "months"])];
  let res;
  try {
    res = await get("/api/facets", { ...f, facet: facet.join(","), top: 1000 });
  } catch (_) {
    return null;  // counts are an aid: the filters work without them
  }
  for (const k of names) {
    const counts = new Map(res[FACET_OF[k]].map((r) => [r.value, r.n]));
    for (const opt of form.elements[k].options) {
      if (!opt.value) continue;
      const n = counts.get(opt.value) || 0;
      opt.dataset.count = n;
      opt.textContent = `${opt.textContent.replace(/ \(\d+\)$/, "")} (${n})`;
      if (!n && opt.value !== params.get(k)) opt.classList.add("zero");
    }
  }
  if (form.elements.since && form.elements.until) {
    const cur = params.get("since") && params.get("until") && params.get("since").slice(0, 7) === params.get("until").slice(0, 7)
      && params.get("since").endsWith("-01") && params.get("until") === lastDay(params.get("since").slice(0, 7))
      ? params.get("since").slice(0, 7) : "";
    const sel = h("select", { id: "f-month", "aria-label": "month" }, [h("option", { value: "" }, "any month")]);
    for (const r of res.months) {
      sel.append(h("option", { value: r.value, selected: r.value === cur, dataset: { count: r.n } }, `${r.value} (${r.n})`));
    }
    // not a form field: it navigates with since/until itself
    sel.addEventListener("change", (e) => {
      e.stopPropagation();
      const next = Object.fromEntries([...params.entries()].filter(([k]) => k !== "since" && k !== "until"));
      if (sel.value) { next.since = `${sel.value}-01`; next.until = lastDay(sel.value); }
      location.hash = hrefWith(route, next);
    });
    const label = h("label", {}, [h("span", {}, "month"), sel]);
    form.elements.since.closest("label").before(label);
  }
  form.dataset.total = res.total;
  return res;
}
