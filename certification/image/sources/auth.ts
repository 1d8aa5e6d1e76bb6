import { readFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { CertificationError } from '../../errors';

export interface Credentials {
  username: string;
  password: string;
}

export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `--creds USER:PASS` (the password may contain colons). */
export function parseCreds(value: string): Credentials {
  const i = value.indexOf(':');
  if (i <= 0) {
    throw new CertificationError('INVALID_REFERENCE', 'invalid --creds: expected USERNAME:PASSWORD, got a value without a colon or username');
  }
  return { username: value.slice(0, i), password: value.slice(i + 1) };
}

/** Authfiles in the order containers/image and Docker look for them. */
export function defaultAuthFiles(env: Record<string, string | undefined> = process.env): string[] {
  const files: string[] = [];
  if (env.REGISTRY_AUTH_FILE) files.push(env.REGISTRY_AUTH_FILE);
  if (env.XDG_RUNTIME_DIR) files.push(path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
  files.push(path.join(env.DOCKER_CONFIG ?? path.join(env.HOME ?? homedir(), '.docker'), 'config.json'));
  return files;
}

function normalizeAuthKey(key: string): string {
  // Docker writes `https://index.docker.io/v1/`; containers writes `host[/namespace/repo]`.
  let k = key.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  if (k === 'index.docker.io/v1' || k === 'index.docker.io' || k === 'registry-1.docker.io') k = 'docker.io';
  return k;
}

/**
 * Finds credentials for `registry/repository` in one authfile (Docker `config.json` or containers
 * `auth.json`). The most specific key wins: `host/ns/repo`, then `host/ns`, then `host`.
 */
export function credentialsFromAuthFile(file: string, registry: string, repository: string): Credentials | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CertificationError('INVALID_REFERENCE', `authfile ${file}: expected a readable JSON file, got ${(e as Error).message}`);
  }
  const auths = (json as { auths?: Record<string, { auth?: unknown; username?: unknown; password?: unknown }> })?.auths;
  if (!auths || typeof auths !== 'object') return undefined;
  const entries = new Map(Object.entries(auths).map(([k, v]) => [normalizeAuthKey(k), v]));
  const parts = repository.split('/');
  for (let n = parts.length; n >= 0; n--) {
    const key = n === 0 ? registry : `${registry}/${parts.slice(0, n).join('/')}`;
    const entry = entries.get(key);
    if (!entry) continue;
    if (typeof entry.auth === 'string' && entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i <= 0) throw new CertificationError('INVALID_REFERENCE', `authfile ${file}: expected auths["${key}"].auth to be base64 of USER:PASS, got no colon`);
      return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
    }
    if (typeof entry.username === 'string' && typeof entry.password === 'string') {
      return { username: entry.username, password: entry.password };
    }
  }
  return undefined;
}

export interface CredentialSourceOptions {
  credentials?: Credentials;
  /** An explicit authfile; when given, the default locations are not consulted. */
  authfile?: string;
  /** Environment for the default authfile locations (default process.env). */
  env?: Record<string, string | undefined>;
}

export function resolveCredentials(registry: string, repository: string, opts: CredentialSourceOptions): Credentials | undefined {
  if (opts.credentials) return opts.credentials;
  if (opts.authfile) {
    if (!existsSync(opts.authfile)) throw new CertificationError('INVALID_REFERENCE', `authfile ${opts.authfile}: expected an existing file, got none`);
    return credentialsFromAuthFile(opts.authfile, registry, repository);
  }
  for (const file of defaultAuthFiles(opts.env)) {
    if (!existsSync(file)) continue;
    const found = credentialsFromAuthFile(file, registry, repository);
    if (found) return found;
  }
  return undefined;
}

/** Parses a `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`. */
export function parseChallenge(header: string | undefined): AuthChallenge | undefined {
  if (!header) return undefined;
  const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2] ?? '')) !== null) {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

export function basicAuthorization(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}
