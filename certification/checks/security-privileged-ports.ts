import { resolveUser } from './passwd';
import { outcome, type CheckDefinition } from './types';

interface Params {
  below?: number;
}

// security.privileged-ports: a non-root process cannot bind ports below 1024 without
// NET_BIND_SERVICE, so exposing one means the image will fail or demand the capability.
export const securityPrivilegedPorts: CheckDefinition<Params> = {
  id: 'security.privileged-ports',
  title: 'No privileged ports for a non-root image',
  description: 'A non-root image exposes no port below 1024 (binding one needs CAP_NET_BIND_SERVICE).',
  remediation: 'Listen on a port of 1024 or above (e.g. 8080) and map it at run time (`-p 80:8080`).',
  defaultRequired: false,
  run(ctx, params) {
    const below = params.below ?? 1024;
    const user = resolveUser(ctx.image.config.user, ctx.passwd, ctx.groups);
    if (user.uid === undefined || user.uid === 0) return outcome.skipped('Runs as root (or an unresolved user): privileged ports do not apply');
    const low = ctx.image.config.exposedPorts.filter((p) => {
      const n = Number(p.split('/')[0]);
      return Number.isInteger(n) && n < below;
    });
    if (low.length) {
      return outcome.failed(`Non-root uid ${user.uid} exposes port(s) below ${below}: ${low.join(', ')}`, low.map((p) => ({ detail: `ExposedPorts ${p}` })));
    }
    return outcome.passed(`No exposed port below ${below}`);
  },
};
