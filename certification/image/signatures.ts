import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CertificationError, isCertificationError } from '../errors';
import { parseDigest, readBounded, readVerified } from './digest';
import { parseManifest, type ParsedManifest } from './manifest';
import { HttpClient, type HttpClientOptions } from './sources/http';
import type { ImageSource } from './sources/source';
import type { Descriptor } from './types';

// Finds the signature-like artifacts attached to a manifest digest, wherever the ecosystem puts
// them. Nothing here verifies anything: it returns raw bytes and where they were found.
export type SignatureKind = 'referrer' | 'cosign-signature' | 'cosign-attestation' | 'cosign-sbom' | 'lookaside';

export interface SignatureLayer {
  descriptor: Descriptor;
  /** The payload, when it is small enough to fetch (`maxPayloadBytes`). */
  bytes?: Buffer;
}

export interface SignatureArtifact {
  kind: SignatureKind;
  /** Human-readable origin: `referrers API`, `tag sha256-….sig`, a file path or URL. */
  foundAt: string;
  /** Manifest digest of a registry artifact. */
  digest?: string;
  mediaType?: string;
  artifactType?: string;
  annotations?: Record<string, string>;
  layers: SignatureLayer[];
  /** Raw bytes of a lookaside signature (`signature-N`). */
  bytes?: Buffer;
}

export interface DiscoverSignaturesOptions {
  source: ImageSource;
  /** The image manifest digest the signatures are about. */
  digest: string;
  /** Repository path for lookaside stores (`ns/name`); defaults to the source's. */
  repository?: string;
  /** Lookaside bases: `file:///DIR`, a plain directory path, or an http(s) URL. */
  lookaside?: string[];
  fetchPayloads?: boolean;
  maxPayloadBytes?: number;
  maxManifestBytes?: number;
  /** Stop after this many artifacts per channel (referrers, each cosign tag, each lookaside base). */
  maxArtifacts?: number;
  http?: HttpClientOptions;
  signal?: AbortSignal;
}

export interface DiscoveredSignatures {
  artifacts: SignatureArtifact[];
  /** Whether the source answered the referrers API (false: the fallback tag was consulted). */
  referrersApi: boolean;
}

const COSIGN_SUFFIXES: Array<[string, SignatureKind]> = [
  ['sig', 'cosign-signature'],
  ['att', 'cosign-attestation'],
  ['sbom', 'cosign-sbom'],
];

