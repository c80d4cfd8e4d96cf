/**
 * The code windows: the estimator's timers fire only while a window is open, closing one
 * cancels what is pending, and `close()` resolves only after every queued promise job ran.
 */
import assert from "@std/assert";
import { WindowTimers } from "../../lib/runner/code_window.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("a timer armed in an open window fires there and reports what it throws", async () => {
  const lines: string[] = [];
  const timers = new WindowTimers((line) => lines.push(line));
  const fired: string[] = [];
  timers.open("setup");
  timers.setTimeout((what: string) => fired.push(what), 0, "first");
  timers.setTimeout(() => {
    throw new Error("boom");
  }, 0);
  await sleep(20);
  await timers.close();
  assert.deepEqual(fired, ["first"]);
  assert.deepEqual(lines, ["uncaught exception in a timer: boom"]);
});

Deno.test("closing a window cancels its pending timers and says how many", async () => {
  const lines: string[] = [];
  const timers = new WindowTimers((line) => lines.push(line));
  let fired = 0;
  timers.open("predict");
  timers.setTimeout(() => fired++, 0);
  timers.setTimeout(() => fired++, 5);
  const cleared = timers.setTimeout(() => fired++, 0);
  timers.clearTimeout(cleared);
  await timers.close();
  await sleep(30);
  assert.equal(fired, 0);
  assert.deepEqual(lines, [
    "2 timers still pending when predict returned were cancelled: estimator code runs only inside setup, predict and teardown",
  ]);
});

Deno.test("a timer armed while every window is closed never fires, even in a later window", async () => {
  const timers = new WindowTimers(() => {});
  let fired = 0;
  assert.equal(typeof timers.setTimeout(() => fired++, 0), "number");
  timers.open("teardown");
  await sleep(20);
  await timers.close();
  assert.equal(fired, 0);
  assert.equal(timers.phase, undefined);
});

Deno.test("close() resolves only after every promise job queued in the window has run", async () => {
  const timers = new WindowTimers(() => {});
  const ran: string[] = [];
  timers.open("predict");
  (async () => {
    for (let i = 0; i < 100_000; i++) await null;
    ran.push("deep chain");
    // armed after the window closed: inert
    timers.setTimeout(() => ran.push("late timer"), 0);
  })();
  Promise.resolve().then(() => ran.push("then"));
  await timers.close();
  assert.deepEqual(ran, ["then", "deep chain"]);
  await sleep(20);
  assert.deepEqual(ran, ["then", "deep chain"]);
});

Deno.test("setTimeout refuses a string callback (it would be evaluated outside the compartment)", () => {
  const timers = new WindowTimers(() => {});
  timers.open("setup");
  assert.throws(() => timers.setTimeout("globalThis.x = 1", 0), TypeError, "must be a function");
});
