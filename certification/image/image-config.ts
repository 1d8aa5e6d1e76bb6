import { z } from 'zod';
import { CertificationError } from '../errors';

const zStrings = z.array(z.string()).nullish();
const zSet = z.record(z.string(), z.unknown()).nullish();

const zContainerConfig = z.looseObject({
  User: z.string().nullish(),
  Env: zStrings,
  Entrypoint: zStrings,
  Cmd: zStrings,
  WorkingDir: z.string().nullish(),
  ExposedPorts: zSet,
  Volumes: zSet,
  Labels: z.record(z.string(), z.string()).nullish(),
  StopSignal: z.string().nullish(),
});

const zConfig = z.looseObject({
  architecture: z.string().min(1),
  os: z.string().min(1),
  variant: z.string().nullish(),
  created: z.string().nullish(),
  author: z.string().nullish(),
  config: zContainerConfig.nullish(),
  rootfs: z
    .looseObject({ type: z.string(), diff_ids: z.array(z.string()) })
    .nullish(),
  history: z
    .array(
      z.looseObject({
        created: z.string().nullish(),
        created_by: z.string().nullish(),
        author: z.string().nullish(),
        comment: z.string().nullish(),
        empty_layer: z.boolean().nullish(),
      }),
    )
    .nullish(),
});

export interface HistoryEntry {
  created?: string;
  createdBy?: string;
  author?: string;
  comment?: string;
  emptyLayer: boolean;
}

export interface ImageConfig {
  architecture: string;
  os: string;
  variant?: string;
  created?: string;
  author?: string;
  user?: string;
  env: string[];
  entrypoint?: string[];
  cmd?: string[];
  workingDir?: string;
  exposedPorts: string[];
  volumes: string[];
  labels: Record<string, string>;
  /** The atomic/Red Hat command labels, kept apart because checks look at them by name. */
  commandLabels: { run?: string; install?: string; uninstall?: string };
  stopSignal?: string;
  history: HistoryEntry[];
  diffIds: string[];
}

export function parseImageConfig(bytes: Buffer, where: string): ImageConfig {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new CertificationError('MANIFEST_INVALID', `${where}: expected image config JSON, got a parse error (${(e as Error).message})`);
  }
  const parsed = zConfig.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new CertificationError('MANIFEST_INVALID', `${where}: expected a valid image config, got ${at}: ${issue?.message ?? 'invalid'}`);
  }
  const d = parsed.data;
  const c = d.config ?? {};
  const labels = c.Labels ?? {};
  const label = (name: string) => labels[name] ?? labels[name.toLowerCase()];
  const out: ImageConfig = {
    architecture: d.architecture,
    os: d.os,
    env: c.Env ?? [],
    exposedPorts: Object.keys(c.ExposedPorts ?? {}),
    volumes: Object.keys(c.Volumes ?? {}),
    labels,
    commandLabels: {},
    history: (d.history ?? []).map((h) => {
      const e: HistoryEntry = { emptyLayer: h.empty_layer === true };
      if (h.created) e.created = h.created;
      if (h.created_by) e.createdBy = h.created_by;
      if (h.author) e.author = h.author;
      if (h.comment) e.comment = h.comment;
      return e;
    }),
    diffIds: d.rootfs?.diff_ids ?? [],
  };
  if (d.variant) out.variant = d.variant;
  if (d.created) out.created = d.created;
  if (d.author) out.author = d.author;
  if (c.User) out.user = c.User;
  if (c.Entrypoint) out.entrypoint = c.Entrypoint;
  if (c.Cmd) out.cmd = c.Cmd;
  if (c.WorkingDir) out.workingDir = c.WorkingDir;
  if (c.StopSignal) out.stopSignal = c.StopSignal;
  const run = label('RUN');
  const install = label('INSTALL');
  const uninstall = label('UNINSTALL');
  if (run !== undefined) out.commandLabels.run = run;
  if (install !== undefined) out.commandLabels.install = install;
  if (uninstall !== undefined) out.commandLabels.uninstall = uninstall;
  return out;
}
