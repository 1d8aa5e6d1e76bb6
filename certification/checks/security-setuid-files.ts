import { capEvidence, outcome, type CheckDefinition, type CheckEvidence } from './types';

// security.setuid-files: setuid/setgid executables are the usual way from a container user to root;
// listing them lets reviewers see which ones the application really needs.
export const securitySetuidFiles: CheckDefinition = {
  id: 'security.setuid-files',
  title: 'Setuid and setgid files',
  description: 'Lists regular files with the setuid or setgid bit in the final image.',
  remediation: 'Remove the setuid/setgid bits the application does not need (`chmod u-s,g-s FILE` in the last layer).',
  defaultRequired: false,
  run(ctx) {
    const evidence: CheckEvidence[] = [];
    for (const e of ctx.fs.entries()) {
      if ((e.type !== 'file' && e.type !== 'hardlink') || (e.mode & 0o6000) === 0) continue;
      const bits = [e.mode & 0o4000 ? `setuid (uid ${e.uid})` : '', e.mode & 0o2000 ? `setgid (gid ${e.gid})` : ''].filter(Boolean).join(' and ');
      evidence.push({ path: e.path, layer: e.layer, detail: `${bits}, mode 0${(e.mode & 0o7777).toString(8)}` });
    }
    if (evidence.length) return outcome.failed(`${evidence.length} setuid/setgid file(s)`, capEvidence(evidence));
    return outcome.passed('No setuid or setgid files');
  },
};
