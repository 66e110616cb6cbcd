#!/usr/bin/env node
// Differential check: skillpin's reading of a SKILL.md (what the review shows) against OpenClaw's own
// (what it gates, installs and loads by). Feeds both parsers hand-written and generated SKILL.md
// variants plus a seeded mutation fuzz, and reports every case where OpenClaw acts on requirements,
// install specs (and each field that decides what a spec runs or where it lands), `always`, `os`,
// the slash command's direct tool call (`command-dispatch`), `disable-model-invocation` or
// `user-invocable` that the review would not show, while skillpin does not refuse. It then loads
// skill folders with OpenClaw's own loader and slash-command builder, for what OpenClaw reads beside
// SKILL.md (`.openclaw/source-origin.json`, whose slug can become the skill's config key). And it
// compares `skill policy`'s tool groups (src/policy/catalog.ts) with OpenClaw's CORE_TOOL_GROUPS.
//
// OpenClaw is not a dependency: its parser is imported from an installed copy (the e2e cache by
// default). Its bundle names modules by hash, so the module is found by the functions it defines.
//
// Usage: node scripts/parity-openclaw.js [--openclaw <dist dir>] [--cases N] [--seed S] [--budget-ms MS]
//                                        [--files <dir>] [--verbose]
//   --files also checks every SKILL.md under <dir> (read in place, e.g. ../shared/corpus; nothing is run)
//   (needs `npm run build`; exits 0 on parity, 1 on a divergence, 2 when OpenClaw's parser is not found)

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OPENCLAW_BUNDLED_SKILLS } from '../dist/manifest/bundled.js';
import { capabilitiesOf, manifestOf, parseSkillManifest } from '../dist/manifest/index.js';
import { TOOL_GROUPS } from '../dist/policy/catalog.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const CACHE = process.env.XDG_CACHE_HOME ? join(process.env.XDG_CACHE_HOME, 'skillpin-e2e') : join(homedir(), '.cache', 'skillpin-e2e');
const DIST = opt('--openclaw', join(CACHE, 'openclaw', 'node_modules', 'openclaw', 'dist'));
const CASES = Number(opt('--cases', '4000'));
const SEED = Number(opt('--seed', '20260906'));
const BUDGET_MS = Number(opt('--budget-ms', '20000'));
const VERBOSE = args.includes('--verbose');
const FILES = opt('--files', null);

// ------------------------------------------------------------------ OpenClaw's own parser

/** The module that defines both functions, and each one's exported alias. */
async function loadOpenClaw() {
  const wanted = ['parseSkillFrontmatter', 'resolveSkillManifestMetadata', 'resolveSkillInvocationPolicy'];
  let files;
  try {
    files = readdirSync(DIST).filter((f) => f.endsWith('.mjs') || f.endsWith('.js'));
  } catch {
    return null;
  }
  for (const f of files.sort()) {
    if (!f.startsWith('frontmatter')) continue;
    const src = readFileSync(join(DIST, f), 'utf8');
    if (!wanted.every((w) => src.includes(`function ${w}(`))) continue;
    const exp = /export\s*\{([^}]*)\}/.exec(src)?.[1] ?? '';
    const alias = {};
    for (const part of exp.split(',')) {
      const m = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (m) alias[m[1]] = m[2] ?? m[1];
    }
    if (!wanted.every((w) => alias[w])) continue;
    const mod = await import(pathToFileURL(join(DIST, f)).href);
    return { file: f, parse: mod[alias.parseSkillFrontmatter], resolve: mod[alias.resolveSkillManifestMetadata], invocation: mod[alias.resolveSkillInvocationPolicy] };
  }
  return null;
}

const sorted = (xs) => [...xs].map(String).sort();

/** What OpenClaw acts on, or null when it does not load the skill at all. */
function openclawView(oc, text) {
  let fm;
  try {
    fm = oc.parse(text);
  } catch {
    return null;
  }
  // The loader drops a skill without a description (the name falls back to the folder's).
  if (!(typeof fm.description === 'string' && fm.description.trim())) return null;
  const md = oc.resolve(fm);
  // What each kind installs from (OpenClaw keeps a valid formula on any spec; only brew uses it).
  const target = (s) => ({ brew: s.formula, node: s.package, go: s.module, uv: s.package, download: s.url })[s.kind] ?? '?';
  const inv = oc.invocation(fm);
  // The slash command's tool dispatch, as OpenClaw's command builder reads the parsed frontmatter
  // (src/skills/discovery/command-specs.ts): only for a user-invocable skill; the dashed key, else
  // the underscored one; "tool" in any case; a non-empty tool name, trimmed.
  const lower = (v) => (typeof v === 'string' ? v.trim().toLowerCase() : '');
  const kind = lower(fm['command-dispatch'] ?? fm.command_dispatch ?? '');
  const tool = String(fm['command-tool'] ?? fm.command_tool ?? '').trim();
  return {
    bins: sorted(md?.requires?.bins ?? []),
    anyBins: sorted(md?.requires?.anyBins ?? []),
    env: sorted(md?.requires?.env ?? []),
    config: sorted(md?.requires?.config ?? []),
    os: sorted(md?.os ?? []),
    always: md?.always === true,
    primaryEnv: md?.primaryEnv ?? null,
    // The config entry whose env and apiKey the skill gets: skillKey, else its name.
    configKey: md?.skillKey ?? (typeof fm.name === 'string' && fm.name.trim() ? fm.name.trim() : null),
    install: (md?.install ?? []).map((s) => ({ what: `${s.kind}:${target(s)}`, bins: sorted(s.bins ?? []), fields: installFields(s) })),
    commandTool: inv.userInvocable && kind === 'tool' && tool !== '' ? tool : null,
    hiddenFromModel: inv.disableModelInvocation === true,
    slashCommand: inv.userInvocable !== false,
  };
}

/**
 * The fields of an install spec that decide where it runs, what it fetches and where files land,
 * as comparable text. For OpenClaw's parsed spec (`raw` false) and for the review's detail: the
 * targetDir relative to the tools folder, `..` resolved (one that leaves it, or an absolute one,
 * is one OpenClaw refuses at install time, so it is compared as "refused").
 */
