import { resolveUser } from './passwd';
import { outcome, type CheckDefinition } from './types';

// security.non-root-user: the container's default user resolves to a non-zero uid; a process that is
// root inside is one kernel bug away from root on the host.
export const securityNonRootUser: CheckDefinition = {
  id: 'security.non-root-user',
  title: 'Runs as a non-root user',
  description:
    "The image config's User is set and resolves, through the image's own /etc/passwd, to a non-zero uid. `0`, `root`, `0:0`, an empty user, or any name whose uid is 0 fail.",
  remediation: 'Add a user with a non-zero uid (e.g. `useradd -u 1001 app`) and set `USER 1001` in the Containerfile.',
  defaultRequired: true,
  run(ctx) {
    const r = resolveUser(ctx.image.config.user, ctx.passwd, ctx.groups);
    const shown = JSON.stringify(r.raw);
    if (r.uid === undefined) return outcome.failed(`User ${shown} does not resolve to a uid: ${r.problem}`, [{ path: '/etc/passwd', detail: r.problem! }]);
    if (r.uid === 0) {
      const how = r.via === 'passwd' ? ` (the image's /etc/passwd gives "${r.raw.split(':')[0]}" uid 0)` : '';
      return outcome.failed(`User ${shown} is root: uid 0${how}`, [{ path: '/etc/passwd', detail: `user ${shown} resolves to uid 0${how}` }]);
    }
    if (r.problem) return outcome.failed(`User ${shown} does not resolve: ${r.problem}`, [{ path: '/etc/group', detail: r.problem }]);
    return outcome.passed(`Runs as uid ${r.uid}${r.gid !== undefined ? `, gid ${r.gid}` : ''} (user ${shown})`);
  },
};
