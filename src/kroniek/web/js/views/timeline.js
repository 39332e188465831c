// Timeline: events per day (stacked cooperation / conflict) and the events
// themselves, newest day last, each linked to the sentence that reports it.
import { get } from "../api.js";
import { h, message } from "../dom.js";
import { filterBar, filtersFrom } from "../filters.js";
import { eventCard } from "../eventcard.js";
import { downloadLinks } from "../downloads.js";
import { timelineChart } from "../charts/timeline_chart.js";

export async function timelineView(root, { params, isCurrent }) {
  const fields = ["actor", "source", "target", "either", "type", "country", "lang", "since", "until"];
  const f = filtersFrom(params, fields);
  // asked at once, while the filter bar asks for its counts (not one after the other)
  const data = Promise.all([get("/api/timeline", f), get("/api/events", { ...f, limit: 200 }),
    get("/api/series", { ...f, by: "quad" })]);
  data.catch(() => {});  // a failure is shown when awaited below, not reported twice
  root.append(h("h1", {}, "Timeline of events"), await filterBar("timeline", params, fields));
  const [tl, evs, series] = await data;
  if (!isCurrent()) return;
  const days = tl.items;
  const total = days.reduce((a, d) => a + d.n_events, 0);
  const coop = days.reduce((a, d) => a + (d.n_cooperative || 0), 0);
  const conf = days.reduce((a, d) => a + (d.n_conflictual || 0), 0);
  root.append(h("p", { class: "summary" }, [
    `${total} events on ${days.length} days: `,
    h("span", { class: "swatch coop" }), `${coop} cooperative, `,
    h("span", { class: "swatch conf" }), `${conf} conflictual. `,
    "Click a bar to jump to its day; click a sentence link to read it in its article.",
  ]));
  root.append(downloadLinks("/api/events", f, "events", evs.total ?? evs.items.length));
  if (!total) { root.append(message("No events match these filters.")); return; }
  const list = h("section", { class: "tl-list" });
  const pick = (date) => {
    const target = list.querySelector(`[data-day="${CSS.escape(date)}"]`);
    if (target) target.scrollIntoView({ behavior: "smooth", block: "start" });
  };
  root.append(await timelineChart(series, params, { onPick: pick }), list);

  let groupDate = null, group = null;
  const addEvents = (items) => {
    for (const ev of items) {
      const d = ev.date || "undated";
      if (d !== groupDate) {
        groupDate = d;
        group = h("div", { class: "day", dataset: { day: d } }, [h("h2", { class: "day-head" }, d)]);
        list.append(group);
      }
      group.append(eventCard(ev));
    }
  };
  addEvents(evs.items);
  let next = evs.next_offset;
  if (next !== null) {
    const more = h("button", { type: "button", class: "more" }, "Load more events");
    more.addEventListener("click", async () => {
      const page = await get("/api/events", { ...f, limit: 200, offset: next });
      addEvents(page.items);
      next = page.next_offset;
      if (next === null) more.remove(); else list.after(more);
    });
    root.append(more);
  }
}
