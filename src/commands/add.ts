// `skill add <spec>`: resolve, fetch, review, ask, install into the sandbox, pin in the lock.

import { lstatSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SkillpinError } from '../errors.js';
import { fileIntegrity } from '../integrity/index.js';
import { folderClashes, folderClashText, isOwnerQualifiedKey, isPinned, lockedSourceOf, skillFolderName, type LockEntry } from '../lockfile/index.js';
import { openclawIdentity } from '../manifest/index.js';
import { identityClash, type InstalledIdentity } from '../policy/installed.js';
import { analyse, enforceDecision, invalidManifestReviewOf } from '../pipeline/index.js';
import { renderReview, type ReviewModel } from '../review/index.js';
import type { UpdateReviewModel } from '../review/update.js';
import { folderMatches } from '../sandbox/index.js';
import { fetchSpec } from '../source/index.js';
import type { ArchiveEntry } from '../source/types.js';
import { parseSpec } from '../spec/index.js';
import { confirmOrRefuse, type UI } from '../ui/index.js';
import { applyCandidate } from './apply.js';
import { provenanceFor, servedSigned } from './provenance.js';
import { withWorkspace, type CommonOptions } from './common.js';
import { enclosingSandbox, type Workspace } from '../workspace/index.js';

export interface AddOptions extends CommonOptions {
  spec: string;
  yes?: boolean;
  acceptRisk?: string[];
  acceptIdentityChange?: boolean;
  acceptDowngrade?: boolean;
  ui: UI;
}

export interface AddResult {
  review: ReviewModel;
  entry: LockEntry;
  replaced: string | null;
  /**
   * Another version of a locked skill: the update review the person was shown (changelog, file diff,
   * capability and provenance delta), so that `--json` carries what the text did, not only `review`.
   */
  update?: UpdateReviewModel;
}

export async function add(opts: AddOptions): Promise<AddResult> {
  const spec = parseSpec(opts.spec);
  const accepted = opts.acceptRisk ?? [];
  return withWorkspace(opts, async (ws) => {
    if (!ws.lock.exists) await refuseWorkspaceInSandbox(ws, opts.env ?? process.env);
    const { fetched, pinned, pinnedSpec } = await fetchSpec(spec, ws, { env: opts.env ?? process.env });
    const name = fetched.resolved.name;
    if (!pinned && (opts.yes || !opts.ui.interactive)) {
      throw new SkillpinError('EUNPINNED', `${spec.raw} is not an exact version; it resolves to ${pinnedSpec} today`, {
        skill: name,
        pinnedSpec,
        // Here there is --yes or no terminal, so `skill add <exact>` alone would stop next at the
        // prompt (EREVIEW): name the whole way, review then --yes.
        hint: `Review it (skill review ${pinnedSpec}), then pin that exact version: skill add ${pinnedSpec} --yes. Only a person at a terminal can turn a range or tag into a pin.`,
      });
    }
    refuseOwnerQualifiedKeys(name, ws.lock.lock.skills);
    refuseFolderClash(name, Object.keys(ws.lock.lock.skills));
    const previous = ws.lock.lock.skills[name];
    if (previous && lockedSourceOf(previous) !== fetched.resolved.source) {
      throw new SkillpinError('EUSAGE', `${name} is already locked from source ${lockedSourceOf(previous)}; refusing to replace it with one from ${fetched.resolved.source}`, {
        skill: name,
        hint: `Remove it first (skill remove ${name}) if you really mean to switch sources.`,
      });
    }
    if (previous) refuseOwnerClash(name, previous, fetched.resolved.ownerHandle);
    const version = fetched.resolved.version;
    const sameRegistry = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
    if (previous && isPinned(previous) && fetched.resolved.source !== 'file' && previous.version !== version && sameRegistry(previous.registry, fetched.resolved.registry)) {
      // Another version of a locked skill, from the registry it was locked from, is an update: the
      // person sees what changes (changelog, file diff, capability and provenance change), as
      // `skill update --to` shows it, not only the new version on its own. (From another registry
      // it is a new pin, reviewed on its own; provenance continuity is still checked.)
      opts.ui.info(`${name} is locked at ${String(previous.version)}: reviewing ${version} as an update\n`);
      const { updateIn } = await import('./update.js');
      const r = await updateIn(ws, {
        ...opts,
        names: [name],
        to: version,
        yes: Boolean(opts.yes),
        acceptRisk: accepted,
        acceptIdentityChange: Boolean(opts.acceptIdentityChange),
        acceptDowngrade: Boolean(opts.acceptDowngrade),
        lockedBytesChanged: 'compare-with-record',
      });
      const outcome = r.results[0];
      if (outcome?.status !== 'updated' || !outcome.review || !outcome.entry) {
        // updateIn applies the one version asked for or throws (declined, refused): a bug otherwise.
        throw new Error(`update of ${name} to ${version} ended as ${outcome?.status ?? 'nothing'}`);
      }
      return { review: outcome.review.candidate, entry: outcome.entry, replaced: String(previous.version), update: outcome.review };
    }
    // Another version of a locked npm skill, pinned here as a new pin (from another registry): whether
    // the locked version is registry-signed is asked of the registries, not only of the lock's
    // `registrySigned`, which an edit can delete (update does the same from its plan).
    const lockedSignedNow =
      previous && isPinned(previous) && lockedSourceOf(previous) === 'npm' && fetched.resolved.source === 'npm' && previous.version !== version
        ? await servedSigned(ws, name, String(previous.version), [fetched.resolved.registry, typeof previous.registry === 'string' ? previous.registry : undefined])
        : false;
    const candidate = await analyse(fetched, {
      spec: spec.raw,
      pinnedSpec,
      pinned,
      knownNames: Object.keys(ws.lock.lock.skills),
      acceptedRisks: accepted,
      reviewInvalidManifest: true,
      provenance: (f) => provenanceFor(ws, f, previous, { identityChange: Boolean(opts.acceptIdentityChange), downgrade: Boolean(opts.acceptDowngrade) }, { lockedSignedNow }),
    }).catch((err: unknown) => {
      // An invalid SKILL.md: the person still sees what was found, then the EMANIFEST refusal.
      const found = invalidManifestReviewOf(err);
      if (found) opts.ui.info(renderReview(found, { prompted: false, columns: opts.ui.columns }));
      throw err;
    });
    refuseIdentityClash(ws, name, openclawIdentity(candidate.manifest, skillFolderName(name)));
    if (!previous) await refuseUnmanagedFolder(ws, name, candidate.fetched.entries);
    opts.ui.info(renderReview(candidate.review, { columns: opts.ui.columns }));
    enforceDecision(candidate, accepted);
    if (!opts.yes) {
      const ok = await confirmOrRefuse(
        opts.ui,
        candidate.review.decision === 'warn' ? `Install ${pinnedSpec} despite the warnings above?` : `Install ${pinnedSpec}?`,
        `installing ${pinnedSpec}`,
        `Run it in a terminal to answer the prompt, or pass --yes with an exact version (skill add ${pinnedSpec} --yes).`,
      );
      if (!ok) {
        throw new SkillpinError('EREVIEW', `review declined: ${pinnedSpec} was not installed`, { skill: name, hint: 'Nothing was changed.' });
      }
    }
    const entry = await applyCandidate(ws, name, previous, candidate);
    return { review: candidate.review, entry, replaced: previous?.version ?? null };
  }, { storesAttestations: true });
}

