// A worker of the check pool: runs the risk scan, the Sigstore verification, the unpacking or the
// hashing of an installed folder it is handed and posts back the result, or the error with its
// code. Each kind's modules load on its first task (a worker that only unpacks never loads the
// scanner or the verifier); trust material is loaded once per configuration.

import { parentPort, workerData, type TransferListItem } from 'node:worker_threads';
import { SkillpinError, fileSystemError, messageOf } from '../errors.js';
import type { TrustConfig, TrustContext } from '../provenance/index.js';
import type { ArchiveEntry } from '../source/types.js';
import type { Reply, StageEntry, Task } from './index.js';

// No stack traces in this thread: a failure goes back as its code, message and facts only (below),
// and @sigstore/core's ASN.1 parser throws and catches an error for every OCTET STRING it probes
// for nested content, several per certificate. Capturing those stacks was 7-12% of each bundle's
// verification (scripts/bench-provenance.js conditions, 300 bundles, interleaved).
Error.stackTraceLimit = 0;

/** Set by the main thread on Ctrl-C (CheckPool): stop writing staging folders. */
const stopFlag = (workerData as { stop?: Int32Array } | null)?.stop ?? null;

const trusts = new Map<string, Promise<TrustContext>>();

async function trustFor(cfg: TrustConfig): Promise<TrustContext> {
  const key = JSON.stringify(cfg);
  let t = trusts.get(key);
  if (!t) {
    t = import('../provenance/index.js').then((m) => m.loadTrust(cfg));
    trusts.set(key, t);
  }
  return t;
}

/**
 * Read buffers of this thread's folder checks, one per task in progress: tasks interleave at their
 * awaits (a large file is read asynchronously), and a buffer shared between two would mix their
 * bytes.
 */
const treeBuffers: Buffer[] = [];

/** Structured cloning delivers Uint8Arrays; the code below reads Buffers. */
const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

async function perform(task: Task): Promise<{ value: unknown; transfer?: TransferListItem[] }> {
  switch (task.kind) {
    case 'scan': {
      const { scanSkill } = await import('../scan/index.js');
      const value = scanSkill(task.files.map((f) => ({ path: f.path, data: Buffer.from(task.buffer, f.offset, f.length) })), task.opts);
      // Listed for transfer though the reply does not name it: it leaves this thread's memory now.
      return { value, transfer: [task.buffer] };
    }
    case 'provenance': {
      const { verifyStoredDocument } = await import('../provenance/index.js');
      const stored = { file: task.stored.file, bytes: asBuffer(task.stored.bytes) };
      const trust = await trustFor(task.trust);
      if (trust.fingerprint !== task.fingerprint) {
        throw new SkillpinError('EPROVENANCE', `${task.locked.name}@${task.locked.version}: the trusted roots or registry keys changed on disk during this run, so the bundle was not checked`, {
          skill: task.locked.name,
          hint: 'Run the command again once .clawhub/trust (or the files config.json names) no longer changes.',
        });
      }
      return { value: verifyStoredDocument(task.locked, stored, trust) };
    }
    case 'unpack': {
      const { packUnpacked, unpackArchive } = await import('../sandbox/unpack.js');
      const unpacked = unpackArchive(asBuffer(task.archive), task.expected, task.limits, task.skill, task.pack ?? undefined);
      // Only a remembered parse is checked here (is this the file and are these the bytes it was
      // parsed from). A parse from scratch is left to the pipeline on the main thread: in a run
      // that parses (cold, or the verdict cache off) this thread is the busier one, scanning and
      // checking signatures, while the main thread waits on downloads (8.78 against 9.30 s for a
      // cold install of 1,000, 5 interleaved runs).
      let manifest = null;
      try {
        if (task.known !== null) manifest = (await import('../manifest/entries.js')).manifestOf(unpacked.entries, task.skill, task.known);
      } catch {
        // Parsed again where the pipeline needs it, which raises the EMANIFEST with its hint there.
      }
      const packed = packUnpacked(unpacked, manifest);
      return { value: packed, transfer: [packed.buffer] };
    }
    case 'stage': {
      const { writeEntries } = await import('../sandbox/write.js');
      const entries = (JSON.parse(task.entries) as StageEntry[]).map(([path, type, mode, offset, length]): ArchiveEntry => (type === 'file' ? { path, type, mode, data: Buffer.from(task.buffer, offset, length) } : { path, type, mode }));
      await writeEntries(task.dir, entries, { stopped: () => stopFlag !== null && Atomics.load(stopFlag, 0) === 1 });
      return { value: null };
    }
    case 'preload': {
      // What the tasks of a run that unpacks tarballs will need, loaded while the main thread is
      // still fetching the first ones. A failure here (a bad trust file) fails only the preload,
      // which install does not wait for: the first task that needs the same thing fails with it.
      await Promise.all([import('../sandbox/unpack.js'), import('../manifest/entries.js'), import('../scan/index.js')]);
      const loaded = ['unpack', 'scan'];
      if (task.trust !== null && task.trust.provenance !== 'off') {
        const { prepareVerification } = await import('../provenance/index.js');
        prepareVerification(await trustFor(task.trust));
        loaded.push('provenance');
      }
      return { value: loaded };
    }
    case 'load': {
      // The code of one kind of task, so that this thread takes the next one at once (CheckPool.ready).
      await (task.what === 'tree' ? import('../verify/files.js') : import('../sandbox/write.js'));
      return { value: null };
    }
    case 'tree': {
      const { READ_CHUNK, checkInstalledTree } = await import('../verify/files.js');
      const buf = treeBuffers.pop() ?? Buffer.allocUnsafe(READ_CHUNK);
      try {
        return { value: await checkInstalledTree(task.dir, task.shownDir, task.expected, buf) };
      } finally {
        treeBuffers.push(buf);
      }
    }
  }
}

parentPort?.on('message', (msg: { id: number; task: Task }) => {
  perform(msg.task).then(
    ({ value, transfer }) => parentPort?.postMessage({ id: msg.id, ok: true, value } satisfies Reply, transfer),
    (thrown: unknown) => {
      // A full disk or a refused write reaches the main thread as the EFS error it would have
      // been there: only a SkillpinError crosses with its code, anything else as a bare message
      // (an internal error, exit 70).
      const err = fileSystemError(thrown) ?? thrown;
      const error = err instanceof SkillpinError ? { code: err.code, message: err.message, facts: { ...err.facts, ...(err.hint ? { hint: err.hint } : {}), ...(err.skill ? { skill: err.skill } : {}) } } : { message: messageOf(err) };
      parentPort?.postMessage({ id: msg.id, ok: false, error } satisfies Reply);
    },
  );
});
