// C3: one queue send per request; the consumer acks whole batches and counts them. GET /count
// answers how many messages were consumed (the consumer runs in the same isolate).
let consumed = 0;

export default {
  async fetch(request, env) {
    if (request.method === "GET") return Response.json({ consumed });
    await env.QUEUE.send({ body: await request.text() }, { contentType: "json" });
    return new Response(null, { status: 202 });
  },
  async queue(batch) {
    consumed += batch.messages.length;
    batch.ackAll();
  },
};
