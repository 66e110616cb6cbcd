// What the caches could not do in this run, for the CLI to say once at the end. No imports: the
// CLI loads this module at start, before it knows whether a command writes any cache.

const unwritable = new Map<string, { reason: string; redo: string }>();

/**
 * A cache folder (its root) that a write failed in, with the first reason and what the next run
 * does again without it ("downloads again"); later ones are kept out.
 */
export function recordUnwritableCache(root: string, reason: string, redo: string): void {
  if (!unwritable.has(root)) unwritable.set(root, { reason, redo });
}

/** Every cache folder a write failed in during this run, with the first reason. */
export function unwritableCaches(): Array<{ root: string; reason: string; redo: string }> {
  return [...unwritable].map(([root, v]) => ({ root, ...v }));
}
