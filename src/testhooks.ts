// TEST-ONLY fault injection for the crash-consistency harness (test/reliability-crash.test.ts).
// With SKILLPIN_TEST_CRASH_AT=<point> the process SIGKILLs itself when it reaches that point; with
// SKILLPIN_TEST_PAUSE_AT=<point> it announces the point on stderr and parks there so a test can send
// a signal. SKILLPIN_TEST_ENOSPC_AT=<file name> makes each write of a file of that name fail as a
// full disk does (ENOSPC from write(2), which names no path). SKILLPIN_TEST_EROFS_AT=<name> makes
// moving a sandbox folder of that name aside fail as on a read-only file system (EROFS).
// SKILLPIN_TEST_ONLY_TRUST=1 lets a
// workspace trust skillpin's TEST-ONLY Sigstore root (src/provenance/trust.ts), whose private keys
// are published with the source: the tests' roots are made in temporary folders. None of them is documented for users; unset (always, outside tests)
// every call is a cheap no-op. This is the only module that reads them.

import { basename } from 'node:path';

export const TEST_POINTS = [
  'after-download',
  'mid-extract',
  'after-journal',
  'mid-swap',
  'after-swap-before-lock',
  'mid-lock-write',
  'after-lock-before-cleanup',
] as const;

export type TestPoint = (typeof TEST_POINTS)[number];

const crashAt = process.env.SKILLPIN_TEST_CRASH_AT ?? '';
const enospcAt = process.env.SKILLPIN_TEST_ENOSPC_AT ?? '';
const pauseAt = process.env.SKILLPIN_TEST_PAUSE_AT ?? '';
const erofsAt = process.env.SKILLPIN_TEST_EROFS_AT ?? '';

/** Reach a named point of an operation: crash or park there when a test asked for it. */
export async function testPoint(point: TestPoint): Promise<void> {
  if (crashAt === point) process.kill(process.pid, 'SIGKILL');
  if (pauseAt === point) {
    process.stderr.write(`skillpin-test: paused at ${point}\n`);
    // Parked on the event loop (not a busy wait) so signal handlers still run; a signal also ends
    // the pause, so a held signal inside a commit section is acted on when the section finishes.
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        process.off('SIGINT', wake);
        process.off('SIGTERM', wake);
        resolve();
      };
      const timer = setTimeout(wake, 60_000);
      process.on('SIGINT', wake);
      process.on('SIGTERM', wake);
    });
  }
}

/**
 * Before writing the bytes of `path`: fail as write(2) on a full disk does, when a test named that
 * file (its last segment). The error is Node's shape for it: code, errno and syscall, no path.
 */
export function testWriteFault(path: string): void {
  if (enospcAt === '' || basename(path) !== enospcAt) return;
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { errno: -28, code: 'ENOSPC', syscall: 'write' });
}

/**
 * Before renaming `path` (a sandbox folder moved aside): fail as rename(2) does on a read-only
 * file system, when a test named that folder (its last segment).
 */
export function testRenameFault(path: string): void {
  if (erofsAt === '' || basename(path) !== erofsAt) return;
  throw Object.assign(new Error(`EROFS: read-only file system, rename '${path}'`), { errno: -30, code: 'EROFS', syscall: 'rename', path });
}

/**
 * Whether the tests allow skillpin's TEST-ONLY trust root wherever it lies. Read on each call, not
 * at load: a test turns it off and on around the check it makes.
 */
export function testOnlyTrustAllowed(): boolean {
  return process.env.SKILLPIN_TEST_ONLY_TRUST === '1';
}
