// How big a bench run is. Every load is bounded in count or time; every wait has a deadline.
export const PROFILES = {
  full: {
    rounds: 3,
    connections: 16,
    loadS: 5, // closed-loop and fixed-rate windows (ceilings, S1, S2)
    s3Events: 500, // x 10 webhooks
    s4Events: 500,
    s5Events: 20,
    s6LoadS: 8, // per level
    s7Events: 500,
    s10LoadS: 10, // per phase (alone, flooded)
    burstConnections: 50, // W-unordered, W-fifo (wrangler harness)
    burstEvents: 1500,
    e2eLoadS: 10, // W-e2e@100
    s11Events: 20_000, // x 2 webhooks; the reference peak is read after the first tenth
    drainMaxS: 180,
    quietWaitS: 20, // before each step, wait up to this long for other processes to quiet down
  },
  quick: {
    rounds: 1,
    connections: 16,
    loadS: 2,
    s3Events: 200,
    s4Events: 200,
    s5Events: 5,
    s6LoadS: 3,
    s7Events: 200,
    s10LoadS: 5,
    burstConnections: 50,
    burstEvents: 300,
    e2eLoadS: 4,
    s11Events: 2_000, // x 2 webhooks: a smoke run of the soak, too short to show slow growth
    drainMaxS: 60,
    quietWaitS: 2,
  },
};

/** The warm-up before the counted rounds: every path once, small. */
export const WARM_UP = {
  ...PROFILES.quick,
  quietWaitS: 0,
  loadS: 1,
  s3Events: 50,
  s4Events: 50,
  s5Events: 1,
  s6LoadS: 1,
  s7Events: 50,
  s10LoadS: 1,
  burstEvents: 50,
  e2eLoadS: 1,
  s11Events: 200,
};
