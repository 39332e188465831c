// A search box that suggests actors as one types (GET /api/actors?q=: accents and case ignored,
// aliases included, best match first) and hands the chosen actor to `onPick`.
import { get } from "./api.js";
import { h, clear } from "./dom.js";

export function actorSearch({ id, label = "find an actor", placeholder = "name or alias, e.g. Oekraine", onPick }) {
  // no name: inside a filter form, the typed text is not a filter (the picked actor's id is)
  const input = h("input", { type: "search", id, placeholder, autocomplete: "off",
    role: "combobox", "aria-label": label, "aria-autocomplete": "list", "aria-expanded": "false",
    "aria-controls": `${id}-list` });
  const list = h("ul", { class: "suggestions", id: `${id}-list`, role: "listbox", hidden: true });
  let seq = 0, timer = null;

  const show = (items, q) => {
    clear(list);
    for (const a of items) {
      const alias = a.matched && a.matched !== a.name ? h("span", { class: "alias" }, `“${a.matched}”`) : null;
      const li = h("li", { role: "option", tabindex: -1, dataset: { actorId: a.id } }, [
        h("span", { class: "name" }, a.name), a.country ? h("span", { class: "cc" }, a.country) : null, alias,
        h("span", { class: "n" }, `${a.n_mentions} mentions`),
      ]);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); pick(a); });
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(a); });
      list.append(li);
    }
    if (!items.length) list.append(h("li", { class: "none" }, `no actor matches “${q}”`));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };
  const pick = (a) => { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.value = a.name; onPick(a); };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { list.hidden = true; return; }
    timer = setTimeout(async () => {
      const mine = ++seq;
      try {
        const r = await get("/api/actors", { q, limit: 10 });
        if (mine === seq) show(r.items, q);
      } catch (_) { /* a failed suggestion is not worth a message */ }
    }, 150);
  });
  // the typed text is not a value of any form around the box: only a picked actor is
  input.addEventListener("change", (e) => e.stopPropagation());
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && !list.hidden && list.firstChild && list.firstChild.tabIndex === -1) {
      e.preventDefault(); list.firstChild.focus();
    }
  });
  list.addEventListener("keydown", (e) => {
    const cur = document.activeElement;
    if (e.key === "ArrowDown" && cur.nextSibling) { e.preventDefault(); cur.nextSibling.focus(); }
    if (e.key === "ArrowUp") { e.preventDefault(); (cur.previousSibling || input).focus(); }
    if (e.key === "Escape") { list.hidden = true; input.focus(); }
  });
  input.addEventListener("blur", () => setTimeout(() => { if (!list.contains(document.activeElement)) list.hidden = true; }, 100));
  return h("div", { class: "actor-search" }, [h("label", { for: id }, label), input, list]);
}