export async function discoverSignatures(opts: DiscoverSignaturesOptions): Promise<DiscoveredSignatures> {
  const { algorithm, hex } = parseDigest(opts.digest, 'signature subject');
  const o = {
    fetchPayloads: opts.fetchPayloads ?? true,
    maxPayloadBytes: opts.maxPayloadBytes ?? 1024 * 1024,
    maxManifestBytes: opts.maxManifestBytes ?? 4 * 1024 * 1024,
    maxArtifacts: opts.maxArtifacts ?? 64,
  };
  const get = { signal: opts.signal, maxBytes: o.maxManifestBytes };
  const artifacts: SignatureArtifact[] = [];
  const tagBase = `${algorithm}-${hex}`;

  const fetchLayers = async (layers: Descriptor[]): Promise<SignatureLayer[]> => {
    const out: SignatureLayer[] = [];
    for (const descriptor of layers) {
      if (!o.fetchPayloads || descriptor.size > o.maxPayloadBytes) {
        out.push({ descriptor });
        continue;
      }
      const stream = await opts.source.getBlob(descriptor, opts.signal);
      const bytes = await readVerified(stream, descriptor, {
        where: `signature payload ${descriptor.digest} in ${opts.source.name}`,
        maxBytes: o.maxPayloadBytes,
        signal: opts.signal,
      });
      out.push({ descriptor, bytes });
    }
    return out;
  };

  const describe = async (kind: SignatureKind, foundAt: string, digest: string, parsed: ParsedManifest): Promise<SignatureArtifact> => {
    const a: SignatureArtifact = {
      kind,
      foundAt,
      digest,
      mediaType: parsed.mediaType,
      layers: parsed.kind === 'manifest' ? await fetchLayers(parsed.layers) : [],
    };
    const artifactType = parsed.artifactType ?? (parsed.kind === 'manifest' ? parsed.config.mediaType : undefined);
    if (artifactType) a.artifactType = artifactType;
    if (parsed.annotations) a.annotations = parsed.annotations;
    return a;
  };

  // Referrers: the API where it exists, else the `sha256-<hex>` tag holding an index (OCI 1.1 fallback).
  let referrersApi = false;
  let referrerIndex: { bytes: Buffer; mediaType?: string; foundAt: string } | undefined;
  const api = await opts.source.getReferrers?.(opts.digest, get);
  if (api) {
    referrersApi = true;
    referrerIndex = { ...api, foundAt: 'referrers API' };
  } else {
    const tagged = await optional(() => opts.source.getManifest(tagBase, get));
    if (tagged) referrerIndex = { ...tagged, foundAt: `tag ${tagBase}` };
  }
  if (referrerIndex) {
    const index = parseManifest(referrerIndex.bytes, {
      declaredMediaType: referrerIndex.mediaType,
      expect: 'index',
      where: `referrers of ${opts.digest} (${referrerIndex.foundAt}) in ${opts.source.name}`,
    });
    if (index.kind === 'index') {
      for (const d of index.manifests.slice(0, o.maxArtifacts)) {
        const m = await opts.source.getManifest(d.digest, get);
        const parsed = parseManifest(m.bytes, { declaredMediaType: d.mediaType, where: `referrer ${d.digest} in ${opts.source.name}` });
        if (parsed.subject && parsed.subject.digest !== opts.digest) {
          throw new CertificationError(
            'MANIFEST_INVALID',
            `referrer ${d.digest} in ${opts.source.name}: expected subject ${opts.digest}, got ${parsed.subject.digest}`,
          );
        }
        const artifact = await describe('referrer', referrerIndex.foundAt, d.digest, parsed);
        artifact.artifactType ??= d.artifactType;
        if (!artifact.annotations && d.annotations) artifact.annotations = d.annotations;
        artifacts.push(artifact);
      }
    }
  }

  for (const [suffix, kind] of COSIGN_SUFFIXES) {
    const tag = `${tagBase}.${suffix}`;
    const m = await optional(() => opts.source.getManifest(tag, get));
    if (!m) continue;
    const parsed = parseManifest(m.bytes, { declaredMediaType: m.mediaType, where: `tag ${tag} in ${opts.source.name}` });
    artifacts.push(await describe(kind, `tag ${tag}`, m.digest, parsed));
  }

  const repository = opts.repository ?? opts.source.repository;
  if (opts.lookaside?.length) {
    if (!repository) {
      throw new CertificationError('INVALID_REFERENCE', `lookaside signatures for ${opts.source.name}: expected a repository name (ns/name), got none`);
    }
    if (!repository.split('/').every((p) => /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p))) {
      throw new CertificationError('INVALID_REFERENCE', `lookaside signatures: expected a repository name of lowercase components, got "${repository}"`);
    }
    const http = opts.lookaside.some((b) => /^https?:/i.test(b)) ? new HttpClient(opts.http) : undefined;
    try {
      for (const base of opts.lookaside) {
        artifacts.push(...(await readLookaside(base, repository, algorithm, hex, o.maxArtifacts, o.maxPayloadBytes, http, opts.signal)));
      }
    } finally {
      http?.close();
    }
  }
  return { artifacts, referrersApi };
}

async function optional<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (isCertificationError(e) && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}

/** `<base>/<repository>@<alg>=<hex>/signature-N`, N from 1 until the first one missing (containers/image layout). */
async function readLookaside(
  base: string,
  repository: string,
  algorithm: string,
  hex: string,
  max: number,
  maxBytes: number,
  http: HttpClient | undefined,
  signal?: AbortSignal,
): Promise<SignatureArtifact[]> {
  const out: SignatureArtifact[] = [];
  const relative = `${repository}@${algorithm}=${hex}`;
  if (/^https?:/i.test(base)) {
    const root = base.endsWith('/') ? base : `${base}/`;
    for (let n = 1; n <= max; n++) {
      const url = new URL(`${relative}/signature-${n}`, root);
      const res = await http!.request(url, { signal });
      if (res.status === 404 || res.status === 403) {
        res.body.resume();
        break;
      }
      if (res.status !== 200) {
        res.body.resume();
        throw new CertificationError('REGISTRY_ERROR', `lookaside ${url.href}: expected 200 or 404, got ${res.status}`);
      }
      const bytes = await readBounded(res.body, maxBytes, `lookaside ${url.href}`);
      out.push({ kind: 'lookaside', foundAt: url.href, layers: [], bytes });
    }
    return out;
  }
  const dir = base.startsWith('file:') ? fileURLToPath(base) : base;
  for (let n = 1; n <= max; n++) {
    const file = path.join(dir, relative, `signature-${n}`);
    const st = await stat(file).catch(() => undefined);
    if (!st) break;
    if (!st.isFile()) throw new CertificationError('SIGNATURE_ERROR', `lookaside ${file}: expected a regular file, got something else`);
    if (st.size > maxBytes) throw new CertificationError('LIMIT_EXCEEDED', `lookaside ${file}: expected at most ${maxBytes} bytes, got ${st.size}`);
    out.push({ kind: 'lookaside', foundAt: file, layers: [], bytes: await readFile(file) });
  }
  return out;
}
