import { OciLayoutSource, TarStore } from './oci-layout';

/** `oci-archive:FILE[:TAG]`: an OCI layout inside a plain tar, read in place through a member index. */
export async function openOciArchive(file: string, tag: string | undefined, name: string, maxManifestBytes: number, signal?: AbortSignal): Promise<OciLayoutSource> {
  return new OciLayoutSource(await TarStore.open(file, signal), tag, name, maxManifestBytes);
}
