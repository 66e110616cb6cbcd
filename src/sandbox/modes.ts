// The shape of what skillpin writes into the sandbox (DESIGN §3.7): modes, and which folders a
// skill may hold. In one place for install's "already in place" test and for verify, so that the
// two cannot disagree.

/** A normalised file mode: 0644, or 0755 where executable. */
export function isNormalFileMode(mode: number): boolean {
  return mode === 0o644 || mode === 0o755;
}

/** A folder mode that is fine: 0755 or narrower (folders are made 0755 under the umask). */
export function isNormalFolderMode(mode: number): boolean {
  return (mode & ~0o755) === 0;
}

/** The folders a skill holding these file paths must have: every parent of a locked file. */
export function foldersOf(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const p of paths) {
    for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
  }
  return dirs;
}
