import { dangerousFlags } from './run-label';
import { outcome, type CheckDefinition, type CheckEvidence } from './types';

// security.no-privileged-run-label: the image's own run instructions (RUN/INSTALL labels, used by
// `atomic`/`podman container runlabel`) must not ask users to hand over the host.
export const securityNoPrivilegedRunLabel: CheckDefinition = {
  id: 'security.no-privileged-run-label',
  title: 'No privileged run label',
  description:
    'The RUN and INSTALL labels do not ask for --privileged, --cap-add of SYS_ADMIN, NET_ADMIN, SYS_MODULE, SYS_PTRACE or ALL, host namespaces, mounts of / or the container engine socket, or --security-opt that disables SELinux labels, seccomp or AppArmor.',
  remediation: 'Remove the privileged flags from the RUN/INSTALL labels; request only the specific capabilities and mounts the application needs.',
  defaultRequired: true,
  run(ctx) {
    const labels: [string, string | undefined][] = [
      ['RUN', ctx.image.config.commandLabels.run],
      ['INSTALL', ctx.image.config.commandLabels.install],
    ];
    const evidence: CheckEvidence[] = [];
    for (const [name, text] of labels) {
      if (!text) continue;
      for (const f of dangerousFlags(text)) evidence.push({ detail: `${name} label asks for "${f.flag}": ${f.why}` });
    }
    if (evidence.length) return outcome.failed(`${evidence.length} privileged flag(s) in the run labels`, evidence);
    const present = labels.filter(([, t]) => t).map(([n]) => n);
    return outcome.passed(present.length ? `The ${present.join(' and ')} label(s) ask for no privileged flags` : 'The image has no RUN or INSTALL label');
  },
};
