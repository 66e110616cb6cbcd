import { afterAll } from 'vitest';
import { cleanupTemps } from './helpers.js';

// Every test file's temporary folders (tempDir, makeWorkspace) go when the file ends, also in files
// that do not call cleanupTemps themselves: a run of the suite leaves nothing under the OS temp dir.
afterAll(() => cleanupTemps());
