// The install recipe of a dependency-install request must be one the reviewed SKILL.md declares.
//
// OpenClaw's dependency installer reads the recipe (brew formula, npm package, download URL, …)
// from the installed SKILL.md first and asks the hook after, with the recipe in
// `skill.installSpec` and the installed folder as sourcePath. A SKILL.md changed in between (by
// whatever can write the sandbox) would have the hook review one file while OpenClaw runs another.
// Comparing the recipe in the request with the reviewed file binds the answer to what runs.

import type { InstallSpec } from '../manifest/index.js';

/** Fields that only describe a recipe (which one, what it is called, when it applies), not what it installs. */
const DESCRIPTIVE = new Set(['id', 'label', 'bins', 'os']);

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : undefined);

function asUrl(v: unknown): string | undefined {
  const t = text(v);
  if (!t) return undefined;
  try {
    return new URL(t).toString();
  } catch {
    return undefined;
  }
}

const same = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));

/**
 * The fields of a reviewed spec that OpenClaw 2026.9.6 keeps in the recipe it runs
 * (frontmatter parseInstallSpec, then install normalizeSkillInstallSpec) and that change what it
 * installs or whether it checks it: the download's sha256, archive, extract, stripComponents,
 * targetDir. Each one the reviewed spec has must be in the request too: a recipe without the
 * sha256 downloads unchecked, one without targetDir lands elsewhere.
 */
function keptByOpenclaw(spec: InstallSpec): string[] {
  const out: string[] = [];
  const kind = (text(spec.kind) ?? text(spec.type))?.toLowerCase();
  if (kind === 'download' && /^[a-f0-9]{64}$/.test(text(spec.sha256)?.toLowerCase() ?? '')) out.push('sha256');
  if (typeof spec.archive === 'string' && spec.archive !== '') out.push('archive');
  if (typeof spec.extract === 'boolean') out.push('extract');
  if (typeof spec.stripComponents === 'number') out.push('stripComponents');
  if (typeof spec.targetDir === 'string' && spec.targetDir !== '') out.push('targetDir');
  return out;
}

/**
 * Whether `spec` (as written in the reviewed SKILL.md) is the recipe `wanted` (as OpenClaw
 * normalised it: kind lower-cased, strings trimmed, URLs in WHATWG form, sha256 lower-cased, a cask
 * as its formula). Every field of `wanted` that says what is installed must match, and every field
 * of `spec` that OpenClaw would have kept (keptByOpenclaw) must be in `wanted`.
 */
export function declaresRecipe(spec: InstallSpec, wanted: Record<string, unknown>): boolean {
  if (keptByOpenclaw(spec).some((k) => !Object.hasOwn(wanted, k))) return false;
  for (const [k, v] of Object.entries(wanted)) {
    if (DESCRIPTIVE.has(k)) continue;
    const raw = (spec as Record<string, unknown>)[k];
    let ok: boolean;
    switch (k) {
      case 'kind':
        ok = typeof v === 'string' && v.toLowerCase() === (text(spec.kind) ?? text(spec.type))?.toLowerCase();
        break;
      case 'formula':
        ok = v === text(spec.formula) || v === text(spec.cask);
        break;
      case 'url':
        ok = v === asUrl(raw) || v === text(raw);
        break;
      case 'sha256':
        ok = v === text(raw)?.toLowerCase();
        break;
      default:
        ok = same(v, raw) || (typeof v === 'string' && v === text(raw));
    }
    if (!ok) return false;
  }
  return true;
}

/** A short form of a recipe for a message: `node package left-pad@1.0.0`. */
export function recipeSummary(wanted: Record<string, unknown>): string {
  const parts = ['kind', 'formula', 'package', 'module', 'url']
    .filter((k) => typeof wanted[k] === 'string')
    .map((k) => (k === 'kind' ? String(wanted[k]) : `${k} ${String(wanted[k])}`));
  return parts.length ? parts.join(' ') : JSON.stringify(wanted).slice(0, 200);
}
