import { outcome, type CheckDefinition } from './types';

// hygiene.unique-tag: `latest` moves; customers and the catalog need a tag that keeps naming this build.
export const hygieneUniqueTag: CheckDefinition = {
  id: 'hygiene.unique-tag',
  title: 'Tagged with a version',
  description: 'The image is known by at least one tag other than latest.',
  remediation: 'Push the image with a version tag (e.g. `1.2.3` or `1.2.3-4`) besides any `latest`.',
  defaultRequired: true,
  run(ctx) {
    const tags = ctx.image.tags;
    const unique = tags.filter((t) => t.trim().toLowerCase() !== 'latest' && t.trim() !== '');
    if (unique.length) return outcome.passed(`Tagged ${unique.slice(0, 10).join(', ')}${unique.length > 10 ? ` and ${unique.length - 10} more` : ''}`);
    return outcome.failed(tags.length ? `Only tagged ${tags.map((t) => `"${t}"`).join(', ')}` : 'The image has no tag', tags.map((t) => ({ detail: `tag "${t}"` })));
  },
};