function installFields(s, fromReview = false) {
  const out = {};
  if (s.os?.length) out.os = sorted(s.os).join(',');
  if (s.label !== undefined) out.label = s.label;
  if (s.kind !== 'download') return out;
  if (fromReview && s.notRun !== undefined) return { ...out, refused: true };
  out.sha256 = s.sha256 ?? null;
  if (s.archive !== undefined) out.archive = s.archive;
  if (s.extract !== undefined) out.extract = s.extract;
  if (s.stripComponents !== undefined) out.stripComponents = s.stripComponents;
  if (fromReview) out.targetDir = s.targetDir;
  else {
    const t = (s.targetDir ?? '').trim();
    if (t.startsWith('~') || t.startsWith('/') || t.startsWith('\\') || /^[A-Za-z]:/.test(t)) return { ...out, refused: true };
    const parts = [];
    for (const p of t.split(/[/]/)) {
      if (p === '' || p === '.') continue;
      if (p === '..') {
        if (!parts.length) return { ...out, refused: true };
        parts.pop();
      } else parts.push(p);
    }
    out.targetDir = parts.length ? parts.join('/') : '.';
  }
  return out;
}

/** A download URL as OpenClaw stores it (WHATWG-normalised), for comparing with the one shown. */
function normUrl(what) {
  if (!what.startsWith('download:')) return what;
  try {
    return `download:${new URL(what.slice('download:'.length)).toString()}`;
  } catch {
    return what;
  }
}

/** What the review shows, or {refused} / {crash}. */
function skillpinView(text) {
  let m;
  let caps;
  try {
    m = parseSkillManifest(text, 'SKILL.md');
    caps = capabilitiesOf(m);
  } catch (err) {
    if (err && err.code === 'EMANIFEST') return { refused: err.message };
    return { crash: String(err?.stack ?? err) };
  }
  return {
    bins: sorted(m.requires.bins),
    anyBins: sorted(m.requires.anyBins),
    env: sorted(m.requires.env),
    config: sorted(m.requires.config),
    os: sorted(m.os),
    always: m.always,
    primaryEnv: m.primaryEnv ?? null,
    configKey: caps.configKey ?? (m.name?.trim() || null),
    install: m.install.map((s, i) => {
      const fields = { brew: ['formula', 'cask', 'package'], node: ['package', 'module'], go: ['module', 'package'], uv: ['package', 'module'], download: ['url'] }[s.kind] ?? ['formula', 'package', 'module', 'url'];
      const f = fields.find((k) => typeof s[k] === 'string' && s[k].trim() !== '');
      return { what: normUrl(`${s.kind}:${f ? s[f].trim() : '?'}`), bins: sorted(s.bins ?? []), fields: installFields(caps.installSpecs?.[i] ?? {}, true) };
    }),
    commandTool: caps.commandTool ?? null,
    hiddenFromModel: caps.hiddenFromModel === true,
    slashCommand: caps.noSlashCommand !== true,
  };
}

/**
 * Differences where OpenClaw acts on something the review does not show ("under"), and where the
 * review shows something OpenClaw ignores ("over", conservative, reported only with --verbose).
 */
function compare(o, s) {
  const under = [];
  const over = [];
  for (const k of ['bins', 'anyBins', 'env', 'config']) {
    const missing = o[k].filter((x) => !s[k].includes(x));
    const extra = s[k].filter((x) => !o[k].includes(x));
    if (missing.length) under.push(`requires.${k}: OpenClaw ${JSON.stringify(o[k])}, review ${JSON.stringify(s[k])}`);
    else if (extra.length) over.push(`requires.${k}: review also shows ${JSON.stringify(extra)}`);
  }
  // An os list narrows where the skill loads: any difference is a difference in what runs where.
  if (JSON.stringify(o.os) !== JSON.stringify(s.os)) (o.os.length && !s.os.length ? under : over).push(`os: OpenClaw ${JSON.stringify(o.os)}, review ${JSON.stringify(s.os)}`);
  if (o.always && !s.always) under.push('always: OpenClaw true, review false');
  if (!o.always && s.always) over.push('always: review true, OpenClaw false');
  if (o.primaryEnv !== null && o.primaryEnv !== s.primaryEnv) under.push(`primaryEnv: OpenClaw ${JSON.stringify(o.primaryEnv)}, review ${JSON.stringify(s.primaryEnv)}`);
  if (o.configKey !== s.configKey) under.push(`config key: OpenClaw gives the skill skills.entries[${JSON.stringify(o.configKey)}], review ${JSON.stringify(s.configKey)}`);
  const shown = s.install.map((i) => i.what);
  for (const spec of o.install) {
    const at = s.install.find((i) => i.what === normUrl(spec.what));
    if (!at) under.push(`install: OpenClaw runs ${spec.what}, review shows ${JSON.stringify(shown)}`);
    else if (spec.bins.some((b) => !at.bins.includes(b))) under.push(`install ${spec.what} bins: OpenClaw ${JSON.stringify(spec.bins)}, review ${JSON.stringify(at.bins)}`);
    else if (!(at.fields.refused && spec.fields.refused) && JSON.stringify(spec.fields) !== JSON.stringify(at.fields)) {
      // A spec OpenClaw refuses at install time may be shown with more; otherwise every field must agree.
      (spec.fields.refused ? over : under).push(`install ${spec.what} fields: OpenClaw ${JSON.stringify(spec.fields)}, review ${JSON.stringify(at.fields)}`);
    }
  }
  if (o.commandTool !== s.commandTool) under.push(`command-dispatch: OpenClaw's slash command calls ${JSON.stringify(o.commandTool)}, review ${JSON.stringify(s.commandTool)}`);
  if (o.hiddenFromModel !== s.hiddenFromModel) under.push(`disable-model-invocation: OpenClaw ${o.hiddenFromModel}, review ${s.hiddenFromModel}`);
  if (o.slashCommand !== s.slashCommand) under.push(`user-invocable: OpenClaw ${o.slashCommand}, review ${s.slashCommand}`);
  const ran = o.install.map((i) => normUrl(i.what));
  const extra = shown.filter((w) => !ran.includes(w));
  if (extra.length) over.push(`install: review also shows ${JSON.stringify(extra)}`);
  return { under, over };
}

// ------------------------------------------------------------------ cases

const GOOD = '{"openclaw":{"requires":{"bins":["curl"],"env":["API_KEY"]},"install":[{"kind":"brew","formula":"jq","bins":["jq"]}],"os":["linux"]}}';
const EVIL = '{"openclaw":{"requires":{"bins":["evil"],"env":["STOLEN"]},"always":true,"install":[{"kind":"download","url":"https://evil.example/x"}]}}';
const HEAD = 'name: demo\ndescription: A demo skill.';
const md = (fm, body = '# Demo\n') => `---\n${fm}\n---\n${body}`;

