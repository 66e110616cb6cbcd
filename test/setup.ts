import { afterAll } from 'vitest';
import { cleanupTemps } from './helpers.js';

// Every test file's temporary folders (tempDir, makeWorkspace) go when the file ends, after the
// file's own afterAll hooks (vitest runs them in reverse order of registration): the one place
// that cleans up, so a run of the suite leaves nothing under the OS temp dir.
afterAll(() => cleanupTemps());
