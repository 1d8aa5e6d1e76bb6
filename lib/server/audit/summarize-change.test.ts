import { describe, expect, it } from 'vitest';
import { summarizeChange } from './summarize-change';

describe('summarizeChange', () => {
  it('lists changed keys with before and after, and equal keys as context', () => {
    expect(summarizeChange({ email: 'a@x', platformRole: 'user' }, { email: 'a@x', platformRole: 'admin' })).toEqual({
      changed: [{ key: 'platformRole', before: 'user', after: 'admin' }],
      context: [{ key: 'email', after: 'a@x' }],
    });
  });

  it('shows created and removed keys on one side only, and nested values as compact JSON', () => {
    expect(summarizeChange(null, { slug: 'acme', scopes: ['a', 'b'] }).changed).toEqual([
      { key: 'scopes', after: '["a","b"]' },
      { key: 'slug', after: 'acme' },
    ]);
    expect(summarizeChange({ name: 'x' }, null).changed).toEqual([{ key: 'name', before: 'x' }]);
  });

  it('shortens long values', () => {
    const { changed } = summarizeChange(null, { text: 'y'.repeat(200) });
    expect(changed[0]!.after).toHaveLength(80);
    expect(changed[0]!.after!.endsWith('…')).toBe(true);
  });
});
