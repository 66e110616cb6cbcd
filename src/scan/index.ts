// Static risk scanner: rules over every file of a skill, fully, on normalised text and decoded blobs.
// The way into src/scan; the review and the CLI call scanSkill and decide. The install pipeline
// takes cached.js and decide.js directly: a run whose scans a worker does or the verdict cache
// answers never loads the scanner.

import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SkillpinError } from '../errors.js';
import { engineFinding, flowFindings, moduleFindings, scanFile, type Finding } from './engine.js';
import type { ModuleView } from './flow-functions.js';
import type { Download, FlowText } from './flow.js';
import { ALL_RULES, type Severity } from './rules.js';
import { findSquat, POPULAR_SLUGS } from './typosquat.js';
import { decodeText } from './text.js';
import { CATALOGUE_NAME, DATA_FILE, DOC_FILE } from './rules.js';
import { decide } from './decide.js';
import { SKILL_FILE_NAMES } from '../manifest/names.js';

export type { Severity } from './rules.js';
export type { Finding } from './engine.js';
export { scanSkillCached, type ScanRunner } from './cached.js';
export { decide } from './decide.js';

export interface SkillFile {
  /** Relative POSIX path inside the skill folder. */
  path: string;
  data: Buffer;
}

export interface ScanOptions {
  /** The skill's name (lock key / slug); when absent, the `name:` of SKILL.md is used. */
  name?: string;
  /** Names already in the lock, checked for typosquatting alongside the popular slugs. */
  knownNames?: string[];
}

export interface ScanResult {
  findings: Finding[];
  decision: 'allow' | 'warn' | 'block';
}

/** Every rule the scanner can report, with its severity and family. */
export const RULES: ReadonlyArray<{ id: string; severity: Severity; message: string; family: string }> = Object.freeze(
  ALL_RULES.map((r) => Object.freeze({ ...r })),
);

/** Warnings common in honest memory and social skills; a look-alike name does not raise them. */
const NOT_RAISED_BY_SQUAT = new Set(['persist.agent-memory', 'manifest.always', 'secret.hardcoded']);

const SEVERITY_RANK: Record<Severity, number> = { block: 0, warn: 1, info: 2 };

/** Scan every file of a skill. Deterministic: same files in, same findings out. */
export function scanSkill(files: SkillFile[], opts: ScanOptions = {}): ScanResult {
  const raw: Finding[] = [];
  const ordered = [...files].sort((a, b) => compare(a.path, b.path));
  const head = manifestHead(ordered);
  const declared = nameIn(head.frontmatter);
  const name = opts.name ?? declared;
  const securityTool = isSecurityTool(head, [name, declared]);
  const downloads: Download[] = [];
  const decoded: FlowText[] = [];
  const modules: ModuleView[] = [];
  const ran = scanFiles(ordered, securityTool, raw, downloads, decoded, modules);
  raw.push(...moduleFindings(modules, securityTool, ran));
  // A file downloaded in one place and run in another: known only once every file is read.
  raw.push(...flowFindings(ordered, downloads, securityTool, decoded, ran));

  // A name that is itself a popular slug imitates none of its neighbours (`clawdhub`, the earlier
  // name of `clawhub`, is both a real skill and one edit from it), as a popular package is never a
  // squat of another (squattedPackage); a copy under another owner is not a name the name can tell.
  if (name && !POPULAR_SLUGS.includes(name.toLowerCase())) {
    const squat = findSquat(name, [...POPULAR_SLUGS, ...(opts.knownNames ?? [])]);
    if (squat) {
      // A look-alike name never blocks alone, but it turns every other warning into a block:
      // a clone that also carries a risky pattern is the ClawHavoc shape.
      for (const f of raw) {
        if (f.severity === 'warn' && !NOT_RAISED_BY_SQUAT.has(f.rule)) {
          f.severity = 'block';
          f.message += ` (raised: the name imitates "${squat.target}")`;
        }
      }
      raw.push({
        rule: 'name.typosquat',
        severity: 'warn',
        file: manifestFile(ordered) ?? 'SKILL.md',
        line: 1,
        message: `skill name "${name}" imitates "${squat.target}": ${squat.how}`,
        evidence: `${name} ~ ${squat.target}`.slice(0, 120),
      });
    }
  }

  raw.push(...manifestFindings(ordered));
  const findings = dedupe(raw);
  return { findings, decision: decide(findings) };
}

