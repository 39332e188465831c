// Timeline: events per day (stacked cooperation / conflict) and the events
// themselves, newest day last, each linked to the sentence that reports it.
import { get } from "../api.js";
import { h, s, message } from "../dom.js";
import { filterBar, filtersFrom } from "../filters.js";
import { eventCard } from "../eventcard.js";

const DAY = 86400000;

function chart(days, onPick) {
  const W = 960, H = 170, padL = 34, padB = 22, padT = 8;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "tl-chart", role: "img",
    "aria-label": "events per day, cooperation and conflict" });
  if (!days.length) return svg;
  const t0 = Date.parse(days[0].date), t1 = Date.parse(days[days.length - 1].date);
  const span = Math.max(1, Math.round((t1 - t0) / DAY) + 1);
  const bw = Math.max(2, Math.min(36, (W - padL - 10) / span - 2));
  const max = Math.max(1, ...days.map((d) => d.n_events));
  const y = (v) => (H - padB) - (v / max) * (H - padB - padT);
  const x = (date) => padL + ((Date.parse(date) - t0) / DAY) * ((W - padL - 10) / span);
  for (const tick of [0, Math.ceil(max / 2), max]) {
    svg.append(s("line", { x1: padL - 4, x2: W, y1: y(tick), y2: y(tick), class: "grid" }));
    svg.append(s("text", { x: padL - 8, y: y(tick) + 4, class: "axis", "text-anchor": "end" }, String(tick)));
  }
  for (const d of days) {
    const coop = d.n_cooperative || 0, conf = d.n_conflictual || 0, other = Math.max(0, d.n_events - coop - conf);
    const g = s("g", { class: "bar", tabindex: 0, role: "button", dataset: { date: d.date } });
    let base = 0;
    for (const [n, cls] of [[coop, "coop"], [other, "other"], [conf, "conf"]]) {
      if (!n) continue;
      g.append(s("rect", { x: x(d.date), width: bw, y: y(base + n), height: y(base) - y(base + n), class: cls }));
      base += n;
    }
    g.append(s("title", {}, `${d.date}: ${d.n_events} events (${coop} cooperative, ${conf} conflictual)`));
    g.addEventListener("click", () => onPick(d.date));
    g.addEventListener("keydown", (e) => { if (e.key === "Enter") onPick(d.date); });
    svg.append(g);
  }
  const labels = days.length <= 8 ? days.map((d) => d.date) : [days[0].date, days[Math.floor(days.length / 2)].date, days[days.length - 1].date];
  for (const d of labels) {
    svg.append(s("text", { x: x(d) + bw / 2, y: H - 6, class: "axis", "text-anchor": "middle" }, d));
  }
  return svg;
}

export async function timelineView(root, { params, isCurrent }) {
  const f = filtersFrom(params, ["actor", "type", "country", "since", "until"]);
  root.append(h("h1", {}, "Timeline of events"), await filterBar("timeline", params));
  const [tl, evs] = await Promise.all([get("/api/timeline", f), get("/api/events", { ...f, limit: 200 })]);
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
  if (!total) { root.append(message("No events match these filters.")); return; }
  const list = h("section", { class: "tl-list" });
  const pick = (date) => {
    const target = list.querySelector(`[data-day="${CSS.escape(date)}"]`);
    if (target) target.scrollIntoView({ behavior: "smooth", block: "start" });
  };
  root.append(h("div", { class: "card chart-card" }, chart(days, pick)), list);

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
