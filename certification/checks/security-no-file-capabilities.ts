import { decodeFileCapabilities, formatFileCapabilities } from './capabilities';
import { capEvidence, outcome, type CheckDefinition, type CheckEvidence } from './types';

// security.no-file-capabilities: a `security.capability` xattr grants privileges to whoever executes
// the file, bypassing the capability set the operator chose for the container.
export const securityNoFileCapabilities: CheckDefinition = {
  id: 'security.no-file-capabilities',
  title: 'No file capabilities',
  description: 'No file in the final image carries a security.capability extended attribute (file capabilities).',
  remediation: 'Remove file capabilities (`setcap -r FILE`) and grant the capability at run time instead (`--cap-add` / securityContext.capabilities.add).',
  defaultRequired: true,
  run(ctx) {
    const evidence: CheckEvidence[] = [];
    for (const e of ctx.fs.entries()) {
      const raw = e.xattrs?.['security.capability'];
      if (!raw) continue;
      const caps = decodeFileCapabilities(raw);
      evidence.push({
        path: e.path,
        layer: e.layer,
        detail: caps ? `${formatFileCapabilities(caps)} (vfs_cap_data v${caps.revision})` : `undecodable security.capability xattr (${raw.length} bytes)`,
      });
    }
    if (evidence.length) return outcome.failed(`${evidence.length} file(s) carry capabilities`, capEvidence(evidence));
    return outcome.passed('No file carries a security.capability attribute');
  },
};
