// @ts-check
// The synthetic skills every benchmark uses (bench.js, bench-scan.js): deterministic text-like
// bytes shaped like a real skill (SKILL.md, CHANGELOG.md, package.json, shell scripts and
// reference docs), so runs are comparable and nothing compresses away.

const WORDS = ['weather', 'forecast', 'curl', 'api', 'key', 'skill', 'agent', 'read', 'exec', 'json', 'the', 'a', 'of', 'to', 'run', 'city', 'units'];

/** Deterministic prose of about `size` bytes. @param {number} seed @param {number} size */
export function prose(seed, size) {
  let x = (seed * 2654435761) >>> 0;
  const parts = [];
  let n = 0;
  while (n < size) {
    x = (x * 1103515245 + 12345) >>> 0;
    const w = WORDS[(x >>> 8) % WORDS.length] + ((x >>> 4) % 9 === 0 ? '.\n' : ' ');
    parts.push(w);
    n += w.length;
  }
  return parts.join('').slice(0, size);
}

/** A harmless shell script of about `size` bytes (comments + a fixed body). @param {number} seed @param {number} size */
export function script(seed, size) {
  const head = '#!/bin/sh\nset -eu\ncity="${1:-Berlin}"\nprintf \'%s\\n\' "forecast for $city"\n';
  const lines = prose(seed, Math.max(0, size - head.length)).split('\n').map((l) => `# ${l}`).join('\n');
  return `${head}${lines}\n`.slice(0, Math.max(size, head.length));
}

/**
 * One skill's files (package-relative path -> bytes, mode): SKILL.md, CHANGELOG.md, package.json,
 * scripts/*.sh (0755) and references/*.md, about `bytes` in total over `count` files.
 * @param {number} i @param {{ count?: number, bytes?: number }} [shape]
 * @returns {{ name: string, files: Array<{ path: string, data: Buffer, mode: number }> }}
 */
export function makeSkill(i, { count = 20, bytes = 60 * 1024 } = {}) {
  const name = `bench-skill-${String(i).padStart(5, '0')}`;
  const paths = ['SKILL.md', 'CHANGELOG.md', 'package.json'];
  for (let k = 0; paths.length < count; k++) paths.push(k % 3 === 0 ? `scripts/tool-${k}.sh` : `references/doc-${k}.md`);
  const weights = paths.map((_, k) => 1 + ((i * 31 + k * 17) % 9));
  const total = weights.reduce((a, b) => a + b, 0);
  const files = paths.map((p, k) => {
    const size = Math.floor((bytes * (weights[k] ?? 1)) / total);
    let text;
    if (p === 'package.json') text = `${JSON.stringify({ name, version: '1.0.0', description: `bench skill ${i}`, license: 'MIT', keywords: ['openclaw-skill'] }, null, 2)}\n`;
    else if (p === 'SKILL.md') {
      const fm = `---\nname: ${name}\ndescription: Synthetic benchmark skill ${i} that prints a forecast.\nallowed-tools: Bash Read\nmetadata: {"openclaw":{"requires":{"bins":["sh"]}}}\n---\n\n# ${name}\n\n`;
      text = fm + prose(i * 100 + k, Math.max(0, size - fm.length));
    } else if (p.startsWith('scripts/')) text = script(i * 100 + k, size);
    else text = prose(i * 100 + k, size);
    return { path: p, data: Buffer.from(text), mode: p.startsWith('scripts/') ? 0o755 : 0o644 };
  });
  return { name, files };
}
