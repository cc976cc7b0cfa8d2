// The receiver process (bench/receiver/server.mjs) seen from the bench: started once, driven
// over IPC, its own process tree measured like any host.
import path from "node:path";
import { benchRoot } from "./paths.mjs";
import { spawnGroup, stopGroup } from "./processes.mjs";

/** Starts the receiver; resolves to {url, pid, call(cmd, args), stop()}. */
export async function startReceiver() {
  const child = spawnGroup(process.execPath, [path.join(benchRoot, "receiver", "server.mjs")], {
    ipc: true,
  });
  const pending = new Map();
  let nextId = 0;
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`receiver did not start:\n${child.outputTail()}`)),
      30_000,
    );
    /** @typedef {{ listening?: number, id?: number, error?: string, result?: unknown }} ReceiverMessage */
    child.on("message", (/** @type {ReceiverMessage} */ msg) => {
      if (msg.listening) {
        clearTimeout(timer);
        resolve(msg.listening);
        return;
      }
      const waiter = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) waiter?.reject(new Error(msg.error));
      else waiter?.resolve(msg.result);
    });
    child.on("exit", () => {
      reject(new Error(`receiver exited:\n${child.outputTail()}`));
      for (const waiter of pending.values()) waiter.reject(new Error("receiver exited"));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    call: (cmd, args = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ ...args, id, cmd });
      }),
    stop: () => stopGroup(child),
  };
}
