// The CPU-bound work of many skills, spread over the machine's cores: the risk scan, the Sigstore
// verification, the unpacking of a tarball (integrity, gunzip, tar, per-file sha512) or of a pack
// from the tree cache (its sha256, the entry rules) and verify's
// hashing of an installed folder are pure functions of their inputs, so worker threads compute
// exactly what the main thread would, while the main thread keeps fetching, deciding and writing.
// A worker also writes the contents of a staging folder it is handed (install --frozen); the
// main thread makes that folder, tracks it for Ctrl-C, keeps the journal and renames it into place.
//
// Used by install --frozen and verify when there are enough skills to pay for starting workers
// (each loads what its kind of task needs, once). Work is handed to the least busy worker;
// a worker that dies fails its tasks, it never silently passes them.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SkillpinError, type ErrorCode } from '../errors.js';
import type { KnownManifest } from '../manifest/entries.js';
import type { LockedVersion, ProvenanceResult, StoredAttestations, TrustConfig } from '../provenance/index.js';
import type { ScanOptions, ScanResult, SkillFile } from '../scan/index.js';
import type { ArchiveEntry, SandboxLimits } from '../source/types.js';
import { onInterrupt } from '../interrupt/index.js';
import { packBytes, unpackPacked, type PackedUnpacked, type Unpacked } from '../sandbox/packed.js';
import type { TreeCheck } from '../verify/files.js';

export type Task =
  | { kind: 'scan'; buffer: ArrayBuffer; files: Array<{ path: string; offset: number; length: number }>; opts: ScanOptions }
  | { kind: 'provenance'; locked: LockedVersion; stored: StoredAttestations; trust: TrustConfig; fingerprint: string }
  | { kind: 'unpack'; archive: Uint8Array; expected: string; limits: SandboxLimits; skill: string; known: KnownManifest | null; pack: string | null }
  | { kind: 'tree'; dir: string; shownDir: string; expected: Record<string, string> | null }
  | { kind: 'stage'; dir: string; buffer: ArrayBuffer; entries: string }
  | { kind: 'preload'; trust: TrustConfig | null }
  | { kind: 'load'; what: Loadable };

/** Kinds of task whose code a worker can load ahead (CheckPool.ready). */
export type Loadable = 'tree' | 'stage';

/** One entry of a 'stage' task: [path, type, mode, offset, length]; the list travels as JSON text. */
export type StageEntry = [string, ArchiveEntry['type'], number, number, number];

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { code?: ErrorCode; message: string; facts?: Record<string, unknown> } };

interface Slot {
  worker: Worker;
  busy: number;
}

/**
 * The young generation of each worker. At V8's default a worker's nursery grew to tens of MB;
 * 8 MB once saved about 45 MB of peak RSS at 300 skills with two workers. Once the verifier
 * allocated little (provenance/trust.ts), the size that matters is the other way round: what
 * survives two scavenges within one task (a gunzipped tarball, the scan's input) is promoted, and
 * its ArrayBuffer memory is freed only when the old generation is next collected, which an
 * allocation-light worker makes rare. Cold install of 1,000, interleaved, peak RSS: 4 MB 188-204,
 * 8 MB 200-222, 16 MB 176-183, 32 MB 192-197 MiB; 16 MB was also the fastest.
 */
const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 16 } };

/** Below this many skills, workers cost more to start than they save. */
const POOL_THRESHOLD = 16;

