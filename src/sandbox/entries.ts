// Collecting archive entries under the limits and name rules of DESIGN §3.7, whatever the archive
// format: duplicate and case-fold-colliding names, file-versus-folder clashes, counts and sizes.

import { SkillpinError } from '../errors.js';
import type { ArchiveEntry, SandboxLimits } from '../source/types.js';
import { foldersOf } from './modes.js';
import { checkEntryPath, foldKey } from './paths.js';

export function normaliseMode(mode: number, type: 'file' | 'directory'): number {
  if (type === 'directory') return 0o755;
  return mode & 0o111 ? 0o755 : 0o644;
}

export class EntryCollector {
  private readonly files = new Map<string, ArchiveEntry>();
  private readonly dirs = new Set<string>();
  private readonly folded = new Map<string, string>();
  private total = 0;
  private count = 0;
  private folders = 0;

  constructor(
    private readonly limits: SandboxLimits,
    private readonly skill: string,
  ) {}

  private refuse(message: string, facts: Record<string, unknown> = {}): never {
    throw new SkillpinError('ESANDBOX', `${this.skill}: ${message}`, {
      skill: this.skill,
      ...facts,
      hint: 'The archive breaks the sandbox rules (DESIGN §3.7); it was refused and nothing was written.',
    });
  }

  private claim(path: string, type: 'file' | 'directory'): void {
    const key = foldKey(path);
    const seen = this.folded.get(key);
    if (seen !== undefined) {
      if (type === 'directory' && this.dirs.has(seen) && seen === path) return;
      if (seen === path) this.refuse(`archive holds ${JSON.stringify(path)} twice`, { entry: path });
      this.refuse(`archive entries ${JSON.stringify(seen)} and ${JSON.stringify(path)} collide when case is folded`, { entry: path });
    }
    this.folded.set(key, path);
    // Every parent must be (or become) a folder, never a file. From the deepest up, to the first
    // folder already claimed: its own parents were claimed with it. (Each parent from the top, as
    // before, cost the square of the depth for every entry: a deep path repeated was seconds.)
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const parent = path.slice(0, slash);
      if (this.dirs.has(parent)) break;
      if (this.files.has(parent)) this.refuse(`archive uses file ${JSON.stringify(parent)} as a folder`, { entry: path });
      const pkey = foldKey(parent);
      const pseen = this.folded.get(pkey);
      if (pseen !== undefined && pseen !== parent) this.refuse(`archive folders ${JSON.stringify(pseen)} and ${JSON.stringify(parent)} collide when case is folded`, { entry: path });
      this.countFolder();
      this.dirs.add(parent);
      this.folded.set(pkey, parent);
    }
    if (type === 'file' && this.dirs.has(path)) this.refuse(`archive uses folder ${JSON.stringify(path)} as a file`, { entry: path });
  }

  /**
   * Folders count against limits.maxFiles as files do (on their own count): a few KB of archive
   * could otherwise name a million nested folders.
   */
  private countFolder(): void {
    this.folders += 1;
    if (this.folders > this.limits.maxFiles) this.refuse(`archive holds more than ${this.limits.maxFiles} folders (limits.maxFiles)`);
  }

  addDirectory(rawPath: string): void {
    const path = checkEntryPath(rawPath, this.skill);
    if (this.dirs.has(path)) return;
    this.claim(path, 'directory');
    this.countFolder();
    this.dirs.add(path);
  }

  /** Check a file's name and declared size before its bytes are read. */
  reserveFile(rawPath: string, declaredSize: number): string {
    const path = checkEntryPath(rawPath, this.skill);
    this.count += 1;
    if (this.count > this.limits.maxFiles) this.refuse(`archive holds more than ${this.limits.maxFiles} files (limits.maxFiles)`);
    if (declaredSize > this.limits.maxFileBytes) {
      this.refuse(`file ${JSON.stringify(path)} is ${declaredSize} bytes, over limits.maxFileBytes=${this.limits.maxFileBytes}`, { entry: path });
    }
    this.total += declaredSize;
    if (this.total > this.limits.maxTotalBytes) this.refuse(`archive holds more than ${this.limits.maxTotalBytes} bytes (limits.maxTotalBytes)`);
    this.claim(path, 'file');
    this.files.set(path, { path, type: 'file', mode: 0o644 });
    return path;
  }

  addFile(rawPath: string, data: Buffer, mode: number): void {
    const path = checkEntryPath(rawPath, this.skill);
    const entry = this.files.get(path);
    if (!entry) this.refuse(`internal: file ${path} was not reserved`);
    if (data.length > this.limits.maxFileBytes) this.refuse(`file ${JSON.stringify(path)} is over limits.maxFileBytes`, { entry: path });
    entry.data = data;
    entry.mode = normaliseMode(mode, 'file');
  }

  /** Reserve and add in one step (for formats whose sizes are known up front). */
  add(rawPath: string, data: Buffer, mode: number): void {
    const path = this.reserveFile(rawPath, data.length);
    this.addFile(path, data, mode);
  }

  /**
   * The entries, sorted. Only folders that hold a file: the lock pins files, and a folder is
   * installed to hold them. An empty folder carries nothing to review, and installed it would be a
   * folder `verify` can never account for (it fails the gate for good).
   */
  finish(): ArchiveEntry[] {
    const out: ArchiveEntry[] = [];
    const holding = foldersOf(this.files.keys());
    for (const d of [...this.dirs].sort()) if (holding.has(d)) out.push({ path: d, type: 'directory', mode: 0o755 });
    for (const f of [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      if (!f.data) this.refuse(`file ${JSON.stringify(f.path)} has no data (truncated archive)`, { entry: f.path });
      out.push(f);
    }
    return out;
  }
}
