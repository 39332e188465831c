// The actor page (#/actor/ID): aliases with the evidence that merged them, events per month and type,
// top counterparts, events between this actor and another (#/actor/ID?with=OTHER), its events and
// quotes page by page, and the merge trail. #/actor alone is the actor search.
import { get } from "../api.js";
import { h, message, hrefWith, sentenceHref } from "../dom.js";
import { eventCard } from "../eventcard.js";
import { actorSearch } from "../actorsearch.js";
import { downloadLinks } from "../downloads.js";

const actorHref = (id, params) => hrefWith(`actor/${encodeURIComponent(id)}`, params || {});

function searchPage(root) {
  root.append(h("h1", {}, "Actors"),
    actorSearch({ id: "actor-q", onPick: (a) => { location.hash = actorHref(a.id); } }),
    h("p", { class: "hint" }, "Type any part of a name or alias; accents and case do not matter."));
}

function aliasTable(aliases) {
  const rows = aliases.map((a) => h("tr", {}, [
    h("td", { class: "alias" }, a.alias),
    h("td", {}, a.kinds.join(", ")),
    h("td", { class: "num" }, String(a.n_seen)),
    h("td", {}, a.seen_in.map((id) => h("a", { href: `#/article/${encodeURIComponent(id)}`, class: "seen" }, id))),
    h("td", { class: "num" }, String(a.n_merges)),
    h("td", {}, Object.entries(a.rules).map(([r, n]) => `${r} (${n})`).join("; ")),
    h("td", {}, a.evidence.map((e) => h("div", {}, [
      h("a", { href: `#/article/${encodeURIComponent(e.article_id)}` }, e.article_id), `: ${e.evidence || e.rule}`]))),
  ]));
  return h("table", { class: "aliases" }, [
    h("thead", {}, h("tr", {}, ["alias", "kind", "mentions", "seen in", "merges", "rules", "evidence"].map((c) => h("th", {}, c)))),
    h("tbody", {}, rows)]);
}

function typeTable(counts) {
  const types = [...new Set(counts.map((c) => c.type))].sort();
  const months = [...new Set(counts.map((c) => c.month || "undated"))];
  const cell = new Map(counts.map((c) => [`${c.month || "undated"}|${c.type}`, c]));
  return h("table", { class: "type-counts" }, [
    h("thead", {}, h("tr", {}, [h("th", {}, "month"), ...types.map((t) => h("th", {}, t))])),
    h("tbody", {}, months.map((m) => h("tr", {}, [h("th", {}, m), ...types.map((t) => {
      const c = cell.get(`${m}|${t}`);
      return h("td", { class: "num", title: c ? `${c.n_as_source} as source, ${c.n_as_target} as target` : "" },
        c ? String(c.n_events) : "");
    })]))),
  ]);
}

/** A section that shows one page and fetches the next on demand. */
function pagedSection(title, first, load, render) {
  const list = h("div", { class: "paged-list" });
  const head = h("h2", {}, `${title} (${first.total})`);
  const more = h("button", { type: "button", class: "linkish more" }, "more");
  let next = first.next_offset;
  const add = (section) => {
    for (const item of section.items) list.append(render(item));
    next = section.next_offset;
    more.hidden = next === null || next === undefined;
    more.textContent = `more (${first.total - list.childElementCount} left)`;
  };
  more.addEventListener("click", async () => { if (next !== null) add(await load(next)); });
  add(first);
  if (!first.total) list.append(message(`No ${title.toLowerCase()}.`));
  return h("section", { class: "card", dataset: { section: title.toLowerCase() } }, [head, list, more]);
}

function quoteItem(q) {
  return h("blockquote", { class: "quote" }, [
    h("p", {}, q.text),
    h("a", { class: "sentence-link", href: sentenceHref(q.article_id, q.sentence, `span:${q.start}-${q.end}`) },
      `${q.article_id} · ${q.published_at || ""}`),
  ]);
}

