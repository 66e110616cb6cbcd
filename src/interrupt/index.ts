// Clean stops on Ctrl-C / SIGTERM: paths registered here (staging folders, temp files, the
// workspace mutex) are removed before exit, and a signal that lands inside a commit section
// (journal written .. journal removed: a few renames and one lock write) is held until the section
// ends, so an interrupted run leaves either the state before or the state after, never between.

import { rmSync } from 'node:fs';

const tracked = new Set<string>();
const beforeCleanup = new Set<() => void>();
const afterCleanup = new Set<() => void>();
const lastly = new Set<() => void>();
let depth = 0;
let pending: NodeJS.Signals | null = null;
let exitWith: ((code: number) => void) | null = null;

export function exitCodeForSignal(sig: NodeJS.Signals): number {
  return sig === 'SIGINT' ? 130 : 143;
}

/** Remove `path` (recursively) if the process is interrupted; call the returned function to forget it. */
export function trackForCleanup(path: string): () => void {
  return registerIn(tracked, path);
}

/** Add `item` to `set`; the returned function takes it out again. */
function registerIn<T>(set: Set<T>, item: T): () => void {
  set.add(item);
  return () => {
    set.delete(item);
  };
}

/**
 * Run `fn` on Ctrl-C / SIGTERM before the tracked paths are removed (the check pool tells its
 * workers to stop writing staging folders). Call the returned function to forget it.
 */
export function onInterrupt(fn: () => void): () => void {
  return registerIn(beforeCleanup, fn);
}

/**
 * Run `fn` on Ctrl-C / SIGTERM after the tracked paths are removed (a folder this run made is
 * taken away once the staging folders in it are gone). Call the returned function to forget it.
 */
export function onInterruptAfterCleanup(fn: () => void): () => void {
  return registerIn(afterCleanup, fn);
}

/**
 * Run `fn` on Ctrl-C / SIGTERM last, after the handlers of onInterruptAfterCleanup: the workspace
 * mutex is let go here, so what those handlers remove (a sandbox root this run made) goes while the
 * workspace is still held, never after a waiting run took it and began to use that root.
 */
export function onInterruptLast(fn: () => void): () => void {
  return registerIn(lastly, fn);
}

/** Remove every tracked path now (synchronously: it runs from a signal handler). */
export function cleanupTrackedSync(): string[] {
  const removed: string[] = [];
  for (const path of [...tracked]) {
    try {
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Best effort: the next run's stale-staging sweep removes what is left.
    }
    tracked.delete(path);
  }
  return removed;
}

function stop(sig: NodeJS.Signals): void {
  for (const fn of beforeCleanup) {
    try {
      fn();
    } catch {
      // The clean-up below runs regardless.
    }
  }
  cleanupTrackedSync();
  for (const fn of [...afterCleanup, ...lastly]) {
    try {
      fn();
    } catch {
      // Best effort, as the clean-up above.
    }
  }
  exitWith?.(exitCodeForSignal(sig));
}

/**
 * Run a commit section: a signal received meanwhile is acted on only when it ends. Sections nest.
 */
export async function critical<T>(fn: () => Promise<T>): Promise<T> {
  depth++;
  try {
    return await fn();
  } finally {
    depth--;
    if (depth === 0 && pending) stop(pending);
  }
}

/**
 * Install the SIGINT/SIGTERM handlers (the CLI does this once). `exit` ends the process with the
 * conventional status (130 / 143); `notify` tells the person what happens.
 */
export function installInterruptHandlers(exit: (code: number) => void, notify: (text: string) => void): void {
  exitWith = exit;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (depth > 0) {
      if (!pending) notify(`\ninterrupted by ${sig}: finishing the step in progress (a few renames), then stopping\n`);
      pending = sig;
      return;
    }
    notify(`\ninterrupted by ${sig}; staging removed, lock and sandbox left as they were\n`);
    stop(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