/**
 * A new skill whose sandbox folder is already there, owned by no lock entry (a skill written by
 * hand, or left by another tool), would be swapped out and deleted by the install without a word:
 * refused, unless that folder is empty or already holds exactly the files being added (a lock lost
 * and the skill added again), when nothing is lost.
 */
async function refuseUnmanagedFolder(ws: Workspace, name: string, entries: ArchiveEntry[]): Promise<void> {
  const dir = join(ws.sandbox.root, skillFolderName(name));
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (st === undefined) return;
  // An empty folder (made ahead of the install, or left by a tool) holds nothing to lose.
  if (st.isDirectory() && readdirSync(dir).length === 0) return;
  const files = Object.fromEntries(entries.filter((e) => e.type === 'file').map((e) => [e.path, fileIntegrity(e.data ?? Buffer.alloc(0))]));
  if (await folderMatches(dir, files)) return;
  throw new SkillpinError('EUSAGE', `refusing to add ${name}: its sandbox folder ${dir} is already there and no lock entry owns it, so installing would delete what it holds`, {
    skill: name,
    path: dir,
    hint: 'It was made by hand or by another tool (skill verify lists it as unmanaged). Move it out of the sandbox, then add again; nothing was changed.',
  });
}

/**
 * ClawHub lock keys are bare slugs (OpenClaw throws on keys with `/`), so two owners' skills with
 * one slug cannot both be locked: the second is refused, never written over the first.
 */
export function refuseOwnerClash(name: string, previous: LockEntry, ownerHandle: string | undefined): void {
  if (lockedSourceOf(previous) !== 'clawhub') return;
  const locked = typeof previous.ownerHandle === 'string' ? previous.ownerHandle.toLowerCase() : undefined;
  const incoming = ownerHandle?.toLowerCase();
  if (locked === incoming) return;
  throw new SkillpinError('EUSAGE', `${name} is already locked from ClawHub owner ${locked ? `@${locked}` : '(none recorded)'}; refusing to replace it with @${incoming ?? '(none)'}/${name}`, {
    skill: name,
    locked: locked ?? null,
    requested: incoming ?? null,
    hint: locked
      ? `Lock entries are keyed by bare slug, so one workspace holds one ${name}. Remove the locked one first (skill remove ${name}) if you mean to switch publishers.`
      : `The locked ${name} records no ClawHub owner (the clawhub CLI wrote it), so it cannot be told from another publisher's ${name}. Run \`skill adopt\` to pin it if its files match what ClawHub publishes; otherwise remove it first (skill remove ${name}), then add again.`,
  });
}

