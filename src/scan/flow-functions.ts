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
// Imports, one a line (bounded: a line longer than this is not read as one).
const PY_FROM = /^\s*from\s+(\.*)([\w.]{0,200})\s+import\s+\(?([^()\n]{1,500})\)?\s*$/gm;
const PY_IMPORT = /^\s*import\s+([\w.]{1,200})(?:\s+as\s+(\w+))?\s*$/gm;
const JS_REQUIRE_NAMES = /\b(?:const|let|var)\s+\{([^{}\n]{1,500})\}\s*=\s*require\s*\(\s*["'](\.{1,2}\/[^"'\n]{1,200})["']\s*\)/g;
const JS_REQUIRE_NS = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\s*\(\s*["'](\.{1,2}\/[^"'\n]{1,200})["']\s*\)/g;
const JS_IMPORT_NAMES = /\bimport\s*\{([^{}\n]{1,500})\}\s*from\s*["'](\.{1,2}\/[^"'\n]{1,200})["']/g;
const JS_IMPORT_NS = /\bimport\s+\*\s+as\s+([A-Za-z_$][\w$]*)\s+from\s*["'](\.{1,2}\/[^"'\n]{1,200})["']/g;
const JS_SUFFIXES = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '/index.js', '/index.ts'];
const MAX_IMPORTS = 64;

interface Import {
  /** The file imported, a path of the skill. */
  file: string;
  /** Imported name -> local name; or a whole module under a local name (`ns`). */
  names: Array<[string, string]>;
  ns?: string;
}

/** The imports of `m` that name files of the skill (`files`: the skill's code files by path). */
function importsOf(m: ModuleView, files: ReadonlyMap<string, ModuleView>): Import[] {
  const out: Import[] = [];
  const dir = posix.dirname(m.path);
  const text = m.view.text;
  const add = (file: string | undefined, names: Array<[string, string]>, ns?: string) => {
    if (file !== undefined && file !== m.path && out.length < MAX_IMPORTS) out.push({ file, names, ns });
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
      const names: Array<[string, string]> = [];
      for (const part of (m2[3] as string).split(',')) {
        const nm = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (nm) names.push([nm[1] as string, nm[2] ?? (nm[1] as string)]);
      }
      add(pyModule((m2[1] as string).length, m2[2] as string), names);
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
    for (const m2 of text.matchAll(JS_REQUIRE_NS)) add(jsModule(m2[2] as string), [], m2[1] as string);
  }
  if (text.includes('import')) {
    for (const m2 of text.matchAll(JS_IMPORT_NAMES)) add(jsModule(m2[2] as string), named(m2[1] as string, /\s+as\s+/));
    for (const m2 of text.matchAll(JS_IMPORT_NS)) add(jsModule(m2[2] as string), [], m2[1] as string);
  }
  return out;
}

/**
 * The flows whose value a file imports from another file of the skill. Runs only where a file
 * holds a fetch's (or the environment's) words and another holds a code runner's (or a request's)
 * and imports it; each exporting file is followed once.
 */
export function moduleFlows(modules: ModuleView[]): ModuleFlow[] {
  if (modules.length < 2) return [];
  const exporters = modules.filter((m) => REMOTE_WORDS.some(m.has) || ENV_WORDS.some(m.has));
  if (exporters.length === 0) return [];
  const importers = modules.filter((m) => CODE_RUN_WORDS.some(m.has) || SEND_WORDS.some(m.has));
  if (importers.length === 0) return [];
  const files = new Map(modules.map((m) => [m.path, m]));
  const exporting = new Set(exporters.map((m) => m.path));
  const returns = new Map<string, ReturnType<typeof functionReturns>>();
  const out: ModuleFlow[] = [];
  for (const m of importers) {
    // Imports of a file of the skill that this file calls (`name(`, `ns.name(`).
    const text = m.view.text;
    const imports = importsOf(m, files).filter((i) => exporting.has(i.file) && (i.ns !== undefined ? text.includes(`${i.ns}.`) : i.names.some(([, local]) => text.includes(`${local}(`))));
    if (imports.length === 0) continue;
    const seeds: FlowSeeds = { remote: new Map(), env: new Map(), origins: [] };
    for (const imp of imports) {
      const from = files.get(imp.file) as ModuleView;
      let r = returns.get(imp.file);
      if (!r) returns.set(imp.file, (r = functionReturns(from.path, from.view, from.has)));
      for (const kind of ['remote', 'env'] as const) {
        const seeded = seeds[kind];
        const give = (fn: string, local: string) => {
          const t = r[kind].get(fn);
          // Only a function this file calls.
          if (!t || t[0] < 0 || !m.view.text.includes(`${local}(`)) return;
          seeds.origins.push(`${from.path} line ${from.view.baseLine + t[0]}`);
          seeded.set(local, [-seeds.origins.length, t[1]]);
        };
        if (imp.ns !== undefined) for (const fn of r[kind].keys()) give(fn, `${imp.ns}.${fn}`);
        for (const [fn, local] of imp.names) give(fn, local);
      }
    }
    if (seeds.remote.size === 0 && seeds.env.size === 0) continue;
    for (const flow of seededFlows(m.path, m.view, seeds)) {
      if (flow.sourceLine >= 0) continue;
      out.push({ path: m.path, view: m.view, flow: { ...flow, origin: seeds.origins[-flow.sourceLine - 1] as string } });
    }
  }
  return out;
}
