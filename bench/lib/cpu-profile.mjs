// A CPU profile of a worker over the DevTools protocol (the inspector Miniflare opens when asked),
// summarised as self time per function: where Herald's CPU goes under a given load.

/** Profiles every worker of the process at once; stop() -> {title: {busyMs, top}}. */
export async function startProfiles(inspectorPort) {
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const running = await Promise.all(targets.map((t) => profileTarget(t)));
  return {
    async stop(top = 40) {
      const out = {};
      for (const [i, r] of running.entries()) out[targets[i].title] = await r.stop(top);
      return out;
    },
  };
}

/** Starts profiling the inspector target whose title includes `name`; returns stop() -> {busyMs, top}. */
export async function startProfile(inspectorPort, name) {
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  return profileTarget(targets.find((t) => t.title?.includes(name)) ?? targets[0]);
}

async function profileTarget(target) {
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let nextId = 1;
  const waiting = new Map();
  ws.onmessage = (m) => {
    const msg = JSON.parse(String(m.data));
    if (msg.id && waiting.has(msg.id)) {
      waiting.get(msg.id)(msg);
      waiting.delete(msg.id);
    }
  };
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 200 });
  await send("Profiler.start");
  return {
    async stop(top = 40) {
      const { result } = await send("Profiler.stop");
      ws.close();
      return summarise(result.profile, top);
    },
  };
}

const MAX_SAMPLE_GAP_US = 5_000;

function summarise(profile, top) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // timeDeltas[i] is the gap before sample i; a sample's stack stands for the time until the next
  // one. V8 takes no samples while workerd has left the isolate, so a gap far over the sampling
  // interval is time outside it, counted as idle rather than charged to the last function seen.
  const dt = profile.timeDeltas.slice(1).map((d) => (d > MAX_SAMPLE_GAP_US ? 0 : d));
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const busy = total - (self.get("(idle) :0") ?? 0);
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (node) =>
    `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.split("/").pop()}:${node.callFrame.lineNumber + 1}`;
  const inclusive = new Map();
  profile.samples.forEach((id, i) => {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(keyOf(byId.get(at)));
    for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + (dt[i] ?? 0));
  });
  return {
    busyMs: Math.round(busy / 1000),
    inclusive: [...inclusive]
      .filter(([k]) => !k.startsWith("(root)"))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => `${((100 * us) / busy).toFixed(1).padStart(5)}%  ${key}`),
    top: [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`),
  };
}
