import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";

// public/portal/ is built by `npm run build:portal`, which `npm test` runs first (pretest).
// The /portal -> /portal/ redirect is checked against wrangler dev (test/node/portal): the
// test pool's asset router answers /portal from the files itself, before the worker.
describe("the portal's files", () => {
  it("serves the page from the assets binding with a strict content security policy", async () => {
    const res = await call("/portal/", { key: null });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain('<div id="app"></div>');
    const script = /src="(\/portal\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await call(script!, { key: null });
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toContain("javascript");
  });

  it("answers an unknown portal file with 404, not the API's error page", async () => {
    const res = await call("/portal/assets/nothing-here.js", { key: null });
    expect(res.status).toBe(404);
  });
});
