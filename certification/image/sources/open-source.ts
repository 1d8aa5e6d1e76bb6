import { formatReference, type ImageReference } from '../reference';
import { DockerArchiveSource } from './docker-archive';
import { openOciArchive } from './oci-archive';
import { DirectoryStore, OciLayoutSource } from './oci-layout';
import { RegistrySource, type RegistryOptions } from './registry';
import type { ImageSource } from './source';

export interface OpenSourceOptions {
  registry?: RegistryOptions;
  maxManifestBytes: number;
  signal?: AbortSignal;
}

export async function openSource(ref: ImageReference, opts: OpenSourceOptions): Promise<ImageSource> {
  const name = formatReference(ref);
  switch (ref.transport) {
    case 'docker':
      return new RegistrySource(ref, opts.registry, name);
    case 'oci':
      return new OciLayoutSource(new DirectoryStore(ref.path), ref.tag, name, opts.maxManifestBytes);
    case 'oci-archive':
      return openOciArchive(ref.path, ref.tag, name, opts.maxManifestBytes, opts.signal);
    case 'docker-archive':
      return DockerArchiveSource.open(
        ref.path,
        { ...(ref.tag !== undefined ? { tag: ref.tag } : {}), ...(ref.index !== undefined ? { index: ref.index } : {}) },
        name,
        opts.maxManifestBytes,
        opts.signal,
      );
  }
}
