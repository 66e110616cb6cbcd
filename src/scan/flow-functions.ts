// Values followed across the files of a skill: a function of one file whose return holds a fetched
// value (or the whole environment), imported by another file that runs it (or sends it).
// `from utils import fetch_code` / `import utils` then `exec(utils.fetch_code())`;
// `const { load } = require('./lib/net')`; `import { load } from './net.js'`. Only the skill's own
// files are resolved: relative imports and module names of the same folder (or the skill's root),
// never a package installed elsewhere.

import { posix } from 'node:path';
import { CODE_RUN_WORDS, ENV_WORDS, functionReturns, REMOTE_WORDS, seededFlows, SEND_WORDS, type CodeFlow, type FlowSeeds } from './flow.js';
import type { View } from './text.js';

/** A code file's main view, kept by scanFile for this pass. `has(word)`: the view holds that word of CODE_FLOW_WORDS. */
export interface ModuleView {
  path: string;
  view: View;
  has: (word: string) => boolean;
}

/** A flow whose value comes from another file: `origin` names that file and line. */
export interface ModuleFlow {
  path: string;
  view: View;
  flow: CodeFlow & { origin: string };
}

export const CODE_MODULE = /\.(?:py|[cm]?[jt]sx?)$/i;
const PY_FILE = /\.py$/i;
const JS_MODULE = /\.[cm]?[jt]sx?$/i;
// Imports, one a line (bounded: a line longer than this is not read as one).
const PY_FROM = /^\s*from\s+(\.*)([\w.]{0,200})\s+import\s+\(?([^()\n]{1,500})\)?\s*$/gm;
const PY_IMPORT = /^\s*import\s+([\w.]{1,200})(?:\s+as\s+(\w+))?\s*$/gm;
const JS_REQUIRE_NAMES = /\b(?:const|let|var)\s+\{([^{}\n]{1,500})\}\s*=\s*require\s*\(\s*["'](\.{1,2}\/[^"'\n]{1,200})["']\s*\)/g;
const JS_REQUIRE_NS = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\s*\(\s*["'](\.{1,2}\/[^"'\n]{1,200})["']\s*\)/g;
const JS_IMPORT_NAMES = /\bimport\s*(?:[A-Za-z_$][\w$]*\s*,\s*)?\{([^{}\n]{1,500})\}\s*from\s*["'](\.{1,2}\/[^"'\n]{1,200})["']/g;
const JS_IMPORT_NS = /\bimport\s+(?:[A-Za-z_$][\w$]*\s*,\s*)?\*\s+as\s+([A-Za-z_$][\w$]*)\s+from\s*["'](\.{1,2}\/[^"'\n]{1,200})["']/g;
// `import load from './x.js'`, `import load, { a } from …`, `import load, * as m from …`: the default export.
const JS_IMPORT_DEFAULT = /\bimport\s+([A-Za-z_$][\w$]*)\s*(?:,\s*(?:\{[^{}\n]{0,500}\}|\*\s+as\s+[A-Za-z_$][\w$]*)\s*)?from\s*["'](\.{1,2}\/[^"'\n]{1,200})["']/g;
// The function a module exports as its default: `export default function load`, `export default load`,
// `export { load as default }`, `module.exports = load` (one without a name is `default` itself, see flow.ts).
const JS_DEFAULT_NAME = /^\s*(?:export\s+default\s+(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)|export\s+default\s+([A-Za-z_$][\w$]*)\s*;?\s*$|module\.exports\s*=\s*([A-Za-z_$][\w$]*)\s*;?\s*$|export\s*\{[^{}\n]*?\b([A-Za-z_$][\w$]*)\s+as\s+default\b)/m;
const JS_SUFFIXES = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '/index.js', '/index.ts'];
const MAX_IMPORTS = 64;
// Links followed from the file that runs a value to the one that fetched it (a.js imports b.js, which imports c.js's fetch: two).
const MAX_CHAIN = 4;

interface Import {
  /** The file imported, a path of the skill. */
  file: string;
  /** Imported name -> local name; or a whole module under a local name (`ns`). */
  names: Array<[string, string]>;
  ns?: string;
  /** `from x import *`: every function of it, by its own name. */
  star?: boolean;
}