/**
 * A new name whose sandbox folder another entry's already is (`DEMO` beside `demo`, a local tarball
 * named `acme+x` beside `@acme/x`) would be installed over that skill's files.
 */
function refuseFolderClash(name: string, keys: string[]): void {
  if (keys.includes(name)) return;
  const clash = folderClashes([...keys, name]).find((pair) => pair.includes(name));
  if (!clash) return;
  const other = clash[0] === name ? clash[1] : clash[0];
  throw new SkillpinError('EUSAGE', `refusing to add ${name}: ${folderClashText(other, name)}, which ${other} holds`, {
    skill: name,
    existing: other,
    hint: `One folder cannot hold both. Remove ${other} first (skill remove ${other}) if ${name} is meant to replace it.`,
  });
}

/**
 * OpenClaw keeps one skill per name (SKILL.md's `name`, else the folder's), whichever it reads
 * last, and gives a skill the env and apiKey configured under `skills.entries.<skillKey or name>`.
 * A new skill under the name of one already installed would replace it for the agent, and one that
 * shares its config entry (the same name, or a `skillKey` naming it) would get its secrets: a
 * second `notes` from another publisher, or a `skillKey: notes`, is how a newcomer takes over a
 * reviewed skill. Compared with the SKILL.md each installed skill has in its folder now.
 */
export function refuseIdentityClash(ws: Workspace, name: string, mine: InstalledIdentity, verb: 'add' | 'update' = 'add'): void {
  const clash = identityClash(ws, name, mine);
  if (clash === null) return;
  const { other, sameName } = clash;
  const subject = verb === 'add' ? 'it' : 'the new version';
  const why = sameName
    ? `${subject} loads in OpenClaw under the name ${JSON.stringify(mine.name)}, as the installed ${other} does`
    : `OpenClaw would give ${subject} the env and apiKey configured under skills.entries[${JSON.stringify(mine.configEntry)}], as it gives the installed ${other}`;
  throw new SkillpinError('EUSAGE', `refusing to ${verb} ${name}: ${why}`, {
    skill: name,
    existing: other,
    loadsAs: mine.name,
    configEntry: mine.configEntry,
    hint: `OpenClaw keeps one skill per name and gives each config entry's secrets to every skill that names it. Remove ${other} first (skill remove ${other}) if ${name} is meant to replace it.`,
  });
}

/**
 * A first pin makes its folder a workspace. Inside another workspace's sandbox (`cd skills` and a
 * missing --cwd), that lock would live where the other workspace's agent reads its skills, which
 * the pins must never do, and its skills would land in a folder of that sandbox no lock entry owns.
 */
async function refuseWorkspaceInSandbox(ws: Workspace, env: NodeJS.ProcessEnv): Promise<void> {
  const folder = dirname(ws.config.clawhubDir);
  const outer = await enclosingSandbox(folder, env);
  if (outer === null) return;
  throw new SkillpinError('EUSAGE', `refusing to make ${folder} a workspace: it is inside the sandbox ${outer.sandbox} of the workspace ${outer.workspace}, and a lock there would sit among the skills that workspace's agent reads`, {
    workspace: outer.workspace,
    sandbox: outer.sandbox,
    hint: `Run skill add in ${outer.workspace} (or pass --cwd ${outer.workspace}). Nothing was written.`,
  });
}

/**
 * The clawhub CLI keys owner-qualified installs `@owner/slug` (folder `skills/@owner/<slug>`).
 * Adding the same slug beside such a key would leave two copies that OpenClaw both loads.
 */
function refuseOwnerQualifiedKeys(name: string, skills: Record<string, LockEntry>): void {
  // An npm scope (`@acme/summarize`, pinned) is not an owner: its folder is acme+summarize.
  const clash = Object.keys(skills).find((k) => isOwnerQualifiedKey(k, skills[k] as LockEntry) && k.slice(k.indexOf('/') + 1) === name);
  if (!clash) return;
  throw new SkillpinError('EUSAGE', `the lock already holds ${clash}, written by the clawhub CLI; refusing to add ${name} beside it`, {
    skill: name,
    existing: clash,
    hint: `Run \`skill adopt\` to pin and re-key it as ${name} (if it matches what was published), or remove it with the clawhub CLI first.`,
  });
}