/** Events between the actor and `withId` in either direction, within the dates in the URL, with downloads. */
async function dyadSection(actor, withId, params) {
  const f = { source: actor.id, target: withId, either: "true", since: params.get("since") || "",
    until: params.get("until") || "", limit: 200 };
  const [other, evs] = await Promise.all([
    get(`/api/actors/${encodeURIComponent(withId)}`, { limit: 1 }),
    get("/api/events", f),
  ]);
  const dates = h("form", { class: "filters dyad-dates" }, ["since", "until"].map((k) =>
    h("label", {}, [h("span", {}, k), h("input", { type: "date", name: k, id: `dyad-${k}`, value: f[k] })])));
  dates.addEventListener("change", () => {
    const next = { with: withId };
    for (const el of dates.elements) if (el.value) next[el.name] = el.value;
    location.hash = actorHref(actor.id, next);
  });
  dates.addEventListener("submit", (e) => e.preventDefault());
  return h("section", { class: "card dyad", dataset: { section: "dyad" } }, [
    h("h2", {}, [`Events between ${actor.name} and `, h("a", { href: actorHref(withId) }, other.actor.name),
      ` (${evs.total ?? evs.items.length}${evs.next_offset !== null ? `, the first ${evs.items.length} shown` : ""})`]),
    dates,
    downloadLinks("/api/events", f, "events between the two, with their first sentence,", evs.total ?? evs.items.length),
    h("a", { href: actorHref(actor.id), class: "reset" }, "all events of this actor"),
    evs.items.length ? h("div", { class: "events" }, evs.items.map((ev) => eventCard(ev)))
      : message("No events between these two actors."),
  ]);
}

export async function actorView(root, { args, params, isCurrent }) {
  if (!args[0]) { searchPage(root); return; }
  const id = args[0];
  const limit = 20;
  const data = await get(`/api/actors/${encodeURIComponent(id)}`, { limit });
  if (!isCurrent()) return;
  const a = data.actor;
  root.append(
    actorSearch({ id: "actor-q", onPick: (x) => { location.hash = actorHref(x.id); } }),
    h("h1", { class: "actor-name", dataset: { actorId: a.id } }, a.name),
    h("p", { class: "summary" }, [a.type, a.country, `${a.n_mentions} mentions`, `${a.n_articles} articles`,
      `${a.n_events} events`, a.id].filter(Boolean).join(" · ")),
    h("p", {}, [h("a", { href: hrefWith("timeline", { actor: a.id }) }, "timeline"), " · ",
      h("a", { href: hrefWith("network", { actor: a.id }) }, "network"), " · ",
      h("a", { href: hrefWith("quotes", { speaker: a.id }) }, "quotes")]),
  );
  const withBox = actorSearch({ id: "dyad-q", label: "events with", placeholder: "another actor",
    onPick: (x) => { location.hash = actorHref(a.id, { with: x.id }); } });
  root.append(h("div", { class: "dyad-pick" }, withBox));
  if (params.get("with")) root.append(await dyadSection(a, params.get("with"), params));
  if (!isCurrent()) return;
  root.append(h("section", { class: "card" }, [h("h2", {}, "Top counterparts"),
    data.counterparts.length ? h("ol", { class: "counterparts" }, data.counterparts.map((c) => h("li", {}, [
      h("a", { href: actorHref(c.id) }, c.name), ` ${c.n_events} events (${c.n_as_source} by ${a.name}, `,
      `${c.n_as_target} on ${a.name}) `,
      h("a", { href: actorHref(a.id, { with: c.id }), class: "dyad-link" }, "events between")]))) : message("None.")]));
  root.append(h("section", { class: "card" }, [h("h2", {}, "Events per month and type"),
    data.type_counts.length ? typeTable(data.type_counts) : message("No events.")]));
  root.append(h("section", { class: "card" }, [h("h2", {}, "Aliases and how they were merged"), aliasTable(data.aliases)]));
  const load = (key) => async (offset) => (await get(`/api/actors/${encodeURIComponent(id)}`, { limit, [`${key}_offset`]: offset }))[key];
  root.append(
    pagedSection("Events", data.events, load("events"), (ev) => eventCard(ev)),
    pagedSection("Quotes", data.quotes, load("quotes"), quoteItem),
    pagedSection("Merge trail", data.merges, load("merges"), (m) => h("div", { class: "merge" }, [
      h("a", { href: `#/article/${encodeURIComponent(m.article_id)}` }, m.article_id),
      ` ${m.name} — ${m.rule}${m.evidence ? ": " + m.evidence : ""}`])),
  );
}