/** The imports of `m` that name files of the skill (`files`: the skill's code files by path). */
function importsOf(m: ModuleView, files: ReadonlyMap<string, ModuleView>): Import[] {
  const out: Import[] = [];
  const dir = posix.dirname(m.path);
  const text = m.view.text;
  const add = (file: string | undefined, names: Array<[string, string]>, ns?: string, star?: boolean) => {
    if (file !== undefined && file !== m.path && out.length < MAX_IMPORTS) out.push({ file, names, ns, ...(star ? { star } : {}) });
  };
  if (PY_FILE.test(m.path)) {
    // `from .lib.utils import a as b`: dots climb from this folder; none: this folder, then the skill's root.
    const pyModule = (dots: number, dotted: string): string | undefined => {
      const rel = dotted.split('.').filter((p) => p !== '').join('/');
      const bases = dots > 0 ? [posix.join(dir, ...Array<string>(dots - 1).fill('..'))] : [dir, '.'];
      for (const base of bases) {
        if (rel === '') continue;
        for (const cand of [`${rel}.py`, `${rel}/__init__.py`]) {
          const p = posix.normalize(posix.join(base, cand));
          if (files.has(p)) return p;
        }
      }
      return undefined;
    };
    if (text.includes('from ')) for (const m2 of text.matchAll(PY_FROM)) {
      const dots = (m2[1] as string).length;
      const from = m2[2] as string;
      if ((m2[3] as string).trim() === '*') {
        add(pyModule(dots, from), [], undefined, true);
        continue;
      }
      const names: Array<[string, string]> = [];
      for (const part of (m2[3] as string).split(',')) {
        const nm = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (!nm) continue;
        // `from . import net`, `from pkg import net`: a module of the skill, imported whole under its name.
        const sub = pyModule(dots, from === '' ? (nm[1] as string) : `${from}.${nm[1] as string}`);
        if (sub !== undefined) add(sub, [], nm[2] ?? (nm[1] as string));
        else names.push([nm[1] as string, nm[2] ?? (nm[1] as string)]);
      }
      if (names.length > 0) add(pyModule(dots, from), names);
    }
    if (text.includes('import ')) for (const m2 of text.matchAll(PY_IMPORT)) add(pyModule(0, m2[1] as string), [], m2[2] ?? (m2[1] as string));
    return out;
  }
  const jsModule = (spec: string): string | undefined => {
    for (const suffix of JS_SUFFIXES) {
      const p = posix.normalize(posix.join(dir, spec + suffix));
      if (files.has(p)) return p;
    }
    return undefined;
  };
  const named = (list: string, sep: RegExp): Array<[string, string]> => {
    const names: Array<[string, string]> = [];
    for (const part of list.split(',')) {
      const [a, b] = part.split(sep).map((s) => s.trim());
      if (a !== undefined && /^[A-Za-z_$][\w$]*$/.test(a)) names.push([a, b !== undefined && /^[A-Za-z_$][\w$]*$/.test(b) ? b : a]);
    }
    return names;
  };
  if (text.includes('require')) {
    for (const m2 of text.matchAll(JS_REQUIRE_NAMES)) add(jsModule(m2[2] as string), named(m2[1] as string, /:/));
    // A module required whole: its functions by `ns.name(`, and its default export (`module.exports = load`) by `ns(`.
    for (const m2 of text.matchAll(JS_REQUIRE_NS)) add(jsModule(m2[2] as string), [['default', m2[1] as string]], m2[1] as string);
  }
  if (text.includes('import')) {
    for (const m2 of text.matchAll(JS_IMPORT_NAMES)) add(jsModule(m2[2] as string), named(m2[1] as string, /\s+as\s+/));
    for (const m2 of text.matchAll(JS_IMPORT_NS)) add(jsModule(m2[2] as string), [], m2[1] as string);
    for (const m2 of text.matchAll(JS_IMPORT_DEFAULT)) add(jsModule(m2[2] as string), [['default', m2[1] as string]]);
  }
  return out;
}

/** Functions of a file whose return holds the value, by name -> [where the value comes from (`utils.py line 4`), whether whole]. */
type Returns = Record<'remote' | 'env', Map<string, [string, boolean]>>;

/**
 * The flows whose value a file imports from another file of the skill. Runs only where a file
 * holds a fetch's (or the environment's) words and another holds a code runner's (or a request's);
 * the value is followed through up to MAX_CHAIN modules (a.js imports b.js, whose function returns
 * what c.js's fetched), each file's functions found once.
 */
