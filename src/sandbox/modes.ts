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

/**
 * The folders a skill holding these file paths must have: every parent of a file. Each path is
 * walked from its deepest parent up to the first one already seen (whose own parents were added
 * with it), so a thousand files deep in one folder cost one walk, not the square of the depth.
 */
export function foldersOf(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const p of paths) {
    for (let slash = p.lastIndexOf('/'); slash > 0; slash = p.lastIndexOf('/', slash - 1)) {
      const dir = p.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  return dirs;
}
