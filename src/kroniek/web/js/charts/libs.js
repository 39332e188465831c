// The vendored chart libraries (UMD files under /static/vendor/), loaded when a
// view first needs them, so pages without charts stay light. Each is a plain
// <script> from this server: the page's Content-Security-Policy allows no other.

const FILES = {
  d3: ["d3/d3.min.js"],
  plot: ["d3/d3.min.js", "plot/plot.umd.min.js"],
  sigma: ["graphology/graphology.umd.min.js", "graphology-library/graphology-library.min.js", "sigma/sigma.min.js"],
};
const loaded = new Map();

function script(src) {
  if (!loaded.has(src)) {
    loaded.set(src, new Promise((resolve, reject) => {
      const el = document.createElement("script");
      el.src = `/static/vendor/${src}`;
      el.onload = () => resolve();
      el.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(el);
    }));
  }
  return loaded.get(src);
}

/** Load the files of `name` (d3, plot, sigma) in order. */
export async function need(name) {
  for (const src of FILES[name]) await script(src);
}

/**
 * Observable Plot figure without its inline <style> element (the CSP forbids
 * inline styles; the same rules are in style.css under `.plot`).
 */
export function plot(options) {
  const fig = window.Plot.plot({ className: "plot", ...options });
  for (const st of fig.querySelectorAll("style")) st.remove();
  if (fig.tagName.toLowerCase() === "style") return null;
  return fig;
}