export function moduleFlows(modules: ModuleView[]): ModuleFlow[] {
  if (modules.length < 2) return [];
  const exporters = modules.filter((m) => REMOTE_WORDS.some(m.has) || ENV_WORDS.some(m.has));
  if (exporters.length === 0) return [];
  const importers = modules.filter((m) => CODE_RUN_WORDS.some(m.has) || SEND_WORDS.some(m.has));
  if (importers.length === 0) return [];
  const files = new Map(modules.map((m) => [m.path, m]));
  const importsCache = new Map<string, Import[]>();
  const importsOfFile = (m: ModuleView): Import[] => {
    let list = importsCache.get(m.path);
    if (!list) importsCache.set(m.path, (list = importsOf(m, files)));
    return list;
  };
  // Each file's returns, by path, with the depth they were found at (in progress: empty, so a cycle
  // of imports ends). Found nearer the top, a file's own imports reach further: a result found at
  // a greater depth is found again, at most MAX_CHAIN times a file. (Kept whatever the depth, a long
  // decoy chain read first hid a short one to the same file.)
  const returns = new Map<string, { r: Returns; depth: number }>();
  const returnsOf = (path: string, depth: number): Returns => {
    const known = returns.get(path);
    if (known && known.depth <= depth) return known.r;
    const r: Returns = { remote: new Map(), env: new Map() };
    returns.set(path, { r, depth });
    const m = files.get(path) as ModuleView;
    const seeds = depth < MAX_CHAIN ? seedsOf(m, depth + 1, false) : undefined;
    const own = REMOTE_WORDS.some(m.has) || ENV_WORDS.some(m.has);
    if (!own && (seeds === undefined || (seeds.remote.size === 0 && seeds.env.size === 0))) return r;
    const found = functionReturns(m.path, m.view, m.has, seeds);
    for (const kind of ['remote', 'env'] as const) {
      for (const [fn, [line, whole]] of found[kind]) {
        const origin = line >= 0 ? `${m.path} line ${m.view.baseLine + line}` : seeds?.origins[-line - 1];
        if (origin !== undefined) r[kind].set(fn, [origin, whole]);
      }
      // The module's default export, under the name `default` (`import load from './x.js'`).
      if (JS_MODULE.test(m.path) && !r[kind].has('default')) {
        const d = JS_DEFAULT_NAME.exec(m.view.text);
        const name = d?.slice(1).find((n) => n !== undefined);
        const t = name === undefined ? undefined : r[kind].get(name);
        if (t) r[kind].set('default', t);
      }
    }
    return r;
  };
  // The functions `m` imports from files of the skill whose return holds the value; with
  // `called`, only those it calls (`name(`, `ns.name(`).
  const seedsOf = (m: ModuleView, depth: number, called: boolean): FlowSeeds => {
    const text = m.view.text;
    const seeds: FlowSeeds = { remote: new Map(), env: new Map(), origins: [] };
    for (const imp of importsOfFile(m)) {
      if (imp.ns !== undefined ? !text.includes(`${imp.ns}.`) && !text.includes(`${imp.ns}(`) : !imp.star && !imp.names.some(([, local]) => text.includes(`${local}(`))) continue;
      const r = returnsOf(imp.file, depth);
      for (const kind of ['remote', 'env'] as const) {
        const seeded = seeds[kind];
        const give = (fn: string, local: string) => {
          const t = r[kind].get(fn);
          // Only a function this file calls.
          if (!t || (called && !text.includes(`${local}(`))) return;
          seeds.origins.push(t[0]);
          seeded.set(local, [-seeds.origins.length, t[1]]);
        };
        if (imp.ns !== undefined) for (const fn of r[kind].keys()) give(fn, `${imp.ns}.${fn}`);
        if (imp.star) for (const fn of r[kind].keys()) give(fn, fn);
        for (const [fn, local] of imp.names) give(fn, local);
      }
    }
    return seeds;
  };
  const out: ModuleFlow[] = [];
  for (const m of importers) {
    const seeds = seedsOf(m, 1, true);
    if (seeds.remote.size === 0 && seeds.env.size === 0) continue;
    for (const flow of seededFlows(m.path, m.view, seeds)) {
      if (flow.sourceLine >= 0) continue;
      out.push({ path: m.path, view: m.view, flow: { ...flow, origin: seeds.origins[-flow.sourceLine - 1] as string } });
    }
  }
  return out;
}
