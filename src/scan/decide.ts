// The decision for a scan's findings: on its own, so the pipeline can decide on findings the
// verdict cache returns without loading the scanner (its rules, engine and name lists).

import type { Finding } from './engine.js';

/**
 * The decision for a set of findings: any block → 'block', any warn → 'warn', else 'allow'.
 * Block findings whose rule id a person accepted count as warnings.
 */
export function decide(findings: Finding[], acceptedRules: string[] = []): 'allow' | 'warn' | 'block' {
  const accepted = new Set(acceptedRules);
  let decision: 'allow' | 'warn' | 'block' = 'allow';
  for (const f of findings) {
    if (f.severity === 'block' && !accepted.has(f.rule)) return 'block';
    if (f.severity === 'block' || f.severity === 'warn') decision = 'warn';
  }
  return decision;
}

/** The rule ids of the blocking findings, each once, in the order they were found. */
export function blockingRules(findings: Finding[]): string[] {
  return [...new Set(findings.filter((f) => f.severity === 'block').map((f) => f.rule))];
}
