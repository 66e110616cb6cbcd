// Locating and reading a SKILL.md frontmatter block with the `yaml` package, plus the few repairs
// that are well defined for real-world files; anything else is refused with file and line.

import type { YAMLError } from 'yaml';
import { SkillpinError } from '../errors.js';
import { lazyRequire } from '../lazy.js';

/**
 * The YAML parser loads on the first front matter parsed: a warm install takes its manifests from
 * the verdict cache and `verify` parses none, so neither pays its start-up (~30 ms).
 */
const loadYaml = lazyRequire<typeof import('yaml')>('yaml');

/** Frontmatter larger than this is not a manifest but an attack on the parser. */
const MAX_FRONTMATTER_CHARS = 64 * 1024;

/** Keys whose values carry structure: never re-read as a plain string by the tolerant pass. */
const STRUCTURED_KEYS = new Set([
  'metadata',
  'openclaw',
  'clawdbot',
  'moltbot',
  'clawdis',
  'requires',
  'install',
  'allowed-tools',
]);

export interface Frontmatter {
  data: Record<string, unknown>;
  body: string;
  /** 1-based line of the opening `---` in the original file. */
  openLine: number;
  /** Lines of the YAML block, as read (after newline/BOM/tab normalisation). */
  yamlLines: string[];
  /** Repairs applied by the tolerant pass, one per line, for the review. */
  repairs: string[];
  /** For each top-level key, the text from where the key starts to the end of its line. */
  keyLines: string[];
}

export function manifestError(file: string, line: number | null, reason: string, facts: Record<string, unknown> = {}): SkillpinError {
  const where = line === null ? file : `${file}:${line}`;
  return new SkillpinError('EMANIFEST', `${where}: ${reason}`, {
    file,
    line,
    hint: 'Fix the SKILL.md frontmatter (a YAML block between two --- lines at the top) or ask the publisher to.',
    ...facts,
  });
}

/**
 * Split a SKILL.md into its frontmatter and body. Accepts a BOM, CRLF/CR line ends, blank lines and
 * HTML comments before the opening `---`. Throws EMANIFEST when there is no frontmatter.
 */
export function readFrontmatter(text: string, file: string): Frontmatter {
  let src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  src = src.replace(/\r\n?/g, '\n');
  const lines = src.split('\n');
  let i = 0;
  // Leading blank lines and <!-- --> comments are skipped; any other text means no frontmatter.
  for (;;) {
    while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
    const line = lines[i] ?? '';
    if (!line.trimStart().startsWith('<!--')) break;
    let j = i;
    while (j < lines.length && !(lines[j] ?? '').includes('-->')) j++;
    if (j >= lines.length) break;
    const after = (lines[j] ?? '').slice((lines[j] ?? '').indexOf('-->') + 3).trim();
    if (after !== '') break;
    i = j + 1;
  }
  if (i >= lines.length || !/^---[ \t]*$/.test(lines[i] ?? '')) {
    throw manifestError(file, i < lines.length ? i + 1 : null, 'no frontmatter: SKILL.md must start with a line "---"', {
      hint: 'OpenClaw loads no skill without a description, and it reads that from the frontmatter: start the SKILL.md with "---", a line "name: <name>", a line "description: <what it does>" and "---"; or ask the publisher to.',
    });
  }
  const open = i;
  let close = -1;
  for (let k = open + 1; k < lines.length; k++) {
    if (/^---[ \t]*$/.test(lines[k] ?? '')) {
      close = k;
      break;
    }
  }
  if (close < 0) throw manifestError(file, open + 1, 'frontmatter opened here is never closed by a "---" line');
  const yamlLines = lines.slice(open + 1, close);
  const body = lines.slice(close + 1).join('\n');
  if (yamlLines.join('\n').length > MAX_FRONTMATTER_CHARS) {
    throw manifestError(file, open + 1, `frontmatter is over ${MAX_FRONTMATTER_CHARS} characters`);
  }
  const conflict = yamlLines.findIndex((l) => /^(<<<<<<<|=======|>>>>>>>)( |$)/.test(l));
  if (conflict >= 0) {
    throw manifestError(file, open + 2 + conflict, 'frontmatter contains a git merge-conflict marker');
  }
  const repairs: string[] = [];
  const detabbed = detab(yamlLines, file, open + 2, repairs);
  const { data, keyLines } = parseYaml(detabbed, file, open + 2, repairs);
  return { data, body, openLine: open + 1, yamlLines: detabbed, repairs, keyLines };
}

/**
 * YAML forbids tabs in indentation. When every indented line is indented with tabs only, each
 * leading tab is read as two spaces (one nesting level); a mix of tabs and spaces is ambiguous and
 * refused.
 */
