// Pager of a list answer ({items, offset, limit, next_offset, total}): "101–200 of 7,033" with
// previous/next links, so every list can be walked to its end.
import { h } from "./dom.js";

const fmt = (n) => Number(n).toLocaleString("en");

/** hrefFor(offset) gives the link of another page of the same list. */
export function pager(page, hrefFor) {
  const from = page.items.length ? page.offset + 1 : 0, to = page.offset + page.items.length;
  const total = page.total ?? null;
  const nav = h("p", { class: "pager", dataset: { total: total ?? "", from, to } });
  if (page.offset > 0) nav.append(h("a", { href: hrefFor(Math.max(0, page.offset - page.limit)), class: "prev" }, "‹ previous"), " ");
  nav.append(h("span", { class: "range" }, total === null ? `${fmt(from)}–${fmt(to)}` : `${fmt(from)}–${fmt(to)} of ${fmt(total)}`));
  if (page.next_offset !== null && page.next_offset !== undefined) nav.append(" ", h("a", { href: hrefFor(page.next_offset), class: "next" }, "next ›"));
  return nav;
}
