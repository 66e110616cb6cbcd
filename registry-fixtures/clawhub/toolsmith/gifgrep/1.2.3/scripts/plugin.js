// Loads a provider plugin: reads its source from the providers folder and evaluates it (why ClawHub flags this version).
import { readFile } from 'node:fs/promises';
const source = await readFile(new URL(`../providers/${process.argv[2]}.js`, import.meta.url), 'utf8');
new Function(source)();
