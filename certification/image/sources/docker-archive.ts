import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CertificationError } from '../../errors';
import { digestOf } from '../digest';
import { MEDIA_TYPES } from '../media-types';
import { isDigest } from '../reference';
import type { Descriptor } from '../types';
import type { GetManifestOptions, ImageSource, ManifestBytes } from './source';
import { TarIndex } from './tar-index';

const zArchiveManifest = z.array(
  z.looseObject({
    Config: z.string().min(1),
    RepoTags: z.array(z.string()).nullish(),
    Layers: z.array(z.string().min(1)),
  }),
);

type ArchiveEntry = z.infer<typeof zArchiveManifest>[number];

/** `name:tag` as Docker writes it, with the implicit `docker.io/` and `library/` made explicit. */
export function normalizeRepoTag(value: string): string {
  let v = value;
  const first = v.split('/')[0] ?? '';
  if (!v.includes('/') || !(first.includes('.') || first.includes(':') || first === 'localhost')) v = `docker.io/${v}`;
  const parts = v.split('/');
  if (parts[0] === 'docker.io' && parts.length === 2) v = `docker.io/library/${parts[1]}`;
  const lastSlash = v.lastIndexOf('/');
  if (!v.slice(lastSlash + 1).includes(':')) v = `${v}:latest`;
  return v;
}

/**
 * `docker-archive:FILE[:NAME:TAG|:@N]`, what `docker save` and `skopeo copy` write: a
 * `manifest.json` listing a config file and layer tars (legacy `<id>/layer.tar` links included).
 * There is no registry manifest inside, so one is synthesized from the config and layer digests.
 */
export class DockerArchiveSource implements ImageSource {
  readonly name: string;
  private synthesized: ManifestBytes | undefined;
  private readonly paths = new Map<string, string>();
  private repoTags: string[] = [];

  private constructor(
    private readonly archive: TarIndex,
    name: string,
  ) {
    this.name = name;
  }

  static async open(
    file: string,
    select: { tag?: string; index?: number },
    name: string,
    maxManifestBytes: number,
    signal?: AbortSignal,
  ): Promise<DockerArchiveSource> {
    const source = new DockerArchiveSource(await TarIndex.open(file, signal), name);
    await source.load(select, maxManifestBytes, signal);
    return source;
  }

  private async load(select: { tag?: string; index?: number }, maxBytes: number, signal?: AbortSignal): Promise<void> {
    const raw = await this.archive.read('manifest.json', maxBytes);
    if (!raw) throw new CertificationError('ARCHIVE_INVALID', `${this.name}: expected manifest.json in a docker-archive, got none`);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new CertificationError('ARCHIVE_INVALID', `${this.name}: expected manifest.json to be JSON, got unparsable text`);
    }
    const parsed = zArchiveManifest.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CertificationError(
        'ARCHIVE_INVALID',
        `${this.name}: expected manifest.json as [{Config, RepoTags, Layers}], got ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
      );
    }
    const entry = this.pick(parsed.data, select);
    this.repoTags = entry.RepoTags ?? [];

    const configBytes = await this.archive.read(entry.Config, maxBytes);
    if (!configBytes) throw new CertificationError('ARCHIVE_INVALID', `${this.name}: expected config member "${entry.Config}", got none`);
    const config: Descriptor = { mediaType: MEDIA_TYPES.dockerConfig, digest: digestOf(configBytes), size: configBytes.length };
    this.paths.set(config.digest, entry.Config);

    const layers: Descriptor[] = [];
    for (const member of entry.Layers) {
      const described = await this.describeLayer(member, signal);
      this.paths.set(described.digest, member);
      layers.push(described);
    }
    const manifest = { schemaVersion: 2, mediaType: MEDIA_TYPES.dockerManifest, config, layers };
    const bytes = Buffer.from(JSON.stringify(manifest));
    this.synthesized = { bytes, digest: digestOf(bytes), mediaType: MEDIA_TYPES.dockerManifest };
  }

  private pick(entries: ArchiveEntry[], select: { tag?: string; index?: number }): ArchiveEntry {
    const all = entries.flatMap((e) => e.RepoTags ?? []);
    if (select.index !== undefined) {
      const e = entries[select.index];
      if (!e) throw new CertificationError('NOT_FOUND', `${this.name}: expected an image @${select.index}, got ${entries.length} images`);
      return e;
    }
    if (select.tag !== undefined) {
      const wanted = normalizeRepoTag(select.tag);
      const e = entries.find((x) => (x.RepoTags ?? []).some((t) => normalizeRepoTag(t) === wanted));
      if (!e) throw new CertificationError('NOT_FOUND', `${this.name}: expected an image tagged "${select.tag}", got [${all.join(', ')}]`);
      return e;
    }
    if (entries.length !== 1) {
      throw new CertificationError(
        'INVALID_REFERENCE',
        `${this.name}: expected one image in the archive or a :NAME:TAG / :@N, got ${entries.length} (tags [${all.join(', ')}])`,
      );
    }
    return entries[0]!;
  }

  /** The archive has no layer digests, so hash each layer once and sniff its compression. */
  private async describeLayer(member: string, signal?: AbortSignal): Promise<Descriptor> {
    const stream = this.archive.stream(member, signal);
    if (!stream) throw new CertificationError('ARCHIVE_INVALID', `${this.name}: expected layer member "${member}", got none`);
    const hash = createHash('sha256');
    let size = 0;
    let head: Buffer | undefined;
    for await (const chunk of stream) {
      head ??= chunk.subarray(0, 4);
      hash.update(chunk);
      size += chunk.length;
    }
    let mediaType: string = MEDIA_TYPES.dockerLayer;
    if (head && head[0] === 0x1f && head[1] === 0x8b) mediaType = MEDIA_TYPES.dockerLayerGzip;
    else if (head && head.length === 4 && head.readUInt32LE(0) === 0xfd2fb528) mediaType = MEDIA_TYPES.ociLayerZstd;
    return { mediaType, digest: `sha256:${hash.digest('hex')}`, size };
  }

  async getManifest(ref: string | undefined, _opts: GetManifestOptions): Promise<ManifestBytes> {
    const m = this.synthesized!;
    if (ref === undefined || ref === m.digest) return m;
    if (!isDigest(ref) && this.repoTags.some((t) => t.endsWith(`:${ref}`))) return m;
    throw new CertificationError('NOT_FOUND', `${this.name}: expected manifest ${ref}, got only ${m.digest}`);
  }

  async getBlob(descriptor: Descriptor, signal?: AbortSignal): Promise<AsyncIterable<Buffer>> {
    const member = this.paths.get(descriptor.digest);
    const stream = member ? this.archive.stream(member, signal) : undefined;
    if (!stream) throw new CertificationError('NOT_FOUND', `${this.name}: expected blob ${descriptor.digest}, got none`);
    return stream;
  }

  async listTags(): Promise<string[]> {
    return [...this.repoTags];
  }

  async close(): Promise<void> {}
}
