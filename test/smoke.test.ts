import { env, exports } from "cloudflare:workers";
import { inject, it, expect } from "vitest";

it("reaches D1, the object and a loopback receiver", async () => {
  await env.DB.prepare("INSERT INTO t VALUES (1)").run();
  const stub = env.WEBHOOK_OBJECT.get(env.WEBHOOK_OBJECT.idFromName("x"));
  expect(await stub.ping()).toBe("pong");
  const res = await fetch(`http://127.0.0.1:${inject("receiverPort")}/`);
  expect(await res.text()).toBe("ok");
  const r = await exports.default.fetch("http://x/");
  expect(r.status).toBe(200);
});
