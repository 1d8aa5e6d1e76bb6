import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parsePolicy, type LoadedPolicy } from '../policy/load-policy';
import { readOpenPgpKeys, readPublicKey, type TrustMaterial } from '../signatures/trust';
import { loadAdvisoryIndex, type AdvisoryIndex } from '../vulnerabilities/database';
import { UsageError } from './options';

// Talking to an Assay server from the CLI (plain fetch): the platform's policy, the vendor's keys,
// signature stores and the product's repository, and the advisory index, so a local certification
// is judged exactly as the platform will judge it. Any server trouble is bad input (exit 2).

export interface ServerOptions {
  server: string;
  token?: string;
}

/** `--product VENDOR/PRODUCT` → its two slugs. */
export function parseProduct(value: string | undefined): { vendor: string; product: string } {
  const m = /^([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9-]*)$/i.exec(value ?? '');
  if (!m) throw new UsageError(`--product: expected VENDOR/PRODUCT (e.g. acme/webapp), got ${value === undefined ? 'nothing' : `"${value}"`}`);
  return { vendor: m[1]!.toLowerCase(), product: m[2]!.toLowerCase() };
}

export function parseServer(value: string | undefined): string {
  if (!value) throw new UsageError('--server: expected the platform URL, e.g. https://assay.example.com, got nothing');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--server: expected an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--server: expected an http(s) URL, got "${value}"`);
  return url.toString().replace(/\/+$/, '');
}

export class ServerClient {
  readonly server: string;
  private readonly token: string | undefined;

  constructor(opts: ServerOptions) {
    this.server = parseServer(opts.server);
    this.token = opts.token;
  }

  url(route: string): string {
    return `${this.server}${route}`;
  }

  async request(route: string, init: RequestInit & { allow404?: boolean } = {}): Promise<Response | null> {
    const headers = new Headers(init.headers);
    if (this.token) headers.set('authorization', `Bearer ${this.token}`);
    headers.set('accept', headers.get('accept') ?? 'application/json');
    let res: Response;
    try {
      res = await fetch(this.url(route), { ...init, headers, redirect: 'error' });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new UsageError(`${this.url(route)}: could not reach the server (${cause?.code ?? cause?.message ?? (e as Error).message})`);
    }
    if (res.status === 404 && init.allow404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
      } catch {
        // not JSON: the text itself says what happened
      }
      const hint = res.status === 401 ? ' (check ASSAY_TOKEN or --token)' : '';
      throw new UsageError(`${init.method ?? 'GET'} ${this.url(route)}: expected success, got HTTP ${res.status}: ${message || res.statusText}${hint}`);
    }
    return res;
  }

  async json<T>(route: string, init: RequestInit = {}): Promise<T> {
    const res = (await this.request(route, init))!;
    try {
      return (await res.json()) as T;
    } catch {
      throw new UsageError(`${this.url(route)}: expected JSON, got ${res.headers.get('content-type') ?? 'no content type'}`);
    }
  }
}

export interface PlatformInputs {
  policy: LoadedPolicy;
  policyLabel: string;
  trust: TrustMaterial;
  identity: string;
  lookaside: string[];
  /** null when the platform has no advisory database yet. */
  advisories: AdvisoryIndex | null;
}

interface KeyRow {
  name: string;
  kind: 'pem' | 'openpgp';
  publicKey: string;
  revokedAt: string | null;
}

/** What the platform's worker would use for this product, fetched with the caller's token. */
export async function fetchPlatformInputs(client: ServerClient, slugs: { vendor: string; product: string }, note: (line: string) => void): Promise<PlatformInputs> {
  const v = encodeURIComponent(slugs.vendor);
  const p = encodeURIComponent(slugs.product);
  const [policyRes, keys, product, vendor] = await Promise.all([
    client.json<{ name: string; version: number; digest: string; document: unknown }>('/api/v1/policy'),
    client.json<{ items: KeyRow[] }>(`/api/v1/vendors/${v}/signing-keys`),
    client.json<{ repository: string }>(`/api/v1/vendors/${v}/products/${p}`),
    client.json<{ lookasideUrls?: string[] }>(`/api/v1/vendors/${v}`),
  ]);
  const policy = parsePolicy(policyRes.document, `${client.url('/api/v1/policy')}`);
  const trust: TrustMaterial = { publicKeys: [], openpgpKeys: [] };
  for (const k of keys.items.filter((k) => !k.revokedAt)) {
    if (k.kind === 'pem') trust.publicKeys.push(readPublicKey(k.publicKey, { name: k.name }));
    else trust.openpgpKeys.push(...(await readOpenPgpKeys(k.publicKey, k.name)));
  }
  // The platform reads only web lookaside stores (a path would be its own disk): so does this.
  const lookaside = (vendor.lookasideUrls ?? []).filter((u) => /^https?:\/\//i.test(u));
  const skipped = (vendor.lookasideUrls ?? []).length - lookaside.length;
  if (skipped) note(`ignoring ${skipped} lookaside location(s) that are not http(s) URLs, as the platform does`);
  const advisories = await fetchAdvisories(client);
  if (!advisories) note('the platform has no advisory database yet: certifying without vulnerabilities, as the platform would');
  return {
    policy,
    policyLabel: `${policyRes.name} v${policyRes.version}`,
    trust,
    identity: product.repository,
    lookaside,
    advisories,
  };
}

async function fetchAdvisories(client: ServerClient): Promise<AdvisoryIndex | null> {
  const res = await client.request('/api/v1/advisories', { allow404: true, headers: { accept: 'application/gzip' } });
  if (!res?.body) return null;
  const dir = await mkdtemp(path.join(tmpdir(), 'assay-advisories-'));
  try {
    const file = path.join(dir, 'advisories.json.gz');
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(file));
    return await loadAdvisoryIndex(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
