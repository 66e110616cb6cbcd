// The verdict cache: what an expensive, deterministic check concluded about exact bytes, kept
// outside the workspace so a warm `install --frozen` or `verify` need not redo it.
//
// Four steps use it: @sigstore/verify accepting a bundle under a given trust root, the risk scan
// of a given set of files under given rules, the parse of a given SKILL.md (the manifest the
// capabilities and the policy come from), and the unpacking of a given tarball (the sha512 of the
// tree cache's pack of its entries, src/source/tree-cache.ts). All are pure functions of their inputs, so an entry is
// keyed by a sha256 over every input (the bytes, the trust, rules or parser fingerprint, the
// library versions) and an honest entry can never be stale: any changed input is a new key.
//
// What a cache must not become is a way round the check. A CI cache is restored from storage that
// other jobs (a pull request's, say) may have written, so every entry carries an HMAC-SHA256 under
// a secret that is never stored in the cache: SKILLPIN_CACHE_KEY from the environment (a CI
// secret), or else a random key created once in the user's config folder
// (~/.config/skillpin/verdict-cache.key, mode 0600). An entry whose MAC does not verify is ignored
// and the check runs again. Without the secret, a restored cache is worth nothing, which is the
// safe failure. SKILLPIN_VERDICT_CACHE=off turns the cache off.
//
// A run over many skills would read and write one small entry per skill and check. So a
// workspace's run (install, verify) keeps the verdicts it used as one batch per kind (named by its
// lock file's path, MAC'd like an entry), written once at its end, and the next run reads that on
// its first lookup: four files instead of four thousand for 1,000 skills, each of which cost a
// cold install ~0.2 ms of its busiest thread to write. A batch only answers keys it holds; what it
// answers is exactly what the single entries would, and one that fails its MAC is ignored like any
// other entry. Runs without a workspace batch (`add`, `update`) write single entries, and a
// workspace run reads a single entry for a key its batch does not hold.
//
// Reads and writes are synchronous and best-effort: a cache that cannot be read or written costs
// time, never correctness.

import { createHash, createHmac, hash as digestOf, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, fsyncSync, linkSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SkillpinError } from '../errors.js';
import { CacheWriter } from '../fsutil/cache-writer.js';
import { isDeadTemp, isPathInside, makeDirsSync, tempOwner } from '../fsutil/index.js';
import { testWriteFault } from '../testhooks.js';

export type VerdictKind = 'provenance' | 'scan' | 'manifest' | 'tree';

export interface VerdictStats {
  hits: number;
  misses: number;
  stored: number;
  /** Entries present but not trusted (bad MAC, wrong key or kind, unreadable): each ran the check again. */
  rejected: number;
}

export interface VerdictStore {
  /** False when the cache is off; `reason` says why. */
  readonly enabled: boolean;
  readonly reason: string | null;
  /** Where entries live (also when off, for messages). */
  readonly dir: string;
  readonly stats: VerdictStats;
  /** The cached value for `key`, or undefined (missing, off, or not authentic). */
  get(kind: VerdictKind, key: string): unknown;
  /**
   * Remember `value` (JSON) for `key`: as a single entry, or, in a run with batches, in the
   * scope's batch that `saveBatches` writes. Failures are counted, never thrown.
   */
  put(kind: VerdictKind, key: string, value: unknown): void;
  /**
   * Answer from the batches of `scope` (a workspace's lock file) too: every verdict of one kind
   * that its last run used, in one MAC'd entry, read on this run's first get of that kind. So a
   * run over a thousand skills reads one file per kind, not one per skill. A verdict in a batch is
   * still found only by its own key.
   */
  useBatches(scope: string): void;
  /**
   * Write the verdicts this run asked for or stored as the scope's batches, where they changed.
   * `complete: false` for a run that did not ask for every verdict its workspace needs (it failed,
   * was interrupted, or left installed skills alone): its batches keep what the last ones held
   * beside what it learned. A complete run's batches hold exactly what it used.
   */
  saveBatches(opts?: { complete?: boolean }): void;
}

