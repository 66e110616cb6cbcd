// A check worker: runs the risk scan or the Sigstore verification it is handed and posts back the
// result, or the error with its code. Trust material is loaded once per configuration.

import { parentPort } from 'node:worker_threads';
import { SkillpinError, messageOf } from '../errors.js';
import { loadTrust, verifyProvenance, type TrustConfig, type TrustContext } from '../provenance/index.js';
import { scanSkill } from '../scan/index.js';
import type { Reply, Task } from './index.js';

const trusts = new Map<string, Promise<TrustContext>>();

function trustFor(cfg: TrustConfig): Promise<TrustContext> {
  const key = JSON.stringify(cfg);
  let t = trusts.get(key);
  if (!t) {
    t = loadTrust(cfg);
    trusts.set(key, t);
  }
  return t;
}

async function perform(task: Task): Promise<unknown> {
  if (task.kind === 'scan') {
    // Structured cloning delivers Uint8Arrays; the scanner reads Buffers.
    const files = task.files.map((f) => ({ path: f.path, data: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength) }));
    return scanSkill(files, task.opts);
  }
  return verifyProvenance(task.input, await trustFor(task.trust));
}

parentPort?.on('message', (msg: { id: number; task: Task }) => {
  perform(msg.task).then(
    (value) => parentPort?.postMessage({ id: msg.id, ok: true, value } satisfies Reply),
    (err: unknown) => {
      const error = err instanceof SkillpinError ? { code: err.code, message: err.message, facts: { ...err.facts, ...(err.hint ? { hint: err.hint } : {}), ...(err.skill ? { skill: err.skill } : {}) } } : { message: messageOf(err) };
      parentPort?.postMessage({ id: msg.id, ok: false, error } satisfies Reply);
    },
  );
});
