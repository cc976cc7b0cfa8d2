// Webhooks for a scenario: created in Herald for a fresh wallet, registered with the receiver
// (which then verifies each one's signatures and counts its deliveries).
import { createWallet, createWebhook } from "./herald-api.mjs";

let serial = 0;

/**
 * Creates a wallet and one webhook per spec ({behaviour: ok | fail | slow, options}), all
 * subscribed to every event type. Returns {wallet, hooks: [{id, name, behaviour}]}.
 * `walletOptions.defaults`: the wallet keeps the default limits (otherwise its ingest is raised).
 */
export async function webhooksFor(ctx, label, specs, walletOptions = {}) {
  const { url } = ctx.herald;
  const wallet = await createWallet(url, `bench ${label}`, walletOptions);
  const hooks = [];
  for (const spec of specs) {
    const name = `${label}-${++serial}`;
    const options = spec.options ?? {};
    const created = await createWebhook(
      url,
      wallet.apiKey,
      `${ctx.receiver.url}/hook/${name}`,
      options,
    );
    hooks.push({
      id: created.id,
      name,
      secret: created.secret,
      behaviour: spec.behaviour ?? "ok",
      fifo: (options.ordering ?? "fifo") === "fifo",
      subject: options.ordering === "subject",
    });
  }
  await registerHooks(ctx, hooks);
  return { wallet, hooks };
}

/** Tells the receiver which webhooks to verify and count; replaces what it was told before. */
export async function registerHooks(ctx, hooks) {
  await ctx.receiver.call("register", {
    hooks: hooks.map(({ name, secret, behaviour, fifo, subject }) => ({
      name,
      secret,
      behaviour,
      fifo,
      subject,
    })),
  });
}

/** Sums the receiver's counts over `hooks`; lastAt is the latest delivery among them. */
export async function receiverTotals(ctx, hooks, { latencies = false } = {}) {
  const stats = await ctx.receiver.call("stats", { latencies });
  const totals = {
    delivered: 0,
    duplicates: 0,
    orderViolations: 0,
    failedAnswers: 0,
    badSignatures: 0,
    firstAt: null,
    lastAt: null,
    latencies: [],
  };
  for (const hook of hooks) {
    const s = stats.hooks[hook.name];
    if (!s) continue;
    for (const key of ["delivered", "duplicates", "orderViolations", "failedAnswers"])
      totals[key] += s[key];
    if (s.firstAt !== null) totals.firstAt = Math.min(totals.firstAt ?? Infinity, s.firstAt);
    if (s.lastAt !== null) totals.lastAt = Math.max(totals.lastAt ?? 0, s.lastAt);
    if (latencies) totals.latencies.push(...s.latencies);
  }
  // Counted across every registered hook: a bad signature anywhere fails the run.
  totals.badSignatures = stats.badSignatures;
  return totals;
}

/** Polls the receiver until `hooks` hold `expected` deliveries in all, or `maxMs` passed. */
export async function waitForDeliveries(ctx, hooks, expected, maxMs) {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const totals = await receiverTotals(ctx, hooks);
    if (totals.delivered >= expected || Date.now() > deadline) return totals;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The every-run delivery checks of a scenario, from the receivers' totals (`all`) and the
 * deliveries it expected: what arrived, what is missing, and what arrived wrong.
 */
export function deliveryChecks(all, expected) {
  return {
    expected,
    delivered: all.delivered,
    lost: Math.max(0, expected - all.delivered),
    duplicates: all.duplicates,
    orderViolations: all.orderViolations,
    badSignatures: all.badSignatures,
  };
}
