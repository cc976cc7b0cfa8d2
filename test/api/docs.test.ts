import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";

/** The values of `attribute` on every `<tag>` in the page. */
function attributeValues(html: string, tag: string, attribute: string): string[] {
  const tags = html.match(new RegExp(`<${tag}\\b[^>]*>`, "gi")) ?? [];
  return tags.flatMap((found) => {
    const value = found.match(new RegExp(`\\b${attribute}="([^"]*)"`, "i"))?.[1];
    return value === undefined ? [] : [value];
  });
}

async function docsPage(): Promise<string> {
  const res = await call("/docs", { key: null });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  return res.text();
}

describe("API reference page", () => {
  it("serves an HTML page that loads its script and stylesheet from Herald itself", async () => {
    const html = await docsPage();
    const scripts = attributeValues(html, "script", "src");
    const styles = attributeValues(html, "link", "href").filter((href) => href.includes(".css"));
    expect(scripts.some((src) => src.includes("swagger-ui-bundle.js"))).toBe(true);
    expect(styles.some((href) => href.includes("swagger-ui.css"))).toBe(true);
    for (const url of [...scripts, ...styles]) expect(url).toMatch(/^\/docs\//);
    const bundle = scripts.find((src) => src.includes("swagger-ui-bundle.js"))!;
    expect(await (await call(bundle, { key: null })).text()).toContain("SwaggerUIBundle");
  });

  it("answers every script with JavaScript and every stylesheet with CSS", async () => {
    const html = await docsPage();
    const expected = [
      ...attributeValues(html, "script", "src").map((url) => ({ url, type: /^text\/javascript/ })),
      ...attributeValues(html, "link", "href")
        .filter((href) => href.includes(".css"))
        .map((url) => ({ url, type: /^text\/css/ })),
    ];
    expect(expected.length).toBeGreaterThanOrEqual(3);
    for (const { url, type } of expected) {
      const res = await call(url, { key: null });
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-type"), url).toMatch(type);
      expect((await res.text()).length, url).toBeGreaterThan(0);
    }
  });

  it("points the reference at /openapi.json and reaches no other origin", async () => {
    const html = await docsPage();
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/(src|href)="\/\//i);
    const init = await (await call("/docs/assets/init.js", { key: null })).text();
    expect(init).toContain('"/openapi.json"');
    expect(init).not.toMatch(/https?:\/\//);
    const res = await call("/docs", { key: null });
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("serves Swagger UI's files from the static assets, byte for byte", async () => {
    for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
      const fromAssets = await env.ASSETS.fetch(`http://assets.test/docs/assets/${file}`);
      expect(fromAssets.status, file).toBe(200);
      const served = await call(`/docs/assets/${file}`, { key: null });
      expect(served.headers.get("x-content-type-options"), file).toBe("nosniff");
      expect(await served.text(), file).toBe(await fromAssets.text());
    }
  });

  it("answers an unknown asset with a problem+json 404", async () => {
    const res = await call("/docs/assets/nope.js", { key: null });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});
