// Paste a text, see what kroniek extracts (POST /analyze); nothing is stored.
import { post } from "../api.js";
import { h, clear, message } from "../dom.js";
import { renderAnalysis } from "./article.js";

export async function analyzeView(root) {
  const text = h("textarea", { name: "text", rows: 10, required: true, placeholder: "Paste a news article…",
    "aria-label": "article text" });
  const title = h("input", { type: "text", name: "title", placeholder: "title (optional)", "aria-label": "title" });
  const date = h("input", { type: "date", name: "published_at", "aria-label": "publication date" });
  const out = h("div", { class: "analysis" });
  const button = h("button", { type: "submit" }, "Analyse");
  const form = h("form", { class: "analyze card" }, [
    h("p", { class: "summary" }, "The publication date anchors relative times such as ‘donderdag’ or ‘Tuesday’. The language is detected; the text is analysed, not stored."),
    title, date, text, button,
  ]);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clear(out).append(message("Analysing…"));
    button.disabled = true;
    try {
      const a = await post("/analyze", { text: text.value, title: title.value || null, published_at: date.value || null });
      clear(out);
      renderAnalysis(out, a, { params: new URLSearchParams() });
    } catch (err) {
      clear(out).append(message(`Analysis failed (${err.status || "network"}): ${err.message}`, "error"));
    } finally {
      button.disabled = false;
    }
  });
  root.append(h("h1", {}, "Analyse a text"), form, out);
}
