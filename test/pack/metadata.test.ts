// Every rule of the pack carries complete METADATA (as the rule catalog in
// lib/pack/pack.json holds it), with the severity RULES.md gives it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './fixture-expectations.js';

const catalog = JSON.parse(readFileSync(join(REPO_ROOT, 'lib/pack/pack.json'), 'utf8')).catalog as Record<
  string,
  unknown
>[];

/** Default severities of RULES.md (the first of "error / warning"). */
const SEVERITIES: Record<string, string> = {
  RTC001: 'error',
  RTC002: 'error',
  RTC003: 'error',
  RTC004: 'error',
  RTC005: 'warning',
  RTC010: 'error',
  RTC011: 'error',
  RTC012: 'error',
  RTC013: 'warning',
  RTC014: 'warning',
  RTC015: 'error',
  RTC016: 'warning',
  RTC020: 'error',
  RTC021: 'error',
  RTC022: 'error',
  RTC030: 'error',
  RTC031: 'error',
  RTC032: 'error',
  RTC033: 'warning',
  RTC034: 'error',
  RTC035: 'warning',
  RTC036: 'note',
  RTC037: 'warning',
  RTC040: 'error',
};

describe('pack METADATA', () => {
  it('describes exactly the rules of RULES.md', () => {
    expect(catalog.map((r) => r.id)).toEqual(Object.keys(SEVERITIES));
  });

  for (const rule of catalog) {
    it(`${rule.id}: title, description, sources, severity, remediation`, () => {
      expect(rule.severity).toBe(SEVERITIES[rule.id as string]);
      expect(rule.origin).toBe('builtin');
      expect(String(rule.title).length).toBeGreaterThan(10);
      expect(String(rule.description).length).toBeGreaterThan(150);
      expect(String(rule.remediation).length).toBeGreaterThan(30);
      expect(rule.relatedResources).toEqual(expect.arrayContaining([expect.stringMatching(/^https:\/\//)]));
      expect(rule.policyRef).toMatch(
        /^data\.rtc\.(runtimeclass|admission|nodeconfig|sandbox|tenancy)\.deny$/,
      );
    });
  }
});