export interface VerdictSettings {
  /** Entries go under this folder (inside the download cache). */
  dir: string;
  /** Where the generated secret is kept when SKILLPIN_CACHE_KEY is not set. */
  keyFile: string;
  /** The secret from SKILLPIN_CACHE_KEY, when set. */
  secret?: Buffer;
  /** Set when the cache is switched off, with the reason. */
  off?: string;
  /**
   * Set when no secret can be had at all, with the reason (the key file would sit inside the
   * cache). Unlike `off`, SKILLPIN_VERDICT_CACHE does not set it: the secret also signs the
   * workspace's journals (src/pipeline/journal.ts), which a switched-off cache does not change.
   */
  keyOff?: string;
}

const FORMAT = 'skillpin-verdict/1';
const KINDS: readonly VerdictKind[] = ['provenance', 'scan', 'manifest', 'tree'];
const KEY = /^[0-9a-f]{64}$/;
const MIN_SECRET = 32;

/** sha256 hex over the JSON of `parts`: the key for an entry. */
export function verdictKey(parts: unknown[]): string {
  // One call (no Hash object): a warm install of 1,000 computes ~4,000 keys.
  return digestOf('sha256', JSON.stringify([FORMAT, ...parts]), 'hex');
}

const fingerprints = new Map<string, string>();

/**
 * sha256 over the source files of the module folder `moduleUrl` lives in (same extension, so the
 * compiled .js in dist/, the .ts under the test runner): a verdict computed by other code is a
 * different key. Pass `import.meta.url`.
 */
export function sourceFingerprint(moduleUrl: string): string {
  // Keyed by the URL itself: callers ask once per skill, and resolving the path each time cost more
  // than the lookup.
  let fp = fingerprints.get(moduleUrl);
  if (fp === undefined) {
    const here = fileURLToPath(moduleUrl);
    const dir = dirname(here);
    const ext = extname(here);
    const h = createHash('sha256');
    for (const name of readdirSync(dir).filter((n) => n.endsWith(ext) && !n.endsWith(`.d${ext}`)).sort()) {
      h.update(`${name}\0`).update(readFileSync(join(dir, name))).update('\0');
    }
    fp = h.digest('hex');
    fingerprints.set(moduleUrl, fp);
  }
  return fp;
}

/** The verdict store's folder under the cache. */
export const VERDICTS_DIR = 'verdicts-v1';

/**
 * Read the verdict-cache settings from the environment. SKILLPIN_CACHE_KEY that is too short is
 * ECONFIG: a weak secret would make forged entries cheap.
 */
export function verdictSettings(cacheDir: string, env: NodeJS.ProcessEnv): VerdictSettings {
  const home = env.HOME ?? env.USERPROFILE ?? '/tmp';
  const configBase = env.XDG_CONFIG_HOME ? resolve(env.XDG_CONFIG_HOME) : join(home, '.config');
  const settings: VerdictSettings = { dir: join(cacheDir, VERDICTS_DIR), keyFile: join(configBase, 'skillpin', 'verdict-cache.key') };
  const switch_ = (env.SKILLPIN_VERDICT_CACHE ?? '').trim().toLowerCase();
  if (['off', '0', 'false', 'no'].includes(switch_)) settings.off = 'SKILLPIN_VERDICT_CACHE is off';
  const secret = env.SKILLPIN_CACHE_KEY;
  if (secret !== undefined && secret !== '') {
    if (Buffer.byteLength(secret) < MIN_SECRET) {
      throw new SkillpinError('ECONFIG', `SKILLPIN_CACHE_KEY is ${Buffer.byteLength(secret)} bytes (its value, a secret, is not shown); the verdict cache's secret must be at least ${MIN_SECRET}.`, {
        hint: 'Set SKILLPIN_CACHE_KEY to a random value, e.g. `openssl rand -hex 32`, kept as a CI secret; or unset it to use the per-user key file.',
      });
    }
    settings.secret = Buffer.from(secret, 'utf8');
  } else if (isPathInside(settings.keyFile, cacheDir)) {
    settings.keyOff = `its key file ${settings.keyFile} would sit inside the cache ${cacheDir}, which would let whoever writes the cache forge entries`;
    settings.off ??= settings.keyOff;
  }
  return settings;
}

