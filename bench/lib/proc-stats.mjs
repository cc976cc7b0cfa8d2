// CPU time and memory of a whole process tree, from /proc (Linux): a host process and every
// descendant (workerd included). CPU is utime + stime of each live process; RSS is sampled, and
// the peak is the largest sum seen while sampling.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** {pid, ppid, cpuTicks} of one process, or null when it is gone. */
function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: fields start after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** Every live process whose ancestry reaches `rootPid`, the root included. */
export function processTree(rootPid) {
  const all = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) all.push(stat);
  }
  const children = new Map();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const tree = [];
  const root = all.find((p) => p.pid === rootPid);
  if (!root) return tree;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop();
    tree.push(p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return tree;
}

/** CPU microseconds used so far by the tree's live processes. */
export function treeCpuMicros(rootPid) {
  const ticks = processTree(rootPid).reduce((sum, p) => sum + p.cpuTicks, 0);
  return Math.round((ticks * 1e6) / TICKS_PER_SECOND);
}

/** Resident memory of the tree now, in bytes. */
export function treeRssBytes(rootPid) {
  let kib = 0;
  for (const p of processTree(rootPid)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.pid}/status`, "utf8"));
      if (match) kib += Number(match[1]);
    } catch {
      // gone meanwhile
    }
  }
  return kib * 1024;
}

/** Every process tree the bench started (hosts, receiver): what is not theirs is the machine's other load. */
const benchTrees = new Set();

/** Registers a tree the bench started. */
export function registerTree(pid) {
  benchTrees.add(pid);
}

const benchCpuMicros = () => [...benchTrees].reduce((sum, pid) => sum + treeCpuMicros(pid), 0);

/** Busy CPU time of the whole machine so far (all cores), in microseconds, from /proc/stat. */
function machineBusyMicros() {
  const fields = readFileSync("/proc/stat", "utf8")
    .split("\n")[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const busy = fields.slice(0, 8).reduce((a, b) => a + b, 0) - fields[3] - fields[4];
  return Math.round((busy * 1e6) / TICKS_PER_SECOND);
}

/**
 * Measures trees over a window: CPU microseconds used between start() and stop(), and the peak
 * RSS sampled every `everyMs` meanwhile. `pids`: {label: rootPid}.
 */
export function startMeter(pids, everyMs = 250) {
  const cpu0 = Object.fromEntries(
    Object.entries(pids).map(([label, pid]) => [label, treeCpuMicros(pid)]),
  );
  const machine0 = machineBusyMicros();
  const bench0 = benchCpuMicros();
  const self0 = process.cpuUsage();
  const started = performance.now();
  const peak = Object.fromEntries(Object.keys(pids).map((label) => [label, 0]));
  const sample = () => {
    for (const [label, pid] of Object.entries(pids))
      peak[label] = Math.max(peak[label], treeRssBytes(pid));
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    /** The peak RSS of each tree so far, the meter still running. */
    peek() {
      sample();
      return Object.fromEntries(
        Object.keys(pids).map((label) => [label, { peakRssBytes: peak[label] }]),
      );
    },
    stop() {
      clearInterval(timer);
      sample();
      const out = {};
      for (const [label, pid] of Object.entries(pids))
        out[label] = { cpuMicros: treeCpuMicros(pid) - cpu0[label], peakRssBytes: peak[label] };
      // What else kept the machine busy meanwhile (other processes: a test run, another bench), in cores.
      const self = process.cpuUsage(self0);
      const ours = benchCpuMicros() - bench0 + self.user + self.system;
      const elapsedMicros = (performance.now() - started) * 1000;
      out.otherCores = Math.max(0, (machineBusyMicros() - machine0 - ours) / elapsedMicros);
      return out;
    },
  };
}

/**
 * Waits until the tree has been quiet (under `threshold` of a core) for `quietMs`, or `maxMs`
 * passed: the work left after the load (a queue draining, a mirror flushing) is then done.
 * Returns whether it went quiet.
 */
export async function waitUntilIdle(
  rootPid,
  { quietMs = 600, maxMs = 60_000, threshold = 0.1, stepMs = 200 } = {},
) {
  const deadline = Date.now() + maxMs;
  let quietSince = Date.now();
  let last = treeCpuMicros(rootPid);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, stepMs));
    const now = treeCpuMicros(rootPid);
    if (now - last > threshold * stepMs * 1000) quietSince = Date.now();
    last = now;
    if (Date.now() - quietSince >= quietMs) return true;
  }
  return false;
}

/**
 * Waits (at most `maxMs`) until processes the bench did not start use under `threshold` cores
 * for `quietMs`: a bench sharing the machine with a test run measures the test run. Returns
 * the other load seen last, in cores.
 */
export async function waitForQuietMachine({
  maxMs = 30_000,
  quietMs = Math.min(2_000, maxMs / 2),
  threshold = 0.25,
  stepMs = 500,
} = {}) {
  const deadline = Date.now() + maxMs;
  let quietSince = null;
  let other = 0;
  for (;;) {
    const meter = startMeter({}, 10_000);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
    other = meter.stop().otherCores;
    if (other >= threshold) quietSince = null;
    else quietSince ??= Date.now() - stepMs;
    if (quietSince !== null && Date.now() - quietSince >= quietMs) return other;
    if (Date.now() > deadline) return other;
  }
}