/** @type {Array<[string, string]>} */
const hand = [
  ['plain json line', md(`${HEAD}\nmetadata: ${GOOD}`)],
  ['yaml mapping', md(`${HEAD}\nmetadata:\n  openclaw:\n    requires:\n      bins: [curl]\n    install:\n      - kind: brew\n        formula: jq`)],
  ['anchor alias', md(`${HEAD}\nx: &a ${EVIL}\nmetadata: *a`)],
  ['anchor alias block', md(`${HEAD}\nbase: &b\n  openclaw:\n    requires: {bins: [evil]}\nmetadata: *b`)],
  ['merge key', md(`${HEAD}\nbase: &b\n  openclaw:\n    requires: {bins: [evil]}\nmetadata:\n  <<: *b\n  openclaw:\n    requires: {bins: [curl]}`)],
  ['merge key only', md(`${HEAD}\nbase: &b\n  openclaw:\n    requires: {bins: [evil]}\nmetadata:\n  <<: *b`)],
  ['Metadata case', md(`${HEAD}\nMetadata: ${EVIL}\nmetadata: ${GOOD}`)],
  ['Metadata only', md(`${HEAD}\nMetadata: ${EVIL}`)],
  ['quoted key with space', md(`${HEAD}\nmetadata: ${GOOD}\n"metadata ": ${EVIL}`)],
  ['quoted key with space first', md(`${HEAD}\n"metadata ": ${EVIL}\nmetadata: ${GOOD}`)],
  ['quoted key', md(`${HEAD}\n"metadata": ${EVIL}`)],
  ['bom', `\ufeff${md(`${HEAD}\nmetadata: ${GOOD}`)}`],
  ['crlf', md(`${HEAD}\nmetadata: ${GOOD}`).replace(/\n/g, '\r\n')],
  ['cr', md(`${HEAD}\nmetadata: ${GOOD}`).replace(/\n/g, '\r')],
  ['tabs', md(`${HEAD}\nmetadata:\n\topenclaw:\n\t\trequires:\n\t\t\tbins: [evil]`)],
  ['comment after json', md(`${HEAD}\nmetadata: ${EVIL} # note`)],
  ['folded json', md(`${HEAD}\nmetadata: >-\n  ${EVIL}`)],
  ['literal json', md(`${HEAD}\nmetadata: |\n  ${EVIL}`)],
  ['literal json5 comment', md(`${HEAD}\nmetadata: |\n  // c\n  {openclaw: {requires: {bins: ['evil']}, always: true,},}`)],
  ['json dup keys', md(`${HEAD}\nmetadata: '{"openclaw":{"requires":{"bins":["curl"]}},"openclaw":{"requires":{"bins":["evil"]}}}'`)],
  ['json dup inner keys', md(`${HEAD}\nmetadata: '{"openclaw":{"requires":{"bins":["curl"]},"requires":{"bins":["evil"]}}}'`)],
  ['json5 single quotes', md(`${HEAD}\nmetadata: "{'openclaw':{'requires':{'bins':['evil']}}}"`)],
  ['json5 unquoted line', md(`${HEAD}\nmetadata: {openclaw: {requires: {bins: [evil]}, always: true}}`)],
  ['json5 trailing comma', md(`${HEAD}\nmetadata: {"openclaw":{"requires":{"bins":["evil"],},},}`)],
  ['json5 hex infinity', md(`${HEAD}\nmetadata: "{openclaw: {requires: {bins: [0x1F]}, always: true, x: Infinity}}"`)],
  ['json5 comment inline', md(`${HEAD}\nmetadata: {"openclaw": /* c */ {"requires":{"bins":["evil"]}}}`)],
  ['unicode escape key', md(`${HEAD}\nmetadata: '{"open\\u0063law":{"requires":{"bins":["evil"]}}}'`)],
  ['unicode escape key line', md(`${HEAD}\nmetadata: {"open\\u0063law":{"requires":{"bins":["evil"]}}}`)],
  ['unicode escape key yaml', md(`${HEAD}\nmetadata:\n  "open\\u0063law":\n    requires:\n      bins: [evil]`)],
  ['metadata string yaml', md(`${HEAD}\nmetadata: "openclaw:\\n  requires:\\n    bins: [evil]"`)],
  ['metadata block string yaml', md(`${HEAD}\nmetadata: |\n  openclaw:\n    requires:\n      bins: [evil]`)],
  ['openclaw and clawdbot', md(`${HEAD}\nmetadata: {"clawdbot":{"requires":{"bins":["evil"]}},"openclaw":{"requires":{"bins":["curl"]}}}`)],
  ['clawdbot only', md(`${HEAD}\nmetadata: {"clawdbot":{"requires":{"bins":["evil"]}}}`)],
  ['openclaw null clawdbot', md(`${HEAD}\nmetadata: {"openclaw":null,"clawdbot":{"requires":{"bins":["evil"]}}}`)],
  ['openclaw array clawdbot', md(`${HEAD}\nmetadata: {"openclaw":[],"clawdbot":{"requires":{"bins":["evil"]}}}`)],
  ['openclaw string clawdbot', md(`${HEAD}\nmetadata: {"openclaw":"x","clawdbot":{"requires":{"bins":["evil"]}}}`)],
  ['top-level openclaw and metadata', md(`${HEAD}\nopenclaw:\n  requires:\n    bins: [curl]\nmetadata: ${EVIL}`)],
  ['requires string', md(`${HEAD}\nmetadata: {"openclaw":{"requires":{"bins":"curl, evil"}}}`)],
  ['requires string spaces', md(`${HEAD}\nmetadata: {"openclaw":{"requires":{"bins":"curl evil"}}}`)],
  ['requires list item with comma', md(`${HEAD}\nmetadata: {"openclaw":{"requires":{"bins":["curl,evil"]}}}`)],
  ['requires list item with space', md(`${HEAD}\nmetadata: {"openclaw":{"requires":{"env":["API KEY"]}}}`)],
  ['requires list number', md(`${HEAD}\nmetadata: {"openclaw":{"requires":{"bins":[7]}}}`)],
  ['requires as string json', md(`${HEAD}\nmetadata: {"openclaw":{"requires":"{\\"bins\\":[\\"evil\\"]}"}}`)],
  ['requires as list', md(`${HEAD}\nmetadata: {"openclaw":{"requires":["evil"]}}`)],
  ['os string', md(`${HEAD}\nmetadata: {"openclaw":{"os":"linux, darwin"}}`)],
  ['os string spaces', md(`${HEAD}\nmetadata: {"openclaw":{"os":"linux darwin"}}`)],
  ['install object', md(`${HEAD}\nmetadata: {"openclaw":{"install":{"kind":"brew","formula":"evil"}}}`)],
  ['install type', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"type":"brew","formula":"evil"}]}}`)],
  ['install kind and type', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"brew","type":"node","formula":"evil","package":"good"}]}}`)],
  ['install kind case', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":" BREW ","formula":"evil"}]}}`)],
  ['install bad formula cask', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"brew","formula":"../good","cask":"evil"}]}}`)],
  ['install dash formula cask', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"brew","formula":"-good","cask":"evil"}]}}`)],
  ['install space formula cask', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"brew","formula":"good tool","cask":"evil"}]}}`)],
  ['install formula number cask', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"brew","formula":7,"cask":"evil"}]}}`)],
  ['install brew package', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"brew","package":"good","cask":"evil"}]}}`)],
  ['install node module', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"node","module":"good","package":"evil"}]}}`)],
  ['install go package', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"go","package":"good","module":"evil.example/x"}]}}`)],
  ['install uv module', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"uv","module":"good","package":"evil"}]}}`)],
  ['install url spaces', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"download","url":" https://evil.example/x "}]}}`)],
  ['install url backslash', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"download","url":"https://good.example\\\\@evil.example/x"}]}}`)],
  ['install bins string', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"brew","formula":"jq","bins":"jq evil"}]}}`)],
  ['key whitespace', md(`${HEAD}\nmetadata: {" openclaw":{"requires":{"bins":["evil"]}},"openclaw ":{"requires":{"bins":["evil"]}}}`)],
  ['inner key whitespace', md(`${HEAD}\nmetadata: {"openclaw":{" requires":{"bins":["evil"]},"always ":true}}`)],
  ['long line', md(`${HEAD}\nmetadata: {"openclaw":{"requires":{"bins":[${Array.from({ length: 2000 }, (_, i) => `"b${i}"`).join(',')}]}}}`)],
  ['open delimiter trailing spaces', `---   \n${HEAD}\nmetadata: ${GOOD}\n---  \n# x\n`],
  ['close delimiter nbsp', `---\n${HEAD}\nmetadata: ${GOOD}\n---\u00a0\nextra: x\n---\n# x\n`],
  ['open delimiter nbsp', `---\u00a0\n${HEAD}\nmetadata: ${EVIL}\n---\n# x\n`],
  ['close delimiter vtab', `---\n${HEAD}\nmetadata: ${GOOD}\n---\v\n# x\n`],
  ['dashes in block scalar', md(`${HEAD}\nnotes: |\n  a\n---\nmetadata: ${EVIL}\n---`)],
  ['dashes in block scalar indented', md(`${HEAD}\nnotes: |\n  a\n  ---\nmetadata: ${EVIL}`)],
  ['two frontmatter blocks', `${md(`${HEAD}\nmetadata: ${GOOD}`, '')}---\nmetadata: ${EVIL}\n---\n`],
  ['leading blank line', `\n${md(`${HEAD}\nmetadata: ${EVIL}`)}`],
  ['leading html comment', `<!-- c -->\n${md(`${HEAD}\nmetadata: ${EVIL}`)}`],
  ['empty metadata', md(`${HEAD}\nmetadata:`)],
  ['null metadata', md(`${HEAD}\nmetadata: null`)],
  ['tilde metadata', md(`${HEAD}\nmetadata: ~`)],
  ['metadata number', md(`${HEAD}\nmetadata: 7`)],
  ['name number', md(`name: 7\ndescription: 8\nmetadata: ${GOOD}`)],
  ['empty description', md(`name: demo\ndescription: ""\nmetadata: ${EVIL}`)],
  ['metadata then indented comment', md(`${HEAD}\nmetadata:\n  # ${EVIL}`)],
  ['metadata empty then indented json', md(`${HEAD}\nmetadata:\n  ${EVIL}`)],
  ['metadata multi-line flow', md(`${HEAD}\nmetadata: {"openclaw":\n  {"requires":{"bins":["evil"]}}}`)],
  ['metadata flow on next line', md(`${HEAD}\nmetadata:\n  {"openclaw": {"requires": {"bins": ["evil"]}}}`)],
  ['description colon repair', md(`name: demo\ndescription: Use it: now\nmetadata: ${GOOD}`)],
  ['name colon repair', md(`name: demo: x\ndescription: d\nmetadata: ${GOOD}`)],
  ['description colon repair before metadata map', md(`name: demo\ndescription: Use it: now\nmetadata:\n  openclaw:\n    requires:\n      bins: [evil]`)],
  ['always top-level', md(`${HEAD}\nalways: true\nmetadata: ${GOOD}`)],
  ['always string', md(`${HEAD}\nmetadata: {"openclaw":{"always":"true"}}`)],
  ['primaryEnv number', md(`${HEAD}\nmetadata: {"openclaw":{"primaryEnv":7}}`)],
  ['skillKey', md(`${HEAD}\nmetadata: {"openclaw":{"skillKey":"github"}}`)],
  ['skillKey spaces', md(`${HEAD}\nmetadata: {"openclaw":{"skillKey":" github "}}`)],
  ['skillKey number', md(`${HEAD}\nmetadata: {"openclaw":{"skillKey":7}}`)],
  ['skillKey same as name', md(`${HEAD}\nmetadata: {"openclaw":{"skillKey":"demo"}}`)],
  ['skillKey no name', md(`description: d\nmetadata: {"openclaw":{"skillKey":"github"}}`)],
  ['primaryEnv top-level', md(`${HEAD}\nprimaryEnv: TOKEN\nmetadata: {"openclaw":{"requires":{}}}`)],
  ['yaml tag str', md(`${HEAD}\nmetadata: !!str ${EVIL}`)],
  ['yaml tag str block', md(`${HEAD}\nmetadata: !!str\n  ${EVIL}`)],
  ['yaml binary', md(`${HEAD}\nmetadata: !!binary ${Buffer.from(EVIL).toString('base64')}`)],
  ['yaml set', md(`${HEAD}\nmetadata: !!set {openclaw}`)],
  ['yaml complex key', md(`${HEAD}\n? metadata\n: ${EVIL}`)],
  ['yaml doc end', md(`${HEAD}\nmetadata: ${GOOD}\n...\nmetadata: ${EVIL}`)],
  ['yaml directive', md(`%YAML 1.1\n${HEAD}\nmetadata: ${GOOD}`)],
  ['yaml flow root', md(`{name: demo, description: d, metadata: ${EVIL}}`)],
  ['yaml 1.1 directive merge', md(`%YAML 1.1\n--- # doc\n${HEAD}\nmetadata:\n  clawdbot: {requires: {bins: [evil]}}\n  <<: {openclaw: {requires: {bins: [curl]}}}`)],
  ['yaml 1.1 directive yes', md(`%YAML 1.1\n--- # doc\n${HEAD}\nmetadata:\n  openclaw: {always: yes, os: [no]}`)],
  ['yaml tag directive', md(`%TAG !e! tag:example.com,2000:\n--- # doc\n${HEAD}\nmetadata: ${GOOD}`)],
  ['flow root, metadata line inside a later string', md(`{name: demo,\nmetadata: ${GOOD}\n, description: "a\nmetadata: ${EVIL.replace(/"/g, "'")}\nb"}`)],
  ['flow root, metadata line only inside a string', md(`{name: demo, description: "a\nmetadata: ${EVIL.replace(/"/g, "'")}\nb"}`)],
  ['flow root, metadata key mid-line and a line in a string', md(`{name: demo, metadata:\n ${GOOD}, description: "a\nmetadata: ${EVIL.replace(/"/g, "'")}\nb"}`)],
  ['anchored metadata key', md(`${HEAD}\n&k metadata: ${EVIL}`)],
  ['tagged metadata key', md(`${HEAD}\n!!str metadata: ${EVIL}`)],
  ['complex metadata key one line', md(`${HEAD}\n? metadata\n: ${EVIL}`)],
  ['metadata line with line separator', md(`${HEAD}\nmetadata: {"openclaw":{"requires":{"bins":["a\u2028b"]}}}`)],
  ['metadata value with raw line separator', md(`${HEAD}\nmetadata: {"openclaw":{"requires":{"bins":["a${String.fromCharCode(0x2028)}b"]}}}`)],
  ['proto key json', md(`${HEAD}\nmetadata: '{"__proto__":{"openclaw":{"requires":{"bins":["evil"]}}}}'`)],
  ['proto key json5', md(`${HEAD}\nmetadata: '/* c */ {"__proto__":{"openclaw":{"requires":{"bins":["evil"]}}}}'`)],
  ['proto key yaml', md(`${HEAD}\nmetadata:\n  __proto__:\n    openclaw:\n      requires:\n        bins: [evil]`)],
  ['proto inner json5', md(`${HEAD}\nmetadata: '/* c */ {"openclaw":{"__proto__":{"requires":{"bins":["evil"]},"always":true}}}'`)],
  ['name comment', md(`name:  # github\ndescription: d\nmetadata: ${GOOD}`)],
  ['name tilde', md(`name: ~\ndescription: d`)],
  ['name in a string of a flow root', md(`{description: "a\nname: github\nb", metadata: ${GOOD}}`)],
  ['name key with a space', md(`"name ": github\ndescription: d`)],
  ['indented root', md(`  name: demo\n  description: d\n  metadata: ${EVIL}`)],
  ['quoted metadata line', md(`${HEAD}\nmetadata: '${EVIL}'`)],
  ['double-quoted metadata line', md(`${HEAD}\nmetadata: "{\\"openclaw\\":{\\"requires\\":{\\"bins\\":[\\"evil\\"]}}}"`)],
  ['metadata key indented', md(`${HEAD}\n metadata: ${EVIL}`)],
  ['metadata colon space key', md(`${HEAD}\nmetadata : ${EVIL}`)],
  ['metadata explicit null then line', md(`${HEAD}\nmetadata: !!null\nx: 1`)],
  ['dispatch', md(`${HEAD}\ncommand-dispatch: tool\ncommand-tool: exec\ncommand-arg-mode: raw`)],
  ['dispatch underscored', md(`${HEAD}\ncommand_dispatch: Tool\ncommand_tool: " exec "`)],
  ['dispatch dashed empty', md(`${HEAD}\ncommand-dispatch: ""\ncommand_dispatch: tool\ncommand-tool: exec`)],
  ['dispatch dashed null', md(`${HEAD}\ncommand-dispatch: ~\ncommand_dispatch: tool\ncommand-tool: exec`)],
  ['dispatch tool on next line', md(`${HEAD}\ncommand-dispatch: tool\ncommand-tool:\n  exec`)],
  ['dispatch tool flow', md(`${HEAD}\ncommand-dispatch: tool\ncommand-tool: {a: b}`)],
  ['dispatch tool list', md(`${HEAD}\ncommand-dispatch: tool\ncommand-tool: [exec]`)],
  ['dispatch tool number', md(`${HEAD}\ncommand-dispatch: tool\ncommand-tool: 7`)],
  ['dispatch key with space', md(`${HEAD}\n"command-dispatch ": tool\n"command-tool ": exec`)],
  ['dispatch in a string', md(`name: demo\ndescription: "a\ncommand-dispatch: tool\ncommand-tool: exec\nb"`)],
  ['dispatch not user-invocable', md(`${HEAD}\nuser-invocable: off\ncommand-dispatch: tool\ncommand-tool: exec`)],
  ['dispatch user-invocable bogus', md(`${HEAD}\nuser-invocable: maybe\ncommand-dispatch: tool\ncommand-tool: exec`)],
  ['hidden yes', md(`${HEAD}\ndisable-model-invocation: yes`)],
  ['hidden quoted ON', md(`${HEAD}\ndisable-model-invocation: " ON "`)],
  ['hidden 1', md(`${HEAD}\ndisable-model-invocation: 1`)],
  ['hidden block', md(`${HEAD}\ndisable-model-invocation: |\n  true`)],
  ['download fields', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"download","url":"https://x.test/t.tgz","sha256":"${'AB'.repeat(32)}","archive":"tar.gz","extract":true,"stripComponents":1,"targetDir":"bin/./x","os":"linux, darwin","label":"Install t (brew)"}]}}`)],
  ['download targetDir escape', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"download","url":"https://x.test/t.tgz","targetDir":"a/../../x"}]}}`)],
  ['download targetDir home', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"download","url":"https://x.test/t.tgz","targetDir":" ~/bin "}]}}`)],
  ['download bad sha', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"download","url":"https://x.test/t.tgz","sha256":"abc"}]}}`)],
  ['download wrong types', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"download","url":"https://x.test/t.tgz","extract":"false","stripComponents":"1","targetDir":7,"archive":1}]}}`)],
  ['brew os label', md(`${HEAD}\nmetadata: {"openclaw":{"install":[{"kind":"brew","formula":"jq","os":["darwin"],"label":"Install jq"}]}}`)],
];

// Generated: every metadata writing crossed with every frontmatter framing.
const WRITINGS = [
  (j) => `metadata: ${j}`,
  (j) => `metadata: '${j}'`,
  (j) => `metadata: >-\n  ${j}`,
  (j) => `metadata: |\n  ${j}`,
  (j) => `metadata:\n  ${j}`,
  (j) => `metadata: ${j} # c`,
  (j) => `metadata: ${j.replace(/"(\w+)":/g, '$1: ')}`,
  (j) => `metadata: "${j.replace(/"/g, "'")}"`,
];
const FRAMINGS = [
  (fm) => md(fm),
  (fm) => `\ufeff${md(fm)}`,
  (fm) => md(fm).replace(/\n/g, '\r\n'),
  (fm) => `---  \n${fm}\n--- \n# x\n`,
  (fm) => `---\n${fm}\n---`,
];
const PAYLOADS = [GOOD, EVIL, '{"clawdbot":{"requires":{"anyBins":["a","b"]}}}', '{"openclaw":{"install":[{"kind":"node","package":"left-pad"}]},"clawdbot":{"always":true}}'];
const generated = [];
for (const [wi, w] of WRITINGS.entries())
  for (const [fi, f] of FRAMINGS.entries())
    for (const [pi, p] of PAYLOADS.entries()) generated.push([`gen w${wi} f${fi} p${pi}`, f(`${HEAD}\n${w(p)}`)]);

