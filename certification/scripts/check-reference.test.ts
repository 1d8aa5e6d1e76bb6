import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index';
import { README, renderCheckReference, withCheckReference } from './check-reference';

describe('the check reference in certification/README.md', () => {
  it('is what the script generates from CHECKS (run: npx tsx certification/scripts/check-reference.ts)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(withCheckReference(readme)).toBe(readme);
  });

  it('lists every check once with its remediation', () => {
    const table = renderCheckReference();
    for (const c of CHECKS) expect(table.split(`| \`${c.id}\` |`)).toHaveLength(2);
    expect(table).toContain('| `security.setuid-files` |');
    expect(table).toMatch(/\| `signature\.verified` \| .* \| required \| Sign the pushed digest/);
  });
});