/**
 * Read every regular file of a skill folder, recursively, as relative POSIX paths in sorted order.
 * Symlinks and special files are refused with ESANDBOX: nothing outside the folder is read.
 */
export async function readSkillFolder(dir: string): Promise<SkillFile[]> {
  const top = await lstat(dir);
  if (top.isSymbolicLink() || !top.isDirectory()) {
    throw new SkillpinError('ESANDBOX', `skill folder ${dir} refused: ${top.isSymbolicLink() ? 'it is a symlink' : 'not a folder'}`, {
      path: dir,
      hint: 'Point the scanner at a real folder holding the skill, not a link to one.',
    });
  }
  const out: SkillFile[] = [];
  const walk = async (abs: string, rel: string): Promise<void> => {
    const entries = await readdir(abs, { withFileTypes: true });
    entries.sort((a, b) => compare(a.name, b.name));
    for (const e of entries) {
      const childAbs = join(abs, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const st = await lstat(childAbs);
      if (st.isSymbolicLink()) {
        throw new SkillpinError('ESANDBOX', `skill file ${childRel} refused: symlinks are not allowed in a skill`, {
          path: childRel,
          hint: 'Replace the symlink with the file it points to, or remove it, then scan again.',
        });
      }
      if (st.isDirectory()) await walk(childAbs, childRel);
      else if (st.isFile()) out.push({ path: childRel, data: await readFile(childAbs) });
      else {
        throw new SkillpinError('ESANDBOX', `skill file ${childRel} refused: not a regular file (device, FIFO or socket)`, {
          path: childRel,
          hint: 'A skill may hold only regular files and folders; remove the special file.',
        });
      }
    }
  };
  await walk(dir, '');
  return out;
}

// A file given to a shell or an interpreter as the program it runs: `bash docs/x.txt`, `sh ./x`,
// `source x`, `. x`, `python3 x`, `pwsh -File x` (options before it skipped).
const RUN_FILE = /(?:\b(?:ba|z|da|k)?sh|\bsource|(?:^|[\s;&|(`])\.|\bpython[23]?|\bnode|\bperl|\bruby|\bpwsh|\bpowershell(?:\.exe)?)(?:\s+-\S+)*\s+["'`]?((?:\.{1,2}\/)?[\w.-]+(?:\/[\w.-]+)*)/gi;

const isCatalogue = (path: string) => (DOC_FILE.test(path) || DATA_FILE.test(path)) && CATALOGUE_NAME.test(path);

/**
 * Scan every file; returns the documents and data files named as attack catalogues (which the
 * engine reads as descriptions, CATALOGUE_NAME) that another file of the skill runs as a program
 * (`bash docs/payloads.txt`): such a file is the program, not a description of one. In a skill
 * with such a file, the others are scanned first and their normalised text (where `b""ash` reads
 * `bash`) says which is run; the findings, downloads and blobs are then put in file order, as if
 * every file had been scanned in turn.
 */
function scanFiles(files: SkillFile[], securityTool: boolean, raw: Finding[], downloads: Download[], decoded: FlowText[], modules: ModuleView[]): Set<string> {
  const named = new Set(files.filter((f) => isCatalogue(f.path)).map((f) => f.path));
  const ran = new Set<string>();
  if (named.size === 0) {
    for (const f of files) scanFile(f.path, f.data, raw, securityTool, downloads, decoded, false, undefined, modules);
    return ran;
  }
  const texts = new Map<string, string>();
  const parts = new Map<string, { raw: Finding[]; downloads: Download[]; decoded: FlowText[] }>();
  const scanOne = (f: SkillFile) => {
    const part = { raw: [] as Finding[], downloads: [] as Download[], decoded: [] as FlowText[] };
    scanFile(f.path, f.data, part.raw, securityTool, part.downloads, part.decoded, ran.has(f.path), named.has(f.path) ? undefined : texts, modules);
    parts.set(f.path, part);
  };
  for (const f of files) if (!named.has(f.path)) scanOne(f);
  for (const [path, text] of texts) {
    for (const m of text.matchAll(RUN_FILE)) {
      const target = (m[1] as string).replace(/^(?:\.\/)+/, '');
      for (const n of named) if (n !== path && (n === target || n.endsWith(`/${target}`) || target.endsWith(`/${n}`))) ran.add(n);
    }
  }
  for (const f of files) if (named.has(f.path)) scanOne(f);
  for (const f of files) {
    const part = parts.get(f.path) as { raw: Finding[]; downloads: Download[]; decoded: FlowText[] };
    for (const x of part.raw) raw.push(x);
    for (const x of part.downloads) downloads.push(x);
    for (const x of part.decoded) decoded.push(x);
  }
  return ran;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe(findings: Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.rule}\0${f.file}\0${f.line}`;
    const prev = byKey.get(key);
    if (!prev || SEVERITY_RANK[f.severity] < SEVERITY_RANK[prev.severity]) byKey.set(key, f);
  }
  return [...byKey.values()].sort((a, b) => compare(a.file, b.file) || a.line - b.line || compare(a.rule, b.rule) || compare(a.evidence, b.evidence));
}

const LOADED_NAME = 'SKILL.md';
/** SKILL.md in any letter case: what a case-insensitive file system finds for it. */
const SPELLED_SKILL_MD = /^skill\.md$/i;

/**
 * What OpenClaw's discovery (2026.9.6, skill-root-discovery) would load from this folder, against
 * what the review reads. Discovery asks for `SKILL.md` (an lstat): a folder where it is found loads
 * as one skill and is not looked inside; a folder where it is not is searched, but for its dot
 * folders and node_modules, and each folder found there loads as a skill of its own. The review
 * reads the skill's manifest by any accepted name (skill.md, skills.md, SKILL.MD), so a skill whose
 * manifest is spelt otherwise is reviewed from that file while OpenClaw may load nested ones:
 * - on a case-sensitive file system, only a file named exactly SKILL.md is found: the root does not
 *   load, and each nested exact SKILL.md does;
 * - on a case-insensitive one, any letter case is found: a root skill.md loads (and hides what is
 *   below it), but a root skills.md does not, and then a nested skill.md loads too.
 * Discovery stops on every file system below a folder with an exact SKILL.md. A nested SKILL.md
 * under a root SKILL.md is documentation (skill bundles ship them) and loads only as text the
 * agent reads.
 */
function manifestFindings(files: SkillFile[]): Finding[] {
  if (files.some((f) => f.path === LOADED_NAME)) return [];
  // A folder with no manifest at its root is not a skill: the manifest module refuses it, and a
  // wrapping folder (an archive's single top folder) is unwrapped before it gets here.
  const top = SKILL_FILE_NAMES.find((n) => files.some((f) => f.path === n));
  if (top === undefined) return [];
  const out: Finding[] = [engineFinding('manifest.case', top, 1, top, `: its manifest is named ${top}`)];
  // A root that loads where case is folded leaves only exact nested SKILL.md files to load (where it is not).
  const rootFoundSomewhere = SPELLED_SKILL_MD.test(top);
  const exact = new Set<string>();
  const found = new Map<string, string>();
  for (const f of files) {
    const slash = f.path.lastIndexOf('/');
    if (slash < 0) continue;
    const dir = f.path.slice(0, slash);
    const name = f.path.slice(slash + 1);
    if (name === LOADED_NAME) {
      exact.add(dir);
      found.set(dir, f.path);
    } else if (!rootFoundSomewhere && SPELLED_SKILL_MD.test(name) && !found.has(dir)) {
      found.set(dir, f.path);
    }
  }
  for (const [dir, file] of [...found].sort(([a], [b]) => compare(a, b))) {
    const parts = dir.split('/');
    if (parts.some((p) => p.startsWith('.') || p === 'node_modules')) continue;
    // Discovery stops, on every file system, at a folder with an exact SKILL.md.
    if (parts.some((_, i) => i < parts.length - 1 && exact.has(parts.slice(0, i + 1).join('/')))) continue;
    const where = file.endsWith(`/${LOADED_NAME}`) ? 'on a case-sensitive file system' : 'on a case-insensitive file system, where it is found as SKILL.md';
    out.push(engineFinding('manifest.nested-skill', file, 1, file, ` (the review reads ${top}; OpenClaw loads this file ${where})`));
  }
  return out;
}

function manifestFile(files: SkillFile[]): string | undefined {
  return files.find((f) => SPELLED_SKILL_MD.test(f.path))?.path;
}

/** SKILL.md's start, read leniently (the manifest module validates it): its frontmatter and the text below. */
interface ManifestHead {
  frontmatter: string;
  body: string;
}

function manifestHead(files: SkillFile[]): ManifestHead {
  const path = manifestFile(files);
  // The first 4 KiB hold the frontmatter and the opening prose; a cut character at the end is harmless here.
  const text = path ? decodeText((files.find((f) => f.path === path) as SkillFile).data.subarray(0, 4096)) : '';
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return fm ? { frontmatter: fm[1] as string, body: text.slice(fm[0].length) } : { frontmatter: '', body: text };
}

/** The `name:` of a frontmatter. */
function nameIn(frontmatter: string): string | undefined {
  const m = /^name:\s*["']?([^"'\r\n]+?)["']?\s*$/m.exec(frontmatter);
  return m ? (m[1] as string).trim() : undefined;
}

// What a security tool calls itself: in its name (slugs run words together: skillguard, skillvet)
// or as a word of its description.
const SECURITY_NAME = /secur|scan|audit|guard|vet|shield|sentinel|detect|defen[cs]|threat|malware|pentest|hack|firewall|sanitiz|injection|red-?team|forensic|vuln/i;
const SECURITY_WORDS = /\b(?:secur(?:e|ity)|scan(?:s|ner|ners|ning)?|audit\w*|detect\w*|threats?|malware|malicious|pentest\w*|penetration test\w*|vulnerabilit\w*|guard(?:s|rails?)?|vet(?:s|ting)?|firewall|sanitiz\w*|prompt injection|red[- ]?team\w*|forensic\w*|exploits?|ctf|backdoors?|exfiltration|supply[- ]chain attacks?)\b/i;

/** The first line of prose: not blank, not a heading. */
function firstParagraphLine(text: string): string {
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t !== '' && !t.startsWith('#')) return t.slice(0, 500);
  }
  return '';
}

/**
 * Whether the skill presents itself as a security tool: one of its names (the one it is reviewed
 * under, the one its frontmatter declares), or its description, says it scans, audits, detects or
 * guards. Only such a skill's prose and detection code may quote what they catch without it
 * blocking (engine: isDescribed).
 */
function isSecurityTool(head: ManifestHead, names: Array<string | undefined>): boolean {
  // Without a description in the frontmatter, the first paragraph of prose below the title says it.
  const description = /^description:\s*([^\r\n]*(?:\r?\n[ \t]+[^\r\n]*)*)/m.exec(head.frontmatter)?.[1] ?? firstParagraphLine(head.body);
  return names.some((n) => SECURITY_NAME.test(n ?? '')) || SECURITY_WORDS.test(description);
}
