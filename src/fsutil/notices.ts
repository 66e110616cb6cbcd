// What the caches could not do in this run, for the CLI to say once at the end. No imports: the
// CLI loads this module at start, before it knows whether a command writes any cache.

const unwritable = new Map<string, string>();

/** A cache folder (its root) that a write failed in, with the first reason; later ones are kept out. */
export function recordUnwritableCache(root: string, reason: string): void {
  if (!unwritable.has(root)) unwritable.set(root, reason);
}

/** Every cache folder a write failed in during this run, with the first reason. */
export function unwritableCaches(): Array<{ root: string; reason: string }> {
  return [...unwritable].map(([root, reason]) => ({ root, reason }));
}