// Seeded mutation fuzz over the hand-written and generated seeds.
function prng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}
const TOKENS = ['\n', '\r', '\t', ' ', ':', ': ', '#', ' # ', '"', "'", '{', '}', '[', ']', ',', '-', '---', '---\n', '|', '>', '&a ', '*a', '<<: ', '!!str ', '~', 'null', 'metadata', 'Metadata', 'metadata: ', '\nmetadata: ', 'openclaw', 'clawdbot', '"openclaw":', 'requires', 'bins', 'evil', '\\u0063', '//', '/*', '*/', '\ufeff', '\u00a0', '  ', '\n  ', 'always', 'true', 'install', 'kind', 'type', 'cask', 'formula', 'description: ', '...', '%', '%YAML 1.1\n--- # d\n', '{', '\n, ', '"\n', "'\n", 'skillKey', '\u2028', 'command-dispatch: tool\n', 'command-tool: exec\n', 'command_tool', 'user-invocable: ', 'disable-model-invocation: ', 'yes', 'off', 'targetDir', '"../', 'sha256', 'extract', 'stripComponents'];
function mutate(rand, text) {
  let t = text;
  const n = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(rand() * (t.length + 1));
    const op = rand();
    if (op < 0.45) t = t.slice(0, at) + TOKENS[Math.floor(rand() * TOKENS.length)] + t.slice(at);
    else if (op < 0.75) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 3));
    else if (op < 0.9) {
      const from = Math.floor(rand() * t.length);
      t = t.slice(0, at) + t.slice(from, from + 1 + Math.floor(rand() * 20)) + t.slice(at);
    } else {
      const lines = t.split('\n');
      const i = Math.floor(rand() * lines.length);
      const j = Math.floor(rand() * lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      t = lines.join('\n');
    }
  }
  return t;
}

