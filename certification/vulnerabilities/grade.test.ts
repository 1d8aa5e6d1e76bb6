import { describe, expect, it } from 'vitest';
import { blockingFindings, countBySeverity, gradeFindings, gradeOf, type GradableFinding } from './grade';

const NOW = new Date('2026-09-01T12:00:00.000Z');
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const f = (severity: GradableFinding['severity'], ageMs: number, fixed: string | null = '2.0-1'): GradableFinding => ({
  severity,
  published: ago(ageMs),
  ...(fixed ? { fixed } : {}),
});

describe('grade boundaries', () => {
  it.each([
    ['critical', 7 * DAY, 'B'],
    ['critical', 7 * DAY + 1, 'C'],
    ['critical', 30 * DAY, 'C'],
    ['critical', 30 * DAY + 1, 'D'],
    ['critical', 90 * DAY, 'D'],
    ['critical', 90 * DAY + 1, 'E'],
    ['critical', 180 * DAY, 'E'],
    ['critical', 180 * DAY + 1, 'F'],
    ['high', 0, 'B'],
    ['high', 30 * DAY, 'B'],
    ['high', 30 * DAY + 1, 'C'],
    ['high', 90 * DAY, 'C'],
    ['high', 90 * DAY + 1, 'D'],
    ['high', 180 * DAY, 'D'],
    ['high', 180 * DAY + 1, 'E'],
    ['high', 365 * DAY, 'E'],
    ['high', 365 * DAY + 1, 'F'],
    ['medium', 1000 * DAY, 'A'],
    ['low', 1000 * DAY, 'A'],
    ['unknown', 1000 * DAY, 'A'],
  ] as const)('%s fixed %d ms ago → %s', (severity, age, grade) => {
    expect(gradeOf(f(severity, age), { now: NOW })).toBe(grade);
    expect(gradeFindings([f(severity, age)], { now: NOW }).grade).toBe(grade);
  });

  it('a fix published after `now` was not available yet and does not grade or block', () => {
    expect(gradeOf(f('critical', -1), { now: NOW })).toBe('A');
    expect(gradeOf(f('critical', 0), { now: NOW })).toBe('B');
    expect(blockingFindings([f('critical', -5 * DAY)], { now: NOW })).toEqual([]);
  });

  it('unfixed findings do not grade', () => {
    expect(gradeFindings([f('critical', 1000 * DAY, null)], { now: NOW }).grade).toBe('A');
  });

  it('a fixable finding without a publication date counts as oldest', () => {
    expect(gradeOf({ severity: 'high', fixed: '1' }, { now: NOW })).toBe('F');
  });

  it('unknown grades only when asked', () => {
    expect(gradeOf(f('unknown', 10 * DAY), { now: NOW, unknownAs: 'critical' })).toBe('C');
    expect(gradeOf(f('unknown', 10 * DAY), { now: NOW, unknownAs: 'high' })).toBe('B');
  });

  it('the worst finding decides, and counts cover every finding', () => {
    const findings = [f('high', 100 * DAY), f('critical', 3 * DAY), f('medium', 1), f('low', 1, null), f('unknown', 1)];
    expect(gradeFindings(findings, { now: NOW })).toEqual({ grade: 'D', counts: { critical: 1, high: 1, medium: 1, low: 1, unknown: 1 } });
    expect(gradeFindings([], { now: NOW })).toEqual({ grade: 'A', counts: countBySeverity([]) });
  });
});

describe('blockingFindings', () => {
  const findings = [f('critical', 2 * DAY), f('high', 10 * DAY), f('medium', 100 * DAY), f('high', 100 * DAY, null), f('unknown', 100 * DAY)];

  it('blocks fixable critical and high findings by default', () => {
    expect(blockingFindings(findings, { now: NOW })).toEqual([findings[0], findings[1]]);
  });

  it('honours a grace period and a custom threshold', () => {
    expect(blockingFindings(findings, { now: NOW, graceDays: 7 })).toEqual([findings[1]]);
    expect(blockingFindings(findings, { now: NOW, severities: ['critical', 'high', 'medium', 'unknown'], graceDays: 30 })).toEqual([findings[2], findings[4]]);
  });
});