export class CheckPool {
  private slots: Slot[] = [];
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; slot: Slot }>();
  private closed = false;
  /** Worker threads started so far (reported by install and verify). */
  started = 0;
  /** Set to 1 on Ctrl-C: a worker writing a staging folder stops before its next file. */
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly forgetInterrupt: () => void;
  private preloaded: Promise<string[]> | null = null;
  private readonly loads = new Map<Loadable, Promise<void>>();
  private readonly loaded = new Set<Loadable>();

  constructor(private readonly size: number) {
    this.forgetInterrupt = onInterrupt(() => Atomics.store(this.stopFlag, 0, 1));
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { ...WORKER_OPTIONS, workerData: { stop: this.stopFlag } });
    this.started++;
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      slot.busy--;
      if (slot.busy === 0) worker.unref();
      if (reply.ok) p.resolve(reply.value);
      else {
        const e = reply.error;
        p.reject(e.code ? new SkillpinError(e.code, e.message, (e.facts ?? {}) as Record<string, string>) : new Error(e.message));
      }
    });
    const failAll = (err: unknown): void => {
      for (const [id, p] of this.pending) {
        if (p.slot !== slot) continue;
        this.pending.delete(id);
        p.reject(err instanceof Error ? err : new Error(`a check worker stopped: ${String(err)}`));
      }
      this.slots = this.slots.filter((s) => s !== slot);
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (!this.closed) failAll(new Error(`a check worker exited with code ${code}`));
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /**
   * Start a worker now and have it load the code of one kind of task: verify's folder check
   * (`tree`) or the writing of a staging folder (`stage`). Resolves when that worker can take such
   * a task at once (isReady is then true); until then the caller does that work on its own thread.
   * A worker still booting its isolate and loading modules (~0.14 s of its own thread on Node 20)
   * held the first tasks handed to it, and a workspace of 30 skills, which the main thread checks
   * or writes in a few milliseconds, waited on them. Rejects when the worker cannot start or load,
   * as its tasks would. Once per pool and kind: later calls return the same promise, so a caller
   * that only starts the load (`void pool.ready(...)`) may call it for every item; its failure is
   * never an unhandled rejection, and whoever awaits the promise still sees it.
   */
  ready(what: Loadable): Promise<void> {
    let p = this.loads.get(what);
    if (!p) {
      p = this.run({ kind: 'load', what }).then(() => {
        this.loaded.add(what);
      });
      p.catch(() => undefined);
      this.loads.set(what, p);
    }
    return p;
  }

  /** Whether a worker has loaded this kind of task's code (ready has resolved). */
  isReady(what: Loadable): boolean {
    return this.loaded.has(what);
  }

  private pick(): Slot {
    const idle = this.slots.find((s) => s.busy === 0);
    if (idle) return idle;
    if (this.slots.length < this.size) return this.spawn();
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  /**
   * Start a worker now and have it load the unpacker, the scanner and (unless `trust` is null or
   * turns provenance off) the Sigstore verifier with that trust material: a run about to unpack
   * tarballs calls this at its first, and the worker's ~0.1-0.2 s of loading overlaps the main
   * thread's fetching instead of holding up the first scans and checks. Once per pool: a later
   * call gets the first call's answer, the kinds of task the worker loaded for. A caller need not
   * wait for it, nor mind its failure: whatever fails here (a trust file that cannot be read) fails
   * again, with its code and message, in the first task that needs it.
   */
  preload(trust: TrustConfig | null): Promise<string[]> {
    return (this.preloaded ??= this.run({ kind: 'preload', trust }) as Promise<string[]>);
  }

  /**
   * Tasks in the hands of the least busy worker (sent, not yet answered); 0 while another worker
   * could still be started. A caller that can do a task itself does so from some backlog on.
   */
  backlog(): number {
    if (this.slots.length < this.size) return 0;
    return this.slots.reduce((min, s) => Math.min(min, s.busy), Number.POSITIVE_INFINITY);
  }

  run(task: Task, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the check pool is closed'));
    const slot = this.pick();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      if (slot.busy++ === 0) slot.worker.ref();
      slot.worker.postMessage({ id, task }, transfer);
    });
  }

  /**
   * The files travel in one new buffer, moved (not cloned) to the worker, which moves it back with
   * the result. A worker frees what it received only when its old generation is collected, which
   * a verifier that allocates little made rare: cloned scan inputs, about 60 KB a skill, piled up
   * to ~40 MB per worker in a cold install of 1,000. Handed back, they are the main thread's
   * short-lived garbage instead.
   */
  scan(files: SkillFile[], opts: ScanOptions): Promise<ScanResult> {
    const { buffer, spans } = packBytes(files.map((f) => f.data));
    return this.run({ kind: 'scan', buffer, files: files.map((f, i) => ({ path: f.path, ...(spans[i] as { offset: number; length: number }) })), opts }, [buffer]) as Promise<ScanResult>;
  }

  /**
   * verifyStoredDocument on a worker: the document's bytes travel, and are parsed there. The worker
   * loads the trust material from `trust` itself, and refuses (EPROVENANCE) unless what it loaded
   * has `fingerprint`, the caller's: a verdict is cached under the caller's trust, so it must have
   * been reached under that trust, not under files changed since the caller read them.
   */
  provenance(locked: LockedVersion, stored: StoredAttestations, trust: TrustConfig, fingerprint: string): Promise<ProvenanceResult> {
    return this.run({ kind: 'provenance', locked, stored, trust, fingerprint }) as Promise<ProvenanceResult>;
  }

  /**
   * Check a tarball's integrity and read its entries (an Unpacker), or check and read a pack from
   * the tree cache (`pack`: its recorded sha256); the bytes come back in one transfer, with the
   * remembered parse of the SKILL.md (`known`) when its file and bytes are the ones it was parsed
   * from. Without one the manifest is the caller's to parse.
   */
  async unpack(archive: Buffer, expected: string, limits: SandboxLimits, skill: string, known: KnownManifest | null = null, pack: string | null = null): Promise<Unpacked> {
    return unpackPacked((await this.run({ kind: 'unpack', archive, expected, limits, skill, known, pack })) as PackedUnpacked);
  }

  /**
   * Write checked entries under the existing staging folder `dir` (an EntryWriter: writeEntries on
   * a worker). The bytes travel as one copy, moved to the worker; the caller's Buffers stay whole.
   * The folder is the caller's: it made it, tracks it for Ctrl-C and removes it on failure.
   *
   * Except with `giveUp`: a Buffer the caller will not read again (a tree cache's pack), which has
   * memory of its own (not a slice of Node's shared pool) and holds every file's bytes. That memory
   * is moved to the worker as it is, with no copy, and the caller's Buffers over it become empty.
   * When it does not hold every file, or is a slice, the copy is made as above.
   */
  async stage(dir: string, entries: ArchiveEntry[], giveUp: Buffer | null = null): Promise<void> {
    const files = entries.map((e) => e.data);
    const backing = giveUp?.buffer;
    const movable =
      backing instanceof ArrayBuffer && giveUp?.byteOffset === 0 && giveUp.byteLength === backing.byteLength && files.every((d) => d === undefined || d.buffer === backing);
    const { buffer, spans } = movable ? { buffer: backing, spans: files.map((d) => ({ offset: d?.byteOffset ?? 0, length: d?.length ?? 0 })) } : packBytes(files);
    // As one string: cloning an array of 20-odd objects per skill cost this (busy) thread more
    // than the worker's JSON.parse of it.
    const list = JSON.stringify(entries.map((e, i): StageEntry => [e.path, e.type, e.mode, spans[i]?.offset ?? 0, spans[i]?.length ?? 0]));
    await this.run({ kind: 'stage', dir, buffer, entries: list }, [buffer]);
  }

  /** verify's checks 2 and 3 for one installed folder (checkInstalledTree), on a worker. */
  tree(dir: string, shownDir: string, expected: Record<string, string> | null): Promise<TreeCheck> {
    return this.run({ kind: 'tree', dir, shownDir, expected }) as Promise<TreeCheck>;
  }

  /**
   * Stop every worker. A task still owed an answer (a preload nobody waits for) is refused now, so
   * an answer on its way finds no task and is dropped before the handler above could unref its
   * worker. terminate() refs the worker to keep this process alive until the thread's exit
   * arrives; that late unref undid it, and when nothing else held the event loop the process ended
   * first, with `await main()` in bin/skill.js unsettled: exit code 13 after a complete install
   * (3-9 in 100 pooled installs of 3 skills on a loaded machine).
   */
  async close(): Promise<void> {
    this.closed = true;
    this.forgetInterrupt();
    const slots = this.slots;
    this.slots = [];
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new Error('the check pool is closed'));
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/**
 * Whether work that pays on a worker only from `threshold` skills goes to the pool's worker in a
 * run of `count`: from the threshold on, or whenever SKILLPIN_WORKERS sets the workers, which it
 * promises whatever the count.
 */
