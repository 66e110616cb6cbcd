// TEMPORARY SHIM (uncommitted): replaced by the scan branch.
export type Severity = 'block' | 'warn' | 'info';
export interface SkillFile { path: string; data: Buffer }
export interface Finding { rule: string; severity: Severity; file: string; line: number; message: string; evidence: string }
export interface ScanOptions { name?: string; knownNames?: string[] }
export interface ScanResult { findings: Finding[]; decision: 'allow' | 'warn' | 'block' }
export function scanSkill(files: SkillFile[], _opts?: ScanOptions): ScanResult {
  const findings: Finding[] = [];
  for (const f of files) { const t = f.data.toString('utf8'); const i = t.indexOf('| bash'); if (i >= 0) findings.push({ rule: 'pipe.shell', severity: 'block', file: f.path, line: t.slice(0, i).split('\n').length, message: 'pipe to shell', evidence: '| bash' }); }
  return { findings, decision: decide(findings) };
}
export function decide(findings: Finding[], accepted: string[] = []): 'allow' | 'warn' | 'block' {
  if (findings.some((f) => f.severity === 'block' && !accepted.includes(f.rule))) return 'block';
  if (findings.some((f) => f.severity !== 'info')) return 'warn';
  return 'allow';
}
