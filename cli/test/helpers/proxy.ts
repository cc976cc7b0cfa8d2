import net from "node:net";

/** A TCP proxy to `target` whose open connections can be cut at once, as a flaky network would. */
export async function startProxy(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  let passed = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {});
    }
    upstream.on("data", (chunk) => {
      passed += chunk.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    /** Bytes that came back from the target so far. */
    passed: () => passed,
    /** Drops every open connection mid-stream (RST): the client sees a cut, not a clean end. */
    cut(): number {
      const count = sockets.size;
      for (const s of sockets) s.resetAndDestroy();
      return count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