const secrets = new WeakMap<VerdictSettings, { secret: Buffer } | { reason: string }>();

/**
 * This user's secret under these settings (SKILLPIN_CACHE_KEY, or the per-user key file, created
 * once), whether or not the verdict cache is switched off; a reason when there is none to be had.
 * Read once per settings (a run's).
 */
export function localSecret(settings: VerdictSettings): { secret: Buffer } | { reason: string } {
  if (settings.secret) return { secret: settings.secret };
  if (settings.keyOff) return { reason: settings.keyOff };
  let r = secrets.get(settings);
  if (r === undefined) {
    r = userSecret(settings.keyFile);
    secrets.set(settings, r);
  }
  return r;
}

/**
 * The per-user secret: read it, or create it once (0600). Null with a reason when unusable. It is
 * written whole under a temporary name and then linked into place, so a full disk or a kill
 * leaves no key file rather than an empty one, which turned the cache off for good ("holds fewer
 * than 32 bytes"); an empty one such a create left is made again.
 */
function userSecret(file: string, again = false): { secret: Buffer } | { reason: string } {
  let torn = false;
  try {
    const st = lstatSync(file);
    if (!st.isFile()) return { reason: `${file} is not a regular file` };
    if ((st.mode & 0o077) !== 0) return { reason: `${file} is readable or writable by others (chmod 600 it)` };
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return { reason: `${file} belongs to another user` };
    const secret = readFileSync(file);
    torn = secret.length === 0 && !again;
    if (!torn && secret.length < MIN_SECRET) return { reason: `${file} holds fewer than ${MIN_SECRET} bytes` };
    if (!torn) {
      // A create killed after its link, before it removed its temporary name, left one beside the key.
      sweepDeadKeyTemps(file);
      return { secret };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return { reason: `${file} cannot be read (${(err as Error).message})` };
  }
  const tmp = `${file}.${tempOwner()}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    makeDirsSync(dirname(file), 0o700);
    const secret = Buffer.from(randomBytes(32).toString('hex'), 'utf8');
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      testWriteFault(file);
      if (writeSync(fd, secret) !== secret.length) throw new Error('short write');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // link, not rename: a key another run created meanwhile is kept (it may have written entries
    // under it already), and this run uses that one. An empty one is replaced.
    if (torn) renameSync(tmp, file);
    else linkSync(tmp, file);
    sweepDeadKeyTemps(file);
    return { secret };
  } catch (err) {
    // Another run may have created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return userSecret(file, true);
    return { reason: `${file} cannot be created (${(err as Error).message})` };
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * The temporary names of creates a SIGKILL cut short (their process gone), before or after the link
 * into place: each stayed in the user's config folder for good. Swept when the key is read or made
 * (one readdir of a folder of one file, once per run).
 */
function sweepDeadKeyTemps(file: string): void {
  try {
    const prefix = `${basename(file)}.`;
    for (const n of readdirSync(dirname(file))) if (isDeadTemp(n, prefix)) rmSync(join(dirname(file), n), { force: true });
  } catch {
    // Best effort: a name left is a few bytes no run reads.
  }
}

class Store implements VerdictStore {
  readonly stats: VerdictStats = { hits: 0, misses: 0, stored: 0, rejected: 0 };
  /**
   * Verdicts known authentic in this run, as their JSON text (parsed again on each get, so no
   * caller shares an object with another): read from a MAC'd entry or batch, or stored by put.
   */
  private readonly memory: Record<VerdictKind, Map<string, string>> = { provenance: new Map(), scan: new Map(), manifest: new Map(), tree: new Map() };
  /** Keys this run asked for or stored, per kind: what its batch will hold. */
  private readonly touched: Record<VerdictKind, Set<string>> = { provenance: new Set(), scan: new Set(), manifest: new Set(), tree: new Set() };
  /** Keys of the batch read for each kind (empty when there was none), to skip rewriting an unchanged one. */
  private readonly loaded = new Map<VerdictKind, Set<string>>();
  /** Verdicts put in this run with batches and not yet written, per kind. */
  private readonly unsaved: Record<VerdictKind, number> = { provenance: 0, scan: 0, manifest: 0, tree: 0 };
  private scope: string | null = null;
  /** Writes entries only through real folders of `dir` (a restored cache may hold links). */
  private readonly writer: CacheWriter;
  constructor(
    readonly dir: string,
    private readonly secret: Buffer | null,
    readonly reason: string | null,
  ) {
    this.writer = new CacheWriter(dir, { file: 0o600, folder: 0o700, redo: 'scans and verifies again' });
  }

  get enabled(): boolean {
    return this.secret !== null;
  }

  private path(kind: VerdictKind, key: string): string {
    return join(this.dir, kind, key.slice(0, 2), `${key}.json`);
  }

  /** A workspace's batch of one kind: named by a hash of the scope, so one file per workspace. */
  private batchPath(kind: VerdictKind, scope: string): { file: string; id: string } {
    const id = createHash('sha256').update(`${FORMAT}\nbatch\n${scope}`).digest('hex');
    return { file: join(this.dir, kind, `batch-${id}.json`), id };
  }

  private mac(kind: string, key: string, data: string): Buffer {
    return createHmac('sha256', this.secret as Buffer).update(`${FORMAT}\n${kind}\n${key}\n${data}`).digest();
  }

  /** The data of the entry in `file`, if it is one this key's holder wrote for (kind, key); undefined when there is none; throws why not. */
  private readEntry(file: string, kind: string, key: string): string | undefined {
    // A cold run asks for thousands of entries that are not there: an lstat that answers
    // "none" costs no exception (an ENOENT from open builds an error and its stack each time).
    const st = lstatSync(file, { throwIfNoEntry: false });
    if (st === undefined) return undefined;
    if (!st.isFile()) throw new Error('not a regular file');
    // O_NOFOLLOW: an entry swapped for a link is not read through; O_NONBLOCK: nor does a FIFO hang the run.
    const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    let text: string;
    try {
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
    const doc = JSON.parse(text) as { format?: unknown; kind?: unknown; key?: unknown; data?: unknown; mac?: unknown };
    if (doc.format !== FORMAT || doc.kind !== kind || doc.key !== key || typeof doc.data !== 'string' || typeof doc.mac !== 'string') throw new Error('malformed');
    const given = Buffer.from(doc.mac, 'hex');
    const want = this.mac(kind, key, doc.data);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new Error('bad mac');
    return doc.data;
  }

  get(kind: VerdictKind, key: string): unknown {
    if (!this.secret || !KEY.test(key)) return undefined;
    if (this.scope !== null && !this.loaded.has(kind)) this.loadBatch(kind, this.scope);
    const known = this.memory[kind].get(key);
    if (known !== undefined) {
      this.touched[kind].add(key);
      this.stats.hits++;
      return JSON.parse(known) as unknown;
    }
    let data: string | undefined;
    let value: unknown;
    try {
      data = this.readEntry(this.path(kind, key), kind, key);
      if (data === undefined) {
        this.stats.misses++;
        return undefined;
      }
      value = JSON.parse(data) as unknown;
    } catch {
      this.stats.rejected++;
      return undefined;
    }
    this.remember(kind, key, data);
    this.stats.hits++;
    return value;
  }

  private remember(kind: VerdictKind, key: string, data: string): void {
    this.memory[kind].set(key, data);
    this.touched[kind].add(key);
  }

  useBatches(scope: string): void {
    if (this.scope === scope) return;
    // Another workspace in the same process (a library caller): its batches are its own, and
    // what the last one learned is written to its own batches first.
    if (this.scope !== null) this.saveBatches({ complete: false });
    this.scope = scope;
    this.loaded.clear();
    for (const kind of KINDS) {
      this.touched[kind].clear();
      this.unsaved[kind] = 0;
    }
  }

  private loadBatch(kind: VerdictKind, scope: string): void {
    const keys = new Set<string>();
    this.loaded.set(kind, keys);
    const { file, id } = this.batchPath(kind, scope);
    const pairs: Array<[string, string]> = [];
    try {
      const text = this.readEntry(file, `batch:${kind}`, id);
      // No batch yet is the normal first run.
      if (text === undefined) return;
      const doc = JSON.parse(text) as unknown;
      if (!Array.isArray(doc)) throw new Error('malformed');
      for (const pair of doc as unknown[]) {
        if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || !KEY.test(pair[0]) || typeof pair[1] !== 'string') throw new Error('malformed');
        pairs.push([pair[0], pair[1]]);
      }
    } catch {
      // An entry not trusted.
      this.stats.rejected++;
      return;
    }
    const memory = this.memory[kind];
    for (const [key, data] of pairs) {
      keys.add(key);
      memory.set(key, data);
    }
  }

  saveBatches(opts: { complete?: boolean } = {}): void {
    const scope = this.scope;
    if (!this.secret || scope === null) return;
    for (const kind of KINDS) {
      const touched = this.touched[kind];
      if (touched.size === 0) continue;
      const keys = new Set(touched);
      if (opts.complete === false) {
        if (!this.loaded.has(kind)) this.loadBatch(kind, scope);
        for (const k of this.loaded.get(kind) ?? []) keys.add(k);
      }
      const before = this.loaded.get(kind);
      if (this.unsaved[kind] === 0 && before !== undefined && before.size === keys.size && [...keys].every((k) => before.has(k))) continue;
      const memory = this.memory[kind];
      const sorted = [...keys].sort();
      const { file, id } = this.batchPath(kind, scope);
      if (this.write(file, `batch:${kind}`, id, JSON.stringify(sorted.map((k) => [k, memory.get(k) as string])))) {
        this.stats.stored += this.unsaved[kind];
        this.unsaved[kind] = 0;
        this.loaded.set(kind, keys);
      }
    }
  }

  put(kind: VerdictKind, key: string, value: unknown): void {
    if (!this.secret || !KEY.test(key)) return;
    const data = JSON.stringify(value);
    // In a run with batches, already known and the same (a verdict this run read from its batch,
    // and learns again): the batch keeps it, nothing new to write. (A single entry is written again:
    // its file may be gone.)
    if (this.scope !== null && this.memory[kind].get(key) === data) {
      this.touched[kind].add(key);
      return;
    }
    this.remember(kind, key, data);
    // A workspace run writes it with the batch, at its end.
    if (this.scope !== null) {
      this.unsaved[kind]++;
      return;
    }
    if (this.write(this.path(kind, key), kind, key, data)) this.stats.stored++;
  }

  /** Write one MAC'd entry atomically; false when it could not be written (counted by the caller). */
  private write(file: string, kind: string, key: string, data: string): boolean {
    return this.writer.write(file, JSON.stringify({ format: FORMAT, kind, key, data, mac: this.mac(kind, key, data).toString('hex') }));
  }
}

/** What a run reports about the cache (install and verify --json). */
export interface VerdictReport extends VerdictStats {
  enabled: boolean;
  /** Why it is off, when it is. */
  reason: string | null;
}

export function verdictReport(store: VerdictStore): VerdictReport {
  return { enabled: store.enabled, reason: store.reason, ...store.stats };
}

const stores = new Map<string, VerdictStore>();
const bySettings = new WeakMap<VerdictSettings, VerdictStore>();

/** The store for these settings, opened once per process (callers ask once per skill). */
export function openVerdictStore(settings: VerdictSettings): VerdictStore {
  const known = bySettings.get(settings);
  if (known) return known;
  const id = `${settings.dir}\0${settings.keyFile}\0${settings.secret ? createHash('sha256').update(settings.secret).digest('hex') : ''}\0${settings.off ?? ''}`;
  let store = stores.get(id);
  if (!store) {
    if (settings.off) store = new Store(settings.dir, null, settings.off);
    else {
      const r = localSecret(settings);
      store = 'secret' in r ? new Store(settings.dir, r.secret, null) : new Store(settings.dir, null, r.reason);
    }
    stores.set(id, store);
  }
  bySettings.set(settings, store);
  return store;
}
