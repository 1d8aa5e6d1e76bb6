import { capEvidence, outcome, type CheckDefinition, type CheckEvidence } from './types';

// security.world-writable: any user in the container can replace a world-writable file or plant files
// in such a directory; the sticky bit (as on /tmp) stops them touching others' files.
export const securityWorldWritable: CheckDefinition = {
  id: 'security.world-writable',
  title: 'World-writable files',
  description: 'Lists files and directories writable by every user, except directories with the sticky bit. Symlinks (always 0777) do not count.',
  remediation: 'Tighten the modes (`chmod o-w PATH`), or set the sticky bit on shared directories (`chmod +t DIR`).',
  defaultRequired: false,
  run(ctx) {
    const evidence: CheckEvidence[] = [];
    for (const e of ctx.fs.entries()) {
      if (e.type === 'symlink' || e.type === 'char-device' || e.type === 'block-device') continue;
      if ((e.mode & 0o002) === 0) continue;
      if (e.type === 'directory' && (e.mode & 0o1000) !== 0) continue;
      evidence.push({ path: e.path, layer: e.layer, detail: `${e.type} mode 0${(e.mode & 0o7777).toString(8)} is world-writable` });
    }
    if (evidence.length) return outcome.failed(`${evidence.length} world-writable path(s)`, capEvidence(evidence));
    return outcome.passed('No world-writable files or directories without the sticky bit');
  },
};
