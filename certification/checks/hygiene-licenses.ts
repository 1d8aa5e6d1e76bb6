import { outcome, type CheckDefinition } from './types';

// hygiene.licenses: customers must be able to read the terms of what they run; /licenses is where
// certified images put them.
export const hygieneLicenses: CheckDefinition = {
  id: 'hygiene.licenses',
  title: 'License files',
  description: 'The /licenses directory holds at least one non-empty regular file.',
  remediation: 'Copy the product\'s license terms into /licenses (e.g. `COPY LICENSE /licenses/`).',
  defaultRequired: true,
  run(ctx) {
    const dir = ctx.fs.resolve('/licenses');
    if (!dir) return outcome.failed('The image has no /licenses directory');
    if (dir.type !== 'directory') return outcome.failed(`/licenses is a ${dir.type}, not a directory`, [{ path: '/licenses', layer: dir.layer, detail: dir.type }]);
    const files = ctx.fs.list(dir.path, { recursive: true }).filter((e) => (e.type === 'file' || e.type === 'hardlink') && e.size > 0);
    if (files.length === 0) return outcome.failed('/licenses holds no non-empty regular file');
    return outcome.passed(`/licenses holds ${files.length} license file(s)`, files.slice(0, 20).map((f) => ({ path: f.path, layer: f.layer, detail: `${f.size} bytes` })));
  },
};
