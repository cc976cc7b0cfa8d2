// S3 end to end: a fixed number of events posted closed loop to a wallet with 10 webhooks whose
// receivers answer at once; the figure is deliveries per second from the first post to the last
// delivery (the backlog must drain to 0). S7 the same with two bad webhooks beside the 10: one
// answering 500, one answering after 5 s; the figure counts the healthy ones only. S8 is S3's CPU
// per delivered event (the whole pipeline: ingest, consumer, objects, D1 mirror). S9 is S3 with
// `ordering: "subject"` webhooks and the events spread over 50 subjects (the receiver checks
// each subject's webhook-sequence: in order, no gap).
import {
  deleteWebhook,
  isolateUsage,
  singleBody,
  subjectBody,
  usagePerEvent,
} from "../lib/herald-api.mjs";
import { runLoad } from "../lib/load.mjs";
import { startMeter, waitUntilIdle } from "../lib/proc-stats.mjs";
import { receiverTotals, waitForDeliveries, webhooksFor } from "../lib/webhooks.mjs";

const HEALTHY = 10;

async function endToEnd(
  ctx,
  { connections, drainMaxS },
  events,
  badSpecs,
  label,
  { options = {}, body = singleBody } = {},
) {
  const { url, pid } = ctx.herald;
  const specs = [
    ...Array.from({ length: HEALTHY }, () => ({ behaviour: "ok", options })),
    ...badSpecs,
  ];
  const { wallet, hooks } = await webhooksFor(ctx, label, specs);
  const healthy = hooks.filter((h) => h.behaviour === "ok");
  const usage0 = await isolateUsage(url);
  const meter = startMeter({ herald: pid, receiver: ctx.receiver.pid });
  const started = Date.now();
  const load = await runLoad({
    url,
    path: "/v1/events",
    headers: { authorization: `Bearer ${wallet.apiKey}` },
    body,
    connections,
    amount: events,
  });
  const postedS = (Date.now() - started) / 1000;
  const expected = load.ok * healthy.length;
  const totals = await waitForDeliveries(ctx, healthy, expected, drainMaxS * 1000);
  // The D1 mirror and the objects' last writes belong to the cost too (the bad webhooks never quiet down).
  await waitUntilIdle(pid, { maxMs: badSpecs.length ? 3000 : 30_000 });
  const usage = meter.stop();
  // D1 and object calls per accepted event (each with its deliveries to every webhook).
  const perEvent = usagePerEvent(usage0, await isolateUsage(url), load.ok);
  const all = await receiverTotals(ctx, hooks);
  if (badSpecs.length) await Promise.all(hooks.map((h) => deleteWebhook(url, wallet.apiKey, h.id)));
  const elapsedS = totals.lastAt ? (totals.lastAt - started) / 1000 : null;
  return {
    value: elapsedS ? totals.delivered / elapsedS : 0,
    unit: "deliveries/s",
    accepted: load.ok,
    acceptedPerS: load.ok / postedS,
    expected,
    delivered: totals.delivered,
    lost: Math.max(0, expected - totals.delivered),
    duplicates: all.duplicates,
    orderViolations: all.orderViolations,
    badSignatures: all.badSignatures,
    failedAnswers: all.failedAnswers,
    failures: load.non2xx + load.errors,
    statusCodes: load.statusCodes,
    clientErrors: load.errors,
    cpuMicrosPerEvent: totals.delivered ? usage.herald.cpuMicros / totals.delivered : null,
    receiverCpuMicrosPerEvent: totals.delivered
      ? usage.receiver.cpuMicros / totals.delivered
      : null,
    peakRssBytes: usage.herald.peakRssBytes,
    otherCores: usage.otherCores,
    webhooks: healthy.length,
    ...perEvent,
  };
}

/** S3: 10 healthy fifo webhooks. */
export const s3 = (ctx, opts) => endToEnd(ctx, opts, opts.s3Events, [], "s3");

/** S7: the same plus one webhook answering 500 and one answering after 5 s. */
export const s7 = (ctx, opts) =>
  endToEnd(ctx, opts, opts.s7Events, [{ behaviour: "fail" }, { behaviour: "slow" }], "s7");

/** S9: S3's load to 10 `ordering: "subject"` webhooks, the events spread over 50 subjects. */
export const s9 = (ctx, opts) =>
  endToEnd(ctx, opts, opts.s3Events, [], "s9", {
    options: { ordering: "subject" },
    body: subjectBody(50),
  });
