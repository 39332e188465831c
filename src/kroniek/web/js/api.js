// Thin fetch wrapper: JSON in, readable errors out.

export class ApiError extends Error {
  constructor(status, detail) {
    // FastAPI's validation errors are a list of {loc, msg}: their messages read better than the JSON
    super(typeof detail === "string" ? detail
      : Array.isArray(detail) && detail.every((d) => d && d.msg) ? detail.map((d) => d.msg).join("; ") : JSON.stringify(detail));
    this.status = status;
  }
}

export async function get(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  const url = q.toString() ? `${path}?${q}` : path;
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  return handle(r);
}

export async function post(path, body) {
  const r = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  return handle(r);
}

async function handle(r) {
  let data = null;
  try { data = await r.json(); } catch (_) { /* not JSON */ }
  if (!r.ok) throw new ApiError(r.status, (data && data.detail) || r.statusText);
  return data;
}