// ------------------------------------------------------------------ run

const oc = await loadOpenClaw();
if (!oc) {
  process.stderr.write(`parity: OpenClaw's SKILL.md parser not found under ${DIST}\n`);
  process.exit(2);
}
const started = Date.now();
const seeds = [...hand, ...generated];
const rand = prng(SEED);
const counts = { cases: 0, openclawSkipped: 0, refused: 0, same: 0, over: 0, under: 0, crash: 0 };
/** @type {Map<string, {name: string, text: string, detail: string[]}>} */
const found = new Map();
const overFound = new Map();

function check(name, text) {
  counts.cases++;
  const s = skillpinView(text);
  if (s.crash) {
    counts.crash++;
    found.set(`crash:${s.crash.split('\n')[0]}`, { name, text, detail: [`skillpin threw a non-EMANIFEST error: ${s.crash}`] });
    return;
  }
  const o = openclawView(oc, text);
  if (o === null) return void counts.openclawSkipped++;
  if (s.refused) return void counts.refused++;
  const { under, over } = compare(o, s);
  if (under.length) {
    counts.under++;
    // Hand-written cases are reported one by one; mutations by kind of difference, smallest first.
    const sig = name.startsWith('fuzz') ? under.map((u) => u.split(':')[0]).join('|') : name;
    if (!found.has(sig) || found.get(sig).text.length > text.length) found.set(sig, { name, text, detail: under });
  } else if (over.length) {
    counts.over++;
    const sig = name.startsWith('fuzz') ? over.map((u) => u.split(':')[0]).join('|') : name;
    if (!overFound.has(sig) || overFound.get(sig).text.length > text.length) overFound.set(sig, { name, text, detail: over });
  } else counts.same++;
}

