// Journals as this machine's skillpin signs them, for tests of what recovery does with one it
// would act on. Kept out of helpers.ts: it loads the pipeline, which tests that mock node:fs for
// the modules they import (folder-read.test.ts) must not load first.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { journalText } from '../src/pipeline/journal.js';
import { verdictSettings } from '../src/verdicts/index.js';
import { tempDir } from './helpers.js';

/**
 * Write `doc` as a journal at `file` (in `<ws>/.clawhub/.skillpin-journal/`), signed as skillpin
 * signs one on this machine: the CLI run with `env` (beside the test's own) checks it with the same
 * key.
 */
export function plantJournal(file: string, doc: object, env: NodeJS.ProcessEnv = {}): void {
  const all = { ...process.env, ...env };
  const verdicts = verdictSettings(all.SKILL_CACHE ?? join(tempDir('skillpin-cache-'), 'cache'), all);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, journalText({ clawhubDir: dirname(dirname(file)), verdicts }, doc));
}
