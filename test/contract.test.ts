// DESIGN §3's contracts checked through the CLI, one situation a row: bad input is refused with
// its stable code and exit status (§3.5), the `--json` document on stdout, and nothing changed.

import { describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, snapshotTree, useFixtureRegistry } from './helpers.js';

const { fx, env } = useFixtureRegistry();

describe('network deadlines (§3.2 config, and SKILL_TIMEOUT_MS)', () => {
  it('a value no timer can hold (a fraction, past 2^31 - 1 ms) is ECONFIG / EUSAGE naming it, not EINTERNAL or every request failing at once', async () => {
    const cases: Array<[string, Record<string, unknown>, NodeJS.ProcessEnv, string, string]> = [
      ['network.timeoutMs 1.5', { network: { timeoutMs: 1.5 } }, {}, 'ECONFIG', 'network.timeoutMs'],
      ['network.timeoutMs 3e9', { network: { timeoutMs: 3_000_000_000 } }, {}, 'ECONFIG', 'network.timeoutMs'],
      ['SKILL_TIMEOUT_MS=2.5', {}, { SKILL_TIMEOUT_MS: '2.5' }, 'EUSAGE', 'SKILL_TIMEOUT_MS'],
      ['SKILL_TIMEOUT_MS=3000000000', {}, { SKILL_TIMEOUT_MS: '3000000000' }, 'EUSAGE', 'SKILL_TIMEOUT_MS'],
    ];
    for (const [what, config, extra, code, named] of cases) {
      const ws = makeWorkspace({ registry: fx.reg.url, ...config });
      const before = snapshotTree(ws);
      const r = await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: { ...env(), ...extra } });
      expect(r.json?.error?.code, `${what}: ${r.stdout}${r.stderr}`).toBe(code);
      expect(r.code, what).toBe(2);
      expect(r.json.error.message, what).toContain(named);
      expect(r.stderr, what).not.toContain('TimeoutOverflowWarning');
      expect(snapshotTree(ws), what).toEqual(before);
    }
    // The longest deadline a timer keeps is still taken.
    const ws = makeWorkspace({ registry: fx.reg.url, network: { timeoutMs: 2_147_483_647 } });
    const ok = await runCli(['add', 'weather@1.4.0', '--yes', '--cwd', ws, '--json'], { env: env() });
    expect(ok.json?.ok, ok.stderr).toBe(true);
  });
});