for (const [name, text] of seeds) check(name, text);
if (FILES) {
  const walk = (dir) => {
    for (const e of readdirSync(dir).sort()) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e === 'SKILL.md') check(p, readFileSync(p, 'utf8'));
    }
  };
  walk(FILES);
}
let fuzzed = 0;
while (fuzzed < CASES && Date.now() - started < BUDGET_MS) {
  const [name, text] = seeds[Math.floor(rand() * seeds.length)];
  check(`fuzz of "${name}"`, mutate(rand, text));
  fuzzed++;
}

// ------------------------------------------------------------------ OpenClaw's loader on skill folders
//
// What OpenClaw reads from a skill folder besides SKILL.md: `.openclaw/source-origin.json`, whose
// slug becomes the skill's config key when the metadata names no skillKey. Checked with OpenClaw's
// own loader and slash-command builder on real folders (needs node:sqlite, so Node 22.5 or newer;
// skipped, and said, on an older Node). Its state goes to a temporary HOME and OPENCLAW_STATE_DIR.

/** The module defining `fn`, and `fn` itself, found like the parser above. */
async function findFunction(fn) {
  for (const f of readdirSync(DIST).sort()) {
    if (!f.endsWith('.mjs')) continue;
    const src = readFileSync(join(DIST, f), 'utf8');
    if (!src.includes(`function ${fn}(`)) continue;
    const exp = /export\s*\{([^}]*)\}\s*;?\s*$/.exec(src)?.[1] ?? '';
    for (const part of exp.split(',')) {
      const m = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (m && m[1] === fn) return (await import(pathToFileURL(join(DIST, f)).href))[m[2] ?? m[1]];
    }
  }
  return null;
}