export function worthAWorker(count: number, threshold: number, env: NodeJS.ProcessEnv = process.env): boolean {
  return count >= threshold || (env.SKILLPIN_WORKERS ?? '') !== '';
}

/**
 * A pool for `count` skills, or null when it would not pay. Unset SKILLPIN_WORKERS: one worker per
 * core but one, at most 4, from POOL_THRESHOLD skills on; none on one core. SKILLPIN_WORKERS=N:
 * exactly N workers whatever the count; 0 checks on the main thread only. Code running from its
 * sources (the test runner loads .ts) has no compiled worker and checks on the main thread.
 */
export function poolFor(count: number, env: NodeJS.ProcessEnv = process.env): CheckPool | null {
  if (!import.meta.url.endsWith('.js')) return null;
  const setting = env.SKILLPIN_WORKERS;
  if (setting !== undefined && setting !== '') {
    const n = Number(setting);
    if (!Number.isInteger(n) || n < 0 || n > 64) {
      throw new SkillpinError('EUSAGE', `SKILLPIN_WORKERS must be a whole number from 0 to 64, got ${JSON.stringify(setting)}`, { hint: 'Set SKILLPIN_WORKERS to a whole number from 0 to 64 (0: check on the main thread only), or unset it to let skillpin choose.' });
    }
    return n === 0 || count === 0 ? null : new CheckPool(n);
  }
  // One core stays with the main thread, which fetches, unpacks and writes meanwhile: on two
  // cores one worker is as fast as two (N=300 cold: 8.0 s either way, 9.9 s with none) and
  // costs ~30 MB less peak RSS.
  const workers = Math.min(4, availableParallelism() - 1);
  if (workers < 1 || count < POOL_THRESHOLD) return null;
  return new CheckPool(workers);
}
