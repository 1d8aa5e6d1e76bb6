import { decodeFileCapabilities } from '../checks/capabilities';
import { resolveUser } from '../checks/passwd';
import { dangerousFlags } from '../checks/run-label';
import type { CheckContext } from '../checks/types';

// How this image should be confined when it runs, derived from its facts: the least privilege it can
// work with, as podman flags, a Kubernetes securityContext and a Quadlet unit.

export type PodSecurityStandard = 'restricted' | 'baseline' | 'privileged';

export interface KubernetesSecurityContext {
  runAsNonRoot: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  allowPrivilegeEscalation: boolean;
  readOnlyRootFilesystem: boolean;
  capabilities: { drop: string[]; add?: string[] };
  seLinuxOptions: { type: string };
  seccompProfile: { type: 'RuntimeDefault' };
}

export interface RuntimeProfile {
  user: string;
  uid: number | null;
  /** Capabilities to add after dropping all (upper case, without CAP_). */
  capabilities: string[];
  readOnlyRootFilesystem: boolean;
  seLinuxType: 'container_t';
  noNewPrivileges: boolean;
  podSecurityStandard: PodSecurityStandard;
  systemd: boolean;
  podmanFlags: string[];
  kubernetesSecurityContext: KubernetesSecurityContext;
  quadlet: string;
}

/** Capabilities the Kubernetes baseline Pod Security Standard allows to be added. */
const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const INIT_COMMANDS = new Set(['/sbin/init', '/usr/sbin/init', '/usr/lib/systemd/systemd', '/lib/systemd/systemd', 'systemd', 'init']);

function runsSystemd(ctx: CheckContext): boolean {
  const argv = [...(ctx.image.config.entrypoint ?? []), ...(ctx.image.config.cmd ?? [])];
  const first = argv[0];
  if (!first) return false;
  if (INIT_COMMANDS.has(first) && (first !== 'init' || ctx.fs.resolve('/usr/lib/systemd/systemd'))) return true;
  return /(?:^|\/)systemd$/.test(first);
}

export function deriveRuntimeProfile(ctx: CheckContext): RuntimeProfile {
  const config = ctx.image.config;
  const user = resolveUser(config.user, ctx.passwd, ctx.groups);
  const uid = user.uid ?? null;
  const nonRoot = uid !== null && uid !== 0;

  const caps = new Set<string>();
  let setuid = false;
  let fileCaps = false;
  for (const e of ctx.fs.entries()) {
    if ((e.type === 'file' || e.type === 'hardlink') && (e.mode & 0o6000) !== 0) setuid = true;
    const raw = e.xattrs?.['security.capability'];
    const decoded = raw ? decodeFileCapabilities(raw) : undefined;
    if (decoded) {
      fileCaps = true;
      for (const c of decoded.permitted) caps.add(c.replace(/^cap_/, '').toUpperCase());
    }
  }
  const lowPorts = config.exposedPorts.some((p) => Number(p.split('/')[0]) < 1024);
  if (lowPorts && nonRoot) caps.add('NET_BIND_SERVICE');
  const capabilities = [...caps].sort();

  const systemd = runsSystemd(ctx);
  const readOnlyRootFilesystem = config.volumes.length > 0 && !systemd;
  // Setuid binaries and file capabilities only work for a non-root user when privileges may grow.
  const noNewPrivileges = !(nonRoot && (setuid || fileCaps));
  const labelFlags = [config.commandLabels.run, config.commandLabels.install].flatMap((l) => (l ? dangerousFlags(l) : []));

  let podSecurityStandard: PodSecurityStandard = 'restricted';
  if (!nonRoot || !noNewPrivileges || capabilities.some((c) => c !== 'NET_BIND_SERVICE')) podSecurityStandard = 'baseline';
  if (capabilities.some((c) => !BASELINE_CAPS.has(c)) || labelFlags.length > 0) podSecurityStandard = 'privileged';

  const kubernetesSecurityContext: KubernetesSecurityContext = {
    runAsNonRoot: nonRoot,
    ...(nonRoot ? { runAsUser: uid! } : {}),
    ...(nonRoot && user.gid !== undefined ? { runAsGroup: user.gid } : {}),
    allowPrivilegeEscalation: !noNewPrivileges,
    readOnlyRootFilesystem,
    capabilities: { drop: ['ALL'], ...(capabilities.length ? { add: capabilities } : {}) },
    seLinuxOptions: { type: 'container_t' },
    seccompProfile: { type: 'RuntimeDefault' },
  };

  const userFlag = config.user?.trim() ? config.user.trim() : undefined;
  const podmanFlags = [
    ...(userFlag ? [`--user=${userFlag}`] : []),
    '--cap-drop=ALL',
    ...capabilities.map((c) => `--cap-add=${c}`),
    ...(noNewPrivileges ? ['--security-opt=no-new-privileges'] : []),
    '--security-opt=label=type:container_t',
    ...(readOnlyRootFilesystem ? ['--read-only'] : []),
    ...(systemd ? ['--systemd=always'] : []),
  ];

  const image = `${ctx.image.identity ?? ctx.image.source}@${ctx.image.digest}`;
  const name = config.labels.name ?? ctx.image.identity ?? 'container';
  const quadlet = [
    '[Unit]',
    `Description=${name.replace(/\n/g, ' ')} (Assay runtime profile)`,
    '',
    '[Container]',
    `Image=${image}`,
    ...(userFlag ? [`User=${userFlag}`] : []),
    'DropCapability=all',
    ...capabilities.map((c) => `AddCapability=CAP_${c}`),
    `NoNewPrivileges=${noNewPrivileges}`,
    'SecurityLabelType=container_t',
    `ReadOnly=${readOnlyRootFilesystem}`,
    ...config.exposedPorts.map((p) => {
      const [port, proto] = p.split('/');
      return `PublishPort=${port}:${port}${proto && proto !== 'tcp' ? `/${proto}` : ''}`;
    }),
    ...(systemd ? ['PodmanArgs=--systemd=always'] : []),
    '',
    '[Service]',
    'Restart=on-failure',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');

  return {
    user: config.user ?? '',
    uid,
    capabilities,
    readOnlyRootFilesystem,
    seLinuxType: 'container_t',
    noNewPrivileges,
    podSecurityStandard,
    systemd,
    podmanFlags,
    kubernetesSecurityContext,
    quadlet,
  };
}