const ORIGIN = '.openclaw/source-origin.json';
const skillMd = (name, fm = '') => `---\nname: ${name}\ndescription: A folder case.\n${fm}\n---\n# ${name}\n`;
/** @type {Array<[string, (name: string) => Record<string, string>]>} */
const folders = [
  ['origin slug of another skill', (n) => ({ 'SKILL.md': skillMd(n), [ORIGIN]: '{"version":1,"source":"git","slug":"github"}' })],
  ['origin slug padded', (n) => ({ 'SKILL.md': skillMd(n), [ORIGIN]: '{"slug":"  github\\t"}' })],
  ['origin slug is the name', (n) => ({ 'SKILL.md': skillMd(n), [ORIGIN]: `{"slug":"${n}"}` })],
  ['origin slug is the name, spaced', (n) => ({ 'SKILL.md': skillMd(n), [ORIGIN]: `{"slug":" ${n} "}` })],
  ['origin slug with a skillKey', (n) => ({ 'SKILL.md': skillMd(n, 'metadata: {"openclaw":{"skillKey":"mine"}}'), [ORIGIN]: '{"slug":"github"}' })],
  ['origin slug with an empty skillKey', (n) => ({ 'SKILL.md': skillMd(n, 'metadata: {"openclaw":{"skillKey":""}}'), [ORIGIN]: '{"slug":"github"}' })],
  ['origin slug with an unread block', (n) => ({ 'SKILL.md': skillMd(n, 'metadata: {"moltbot":{"skillKey":"mine"}}'), [ORIGIN]: '{"slug":"github"}' })],
  ['origin array', (n) => ({ 'SKILL.md': skillMd(n), [ORIGIN]: '["github"]' })],
  ['origin slug number', (n) => ({ 'SKILL.md': skillMd(n), [ORIGIN]: '{"slug":7}' })],
  ['origin slug empty', (n) => ({ 'SKILL.md': skillMd(n), [ORIGIN]: '{"slug":"  "}' })],
  ['origin bom', (n) => ({ 'SKILL.md': skillMd(n), [ORIGIN]: '\ufeff{"slug":"github"}' })],
  ['origin json5', (n) => ({ 'SKILL.md': skillMd(n), [ORIGIN]: "{slug: 'github'}" })],
  ['origin at the limit', (n) => ({ 'SKILL.md': skillMd(n), [ORIGIN]: `{"slug":"github","p":"${'x'.repeat(16384 - 24)}"}` })],
  ['origin over the limit', (n) => ({ 'SKILL.md': skillMd(n), [ORIGIN]: `{"slug":"github","p":"${'x'.repeat(16384 - 23)}"}` })],
  ['origin duplicate slug', (n) => ({ 'SKILL.md': skillMd(n), [ORIGIN]: `{"slug":"${n}","slug":"github"}` })],
  ['origin other file', (n) => ({ 'SKILL.md': skillMd(n), '.openclaw/origin.json': '{"slug":"github"}' })],
  ['dispatch', (n) => ({ 'SKILL.md': skillMd(n, 'command-dispatch: tool\ncommand-tool: exec') })],
  ['dispatch underscored', (n) => ({ 'SKILL.md': skillMd(n, 'command_dispatch: Tool\ncommand_tool: " exec "\ndisable-model-invocation: yes') })],
  ['dispatch not invocable', (n) => ({ 'SKILL.md': skillMd(n, 'user-invocable: off\ncommand-dispatch: tool\ncommand-tool: exec') })],
];