function detab(lines: string[], file: string, firstLine: number, repairs: string[]): string[] {
  const indents = lines.map((l) => /^[ \t]*/.exec(l)?.[0] ?? '').filter((ind, k) => ind !== '' && (lines[k] ?? '').trim() !== '');
  if (!indents.some((ind) => ind.includes('\t'))) return lines;
  const mixedAt = lines.findIndex((l) => {
    const ind = /^[ \t]*/.exec(l)?.[0] ?? '';
    return l.trim() !== '' && ind.includes('\t') && ind.includes(' ');
  });
  const spacesOnly = indents.some((ind) => !ind.includes('\t'));
  if (mixedAt >= 0 || spacesOnly) {
    const at = mixedAt >= 0 ? mixedAt : lines.findIndex((l) => /^\t/.test(l));
    throw manifestError(file, firstLine + at, 'frontmatter indents with both tabs and spaces; YAML needs spaces');
  }
  repairs.push('tab indentation read as two spaces per tab');
  return lines.map((l) => l.replace(/^\t+/, (tabs) => '  '.repeat(tabs.length)));
}

function firstError(errors: readonly YAMLError[]): YAMLError | undefined {
  return errors[0];
}

function tryParse(lines: string[]): { data?: unknown; keyLines?: string[]; error?: YAMLError } {
  const yaml = loadYaml();
  const source = lines.join('\n');
  // The core schema whatever the file declares, as OpenClaw reads it: a `%YAML 1.1` directive would
  // otherwise switch on merge keys (`<<`) and yes/no booleans here alone, and the review would show
  // a block OpenClaw never sees.
  const doc = yaml.parseDocument(source, { schema: 'core', uniqueKeys: true, logLevel: 'silent', prettyErrors: true });
  const error = firstError(doc.errors);
  if (error) return { error };
  const keyLines: string[] = [];
  if (yaml.isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const start = yaml.isNode(pair.key) ? pair.key.range?.[0] : undefined;
      if (start === undefined) continue;
      const end = source.indexOf('\n', start);
      keyLines.push(source.slice(start, end < 0 ? source.length : end));
    }
  }
  try {
    return { data: doc.toJS({ maxAliasCount: 50 }), keyLines };
  } catch (err) {
    // toJS refuses alias bombs (excessive alias count) and bad merges with a plain Error.
    return { error: Object.assign(new Error((err as Error).message), { code: 'TOJS', linePos: undefined }) as unknown as YAMLError };
  }
}

const TOP_LEVEL_SCALAR = /^([A-Za-z_][A-Za-z0-9_.-]*):[ \t]+(\S.*?)[ \t]*$/;

/**
 * Tolerant pass, applied only to the line YAML rejects, and only when that line is a top-level
 * `key: value` whose value is one line (the next line is not indented), the key is not one that
 * carries structure, and the value is not quoted or a block scalar: the value is then read as the
 * literal string written there (what the author meant by `description: Use it: now`). Each repair
 * is recorded; at most one per line.
 */
function parseYaml(lines: string[], file: string, firstLine: number, repairs: string[]): { data: Record<string, unknown>; keyLines: string[] } {
  let current = lines;
  const repaired = new Set<number>();
  for (;;) {
    const { data, keyLines = [], error } = tryParse(current);
    if (!error) {
      if (data === null || data === undefined) return { data: {}, keyLines };
      if (typeof data !== 'object' || Array.isArray(data)) {
        throw manifestError(file, firstLine, 'frontmatter is not a mapping of keys to values');
      }
      return { data: data as Record<string, unknown>, keyLines };
    }
    const pos = error.linePos?.[0]?.line;
    const at = pos === undefined ? -1 : pos - 1;
    const fix = at < 0 ? null : repairLine(current, at);
    if (fix === null || repaired.has(at)) {
      const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
      throw manifestError(file, firstLine + Math.max(at, 0), `frontmatter is not valid YAML: ${reason}`, { yamlCode: error.code });
    }
    repaired.add(at);
    repairs.push(`line ${firstLine + at}: value of "${fix.key}" read as a plain string`);
    current = [...current.slice(0, at), fix.line, ...current.slice(at + 1)];
  }
}

function repairLine(lines: string[], at: number): { key: string; line: string } | null {
  const line = lines[at];
  if (line === undefined) return null;
  const m = TOP_LEVEL_SCALAR.exec(line);
  if (!m) return null;
  const key = m[1] as string;
  const value = m[2] as string;
  if (STRUCTURED_KEYS.has(key.toLowerCase())) return null;
  if (/^["'|>{]/.test(value)) return null;
  const next = lines.slice(at + 1).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (next !== undefined && /^[ \t]/.test(next)) return null;
  return { key, line: `${key}: ${JSON.stringify(value)}` };
}
