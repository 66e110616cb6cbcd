// The modes of what skillpin writes into the sandbox (DESIGN §3.7), in one place for install's
// "already in place" test and for verify, so that the two cannot disagree.

/** A normalised file mode: 0644, or 0755 where executable. */
export function isNormalFileMode(mode: number): boolean {
  return mode === 0o644 || mode === 0o755;
}

/** A folder mode that is fine: 0755 or narrower (folders are made 0755 under the umask). */
export function isNormalFolderMode(mode: number): boolean {
  return (mode & ~0o755) === 0;
}