async function loaderCheck() {
  const loadSkills = await findFunction('loadWorkspaceSkills');
  const listCommands = await findFunction('listSkillCommandsForWorkspace');
  if (!loadSkills || !listCommands) return { skipped: "OpenClaw's skill loader was not found" };
  const tmp = mkdtempSync(join(tmpdir(), 'skillpin-parity-loader-'));
  try {
    const ws = join(tmp, 'ws');
    const cases = folders.map(([label, files], i) => ({ label, name: `case-${i}`, files: files(`case-${i}`) }));
    for (const c of cases) {
      for (const [rel, text] of Object.entries(c.files)) {
        const abs = join(ws, 'skills', c.name, rel);
        mkdirSync(join(abs, '..'), { recursive: true });
        writeFileSync(abs, text);
      }
    }
    let entries;
    let commands;
    try {
      entries = loadSkills(ws, { config: {} });
      commands = listCommands({ workspaceDir: ws, cfg: {} });
    } catch (err) {
      return { skipped: `OpenClaw's loader does not run here (${String(err?.message ?? err).split('\n')[0]})` };
    }
    const out = { cases: cases.length, refused: 0, divergences: [] };
    for (const c of cases) {
      const e = entries.find((x) => x.skill.name === c.name);
      if (!e) {
        out.divergences.push(`${c.label}: OpenClaw did not load it`);
        continue;
      }
      const cmd = commands.find((x) => x.skillName === c.name);
      const o = {
        configKey: e.metadata?.skillKey ?? c.name,
        commandTool: cmd?.dispatch?.kind === 'tool' ? cmd.dispatch.toolName : null,
        hiddenFromModel: e.exposure?.includeInAvailableSkillsPrompt === false,
        slashCommand: cmd !== undefined,
      };
      let s;
      try {
        const m = manifestOf(Object.entries(c.files).map(([path, text]) => ({ path, type: 'file', mode: 0o644, data: Buffer.from(text) })), c.name);
        const caps = capabilitiesOf(m);
        s = { configKey: caps.configKey ?? m.name, commandTool: caps.commandTool ?? null, hiddenFromModel: caps.hiddenFromModel === true, slashCommand: caps.noSlashCommand !== true };
      } catch (err) {
        if (err?.code === 'EMANIFEST') {
          out.refused++;
          if (VERBOSE) process.stdout.write(`skill folder refused by skillpin: ${c.label} (OpenClaw: ${JSON.stringify(o)})\n`);
          continue;
        }
        throw err;
      }
      for (const k of Object.keys(o)) if (o[k] !== s[k]) out.divergences.push(`${c.label}: ${k}: OpenClaw ${JSON.stringify(o[k])}, review ${JSON.stringify(s[k])}`);
    }
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const loaderHome = mkdtempSync(join(tmpdir(), 'skillpin-parity-home-'));
process.env.HOME = loaderHome;
process.env.OPENCLAW_STATE_DIR = join(loaderHome, '.openclaw');
const loader = await loaderCheck();
rmSync(loaderHome, { recursive: true, force: true });

// ------------------------------------------------------------------ the skills OpenClaw ships
//
// The review says when a skill's name is one OpenClaw ships a skill under (it then replaces the
// shipped one): that list against the installed package's `skills/` and `custodian-skills/`, each
// folder by the name its SKILL.md gives.
function bundledCheck() {
  const names = new Set();
  for (const sub of ['skills', 'custodian-skills']) {
    let dirs;
    try {
      dirs = readdirSync(join(DIST, '..', sub), { withFileTypes: true }).filter((d) => d.isDirectory());
    } catch {
      continue;
    }
    for (const d of dirs) {
      let text;
      try {
        text = readFileSync(join(DIST, '..', sub, d.name, 'SKILL.md'), 'utf8');
      } catch {
        continue;
      }
      const name = oc.parse(text).name?.trim() || d.name;
      names.add(name);
    }
  }
  if (names.size === 0) return { skipped: "OpenClaw's skills/ folder was not found" };
  const missing = [...names].filter((n) => !OPENCLAW_BUNDLED_SKILLS.has(n)).sort();
  const extra = [...OPENCLAW_BUNDLED_SKILLS].filter((n) => !names.has(n)).sort();
  return { count: names.size, divergences: [...missing.map((n) => `OpenClaw ships "${n}", the list does not name it`), ...extra.map((n) => `the list names "${n}", OpenClaw ships no such skill`)] };
}
const bundled = bundledCheck();
for (const d of bundled.divergences ?? []) process.stdout.write(`\nDIVERGENCE (shipped skills) ${d}\n`);
process.stdout.write(bundled.skipped ? `\nshipped skills: skipped (${bundled.skipped})\n` : `\nshipped skills: ${bundled.count} in OpenClaw, ${bundled.divergences.length} differences from the review's list\n`);

// ------------------------------------------------------------------ the tool catalog
//
// `skill policy` emits and judges OpenClaw's tool ids and groups from its own table
// (src/policy/catalog.ts): a group is every tool of its section, so a tool the table lacks is one a
// group grants unseen. The table against the installed CORE_TOOL_GROUPS, group by group.
async function toolCatalogCheck() {
  let file;
  for (const f of readdirSync(DIST).sort()) {
    if (f.endsWith('.mjs') && readFileSync(join(DIST, f), 'utf8').includes('function buildCoreToolGroupMap(')) file = f;
  }
  if (!file) return { skipped: "OpenClaw's tool catalog (buildCoreToolGroupMap) was not found" };
  const src = readFileSync(join(DIST, file), 'utf8');
  const exp = /export\s*\{([^}]*)\}\s*;?\s*$/.exec(src)?.[1] ?? '';
  const alias = exp.split(',').map((part) => /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part)).find((m) => m && m[1] === 'CORE_TOOL_GROUPS');
  if (!alias) return { skipped: `${file} does not export CORE_TOOL_GROUPS` };
  const theirs = (await import(pathToFileURL(join(DIST, file)).href))[alias[2] ?? alias[1]];
  const divergences = [];
  for (const g of new Set([...Object.keys(theirs), ...Object.keys(TOOL_GROUPS)])) {
    const a = JSON.stringify(sorted(theirs[g] ?? []));
    const b = JSON.stringify(sorted(TOOL_GROUPS[g] ?? []));
    if (a !== b) divergences.push(`${g}: OpenClaw ${a}, skillpin ${b}`);
  }
  return { file, groups: Object.keys(theirs).length, divergences };
}
const catalog = await toolCatalogCheck();
for (const d of catalog.divergences ?? []) process.stdout.write(`\nDIVERGENCE (tool catalog) ${d}\n`);
process.stdout.write(catalog.skipped ? `\ntool catalog: skipped (${catalog.skipped})\n` : `\ntool catalog (${catalog.file}): ${catalog.groups} groups, ${catalog.divergences.length} differences from skillpin's\n`);

const ms = Date.now() - started;
const show = (label, map) => {
  for (const { name, text, detail } of map.values()) {
    process.stdout.write(`\n${label} ${name}\n  ${detail.join('\n  ')}\n  SKILL.md: ${JSON.stringify(text.length > 600 ? `${text.slice(0, 600)}…` : text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`);
  }
};
show('DIVERGENCE', found);
if (VERBOSE) show('review shows more:', overFound);
for (const d of loader.divergences ?? []) process.stdout.write(`\nDIVERGENCE (skill folder) ${d}\n`);
process.stdout.write(
  loader.skipped
    ? `\nskill folders: skipped (${loader.skipped})\n`
    : `\nskill folders through OpenClaw's loader: ${loader.cases} cases, ${loader.refused} refused by skillpin, ${loader.divergences.length} where OpenClaw acts on more\n`,
);
process.stdout.write(
  `\nparity with OpenClaw (${oc.file}): ${counts.cases} cases (${seeds.length} seeds, ${fuzzed} mutations, seed ${SEED}) in ${ms} ms: ` +
    `${counts.same} same, ${counts.refused} refused by skillpin, ${counts.openclawSkipped} not loaded by OpenClaw, ` +
    `${counts.over} where the review shows more, ${counts.under} where OpenClaw acts on more, ${counts.crash} crashes; ${found.size} distinct divergences\n`,
);
process.exit(found.size > 0 || (loader.divergences?.length ?? 0) > 0 || (bundled.divergences?.length ?? 0) > 0 || (catalog.divergences?.length ?? 0) > 0 ? 1 : 0);
