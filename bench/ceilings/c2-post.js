// C2: one outbound POST to the receiver per request (the receiver's bare path), answered with
// the receiver's status: the best a worker can do at delivering webhooks.
export default {
  async fetch(request, env) {
    const body = await request.text();
    const res = await fetch(env.RECEIVER_URL, {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    });
    await res.arrayBuffer();
    return new Response(null, { status: res.ok ? 200 : 502 });
  },
};
