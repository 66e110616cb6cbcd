import { describe, expect, it } from 'vitest';
import { parseClawhubSpec, resolveClawhubBaseUrl } from '../src/source/clawhub/index.js';
import { SkillpinError } from '../src/errors.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof SkillpinError ? err.code : 'not a SkillpinError';
  }
  return undefined;
}

describe('parseClawhubSpec', () => {
  it('pins an owner-qualified spec with an exact version', () => {
    expect(parseClawhubSpec('clawhub:@acme/weather@1.2.3')).toEqual({ ownerHandle: 'acme', slug: 'weather', version: '1.2.3', pinned: true });
  });
  it('leaves an owner-qualified spec without version unpinned', () => {
    expect(parseClawhubSpec('clawhub:@acme/weather')).toEqual({ ownerHandle: 'acme', slug: 'weather', pinned: false });
  });
  it('accepts a bare slug, with and without version', () => {
    expect(parseClawhubSpec('clawhub:weather')).toEqual({ slug: 'weather', pinned: false });
    expect(parseClawhubSpec('clawhub:weather@1.2.3')).toEqual({ slug: 'weather', version: '1.2.3', pinned: true });
    expect(parseClawhubSpec('weather@0.1.0-beta.1')).toEqual({ slug: 'weather', version: '0.1.0-beta.1', pinned: true });
  });
  it('lowercases handles and slugs as OpenClaw does', () => {
    expect(parseClawhubSpec('clawhub:@Acme.Labs/Weather')).toEqual({ ownerHandle: 'acme.labs', slug: 'weather', pinned: false });
  });
  it('treats @latest as unpinned', () => {
    expect(parseClawhubSpec('clawhub:weather@latest').pinned).toBe(false);
  });
  it('refuses owner/slug without @ (OpenClaw refuses it)', () => {
    expect(codeOf(() => parseClawhubSpec('clawhub:acme/weather'))).toBe('EUSAGE');
  });
  it.each([
    'clawhub:',
    'clawhub:@acme',
    'clawhub:@/weather',
    'clawhub:@-acme/weather',
    'clawhub:@acme/-weather',
    'clawhub:we_ather',
    'clawhub:weather@^1.2.0',
    'clawhub:weather@1.x',
    'clawhub:weather@v1.2.3',
    'clawhub:weather@',
    'clawhub:@acme/weather/extra',
    `clawhub:@${'a'.repeat(41)}/weather`,
  ])('refuses %s with EUSAGE', (spec) => {
    expect(codeOf(() => parseClawhubSpec(spec))).toBe('EUSAGE');
  });
});

describe('resolveClawhubBaseUrl', () => {
  it('prefers the config, then CLAWHUB_REGISTRY, then OPENCLAW_CLAWHUB_URL, then CLAWHUB_URL, then clawhub.ai', () => {
    const env = { CLAWHUB_REGISTRY: 'https://reg.example/', OPENCLAW_CLAWHUB_URL: 'https://oc.example', CLAWHUB_URL: 'https://cu.example' };
    expect(resolveClawhubBaseUrl('https://cfg.example/', env)).toBe('https://cfg.example');
    expect(resolveClawhubBaseUrl(undefined, env)).toBe('https://reg.example');
    expect(resolveClawhubBaseUrl(undefined, { OPENCLAW_CLAWHUB_URL: 'https://oc.example', CLAWHUB_URL: 'https://cu.example' })).toBe('https://oc.example');
    expect(resolveClawhubBaseUrl(undefined, { CLAWHUB_URL: 'https://cu.example/sub/' })).toBe('https://cu.example/sub');
    expect(resolveClawhubBaseUrl(undefined, {})).toBe('https://clawhub.ai');
    expect(resolveClawhubBaseUrl('', { CLAWHUB_REGISTRY: ' ' })).toBe('https://clawhub.ai');
  });
  it('refuses URLs that are not http(s) or carry credentials', () => {
    expect(codeOf(() => resolveClawhubBaseUrl('ftp://x.example', {}))).toBe('ECONFIG');
    expect(codeOf(() => resolveClawhubBaseUrl('not a url', {}))).toBe('ECONFIG');
    expect(codeOf(() => resolveClawhubBaseUrl(undefined, { CLAWHUB_REGISTRY: 'https://u:p@x.example' }))).toBe('ECONFIG');
  });
});
