import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, linkSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../../image/limits';
import { ImageFilesystem } from '../../image/layers/filesystem';
import { parseImageConfig } from '../../image/image-config';
import type { Policy } from '../../policy/schema';
import { createCapture, type CaptureState } from '../capture';
import { buildCheckContext, type BuildContextInput } from '../context';
import type { CheckContext } from '../types';

// Test images as real layer tarballs: each layer is written to a directory (real modes, owners and
// xattrs), packed by GNU tar with PAX xattr records, and streamed through ImageFilesystem.applyLayer
// exactly as the engine reads a registry blob. Tarballs are cached by the hash of their spec.

const VERSION = 'check-layers-v1';
export const FIXTURES = path.resolve(import.meta.dirname, '../../../.data/fixtures');
const CACHE = path.join(FIXTURES, VERSION);

export type EntrySpec =
  | { path: string; content: string | Buffer; mode?: number; uid?: number; gid?: number; xattrs?: Record<string, Buffer> }
  | { path: string; dir: true; mode?: number; uid?: number; gid?: number }
  | { path: string; symlink: string }
  | { path: string; hardlink: string }
  | { path: string; whiteout: true }
  | { path: string; opaque: true }
  /** Copies a host file or tree (modes kept) into the layer at `path`. */
  | { path: string; copyFrom: string };

export type LayerSpec = EntrySpec[];

function specKey(layer: LayerSpec): string {
  const h = createHash('sha256').update(VERSION);
  for (const e of layer) {
    h.update(JSON.stringify(e, (_k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v)));
    // A copied tree is part of the spec: its content (by file list, size and mtime) keys the cache too.
    if ('copyFrom' in e) h.update(execFileSync('find', [e.copyFrom, '-printf', '%P %s %m %T@\\n'], { encoding: 'utf8' }));
  }
  return h.digest('hex').slice(0, 32);
}

function setXattr(file: string, name: string, value: Buffer): void {
  execFileSync('python3', ['-c', 'import os,sys; os.setxattr(sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3]), follow_symlinks=False)', file, name, value.toString('hex')]);
}

function writeLayerDir(dir: string, layer: LayerSpec): void {
  for (const e of layer) {
    const target = path.join(dir, e.path);
    mkdirSync(path.dirname(target), { recursive: true });
    if ('content' in e) {
      writeFileSync(target, e.content);
      chownSync(target, e.uid ?? 0, e.gid ?? 0);
      chmodSync(target, e.mode ?? 0o644);
      for (const [k, v] of Object.entries(e.xattrs ?? {})) setXattr(target, k, v);
    } else if ('dir' in e) {
      mkdirSync(target, { recursive: true });
      chownSync(target, e.uid ?? 0, e.gid ?? 0);
      chmodSync(target, e.mode ?? 0o755);
    } else if ('symlink' in e) symlinkSync(e.symlink, target);
    else if ('hardlink' in e) linkSync(path.join(dir, e.hardlink), target);
    else if ('whiteout' in e) writeFileSync(path.join(path.dirname(target), `.wh.${path.basename(target)}`), '');
    else if ('opaque' in e) {
      mkdirSync(target, { recursive: true });
      writeFileSync(path.join(target, '.wh..wh..opq'), '');
    } else cpSync(e.copyFrom, target, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  }
}

/** The gzipped tar of one layer, built on first use. */
export function layerTarball(layer: LayerSpec): string {
  mkdirSync(CACHE, { recursive: true });
  const out = path.join(CACHE, `${specKey(layer)}.tar.gz`);
  if (existsSync(out)) return out;
  const work = mkdtempSync(path.join(CACHE, 'tmp-'));
  try {
    const dir = path.join(work, 'root');
    mkdirSync(dir);
    writeLayerDir(dir, layer);
    const tmp = path.join(work, 'layer.tar.gz');
    execFileSync('tar', ['--format=pax', '--xattrs', '--xattrs-include=*', '--numeric-owner', '--sort=name', '-C', dir, '-czf', tmp, '.']);
    renameSync(tmp, out);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}

export interface TestImage {
  fs: ImageFilesystem;
  capture: CaptureState;
  size: number;
}

export async function readLayers(layers: LayerSpec[], policy: Policy): Promise<TestImage> {
  const capture = createCapture(policy);
  const fs = new ImageFilesystem({ limits: DEFAULT_LIMITS, capture: capture.predicate });
  let size = 0;
  for (const [index, layer] of layers.entries()) {
    const blob = readFileSync(layerTarball(layer));
    size += blob.length;
    const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
    await fs.applyLayer({ index, descriptor: { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size: blob.length }, stream: [blob] });
  }
  return { fs, capture, size };
}

export interface ImageOptions {
  /** The container config (`config` section of the image config JSON), e.g. `{ User: '1001', Labels: {…} }`. */
  config?: Record<string, unknown>;
  tags?: string[];
  identity?: string | null;
  digest?: string;
  extra?: Partial<Omit<BuildContextInput, 'image' | 'fs' | 'capture' | 'policy'>>;
}

/** Reads the layers and builds the check context, as the engine does for a real image. */
export async function imageContext(layers: LayerSpec[], policy: Policy, opts: ImageOptions = {}): Promise<CheckContext> {
  const { fs, capture, size } = await readLayers(layers, policy);
  const config = parseImageConfig(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', created: '2026-11-01T00:00:00Z', config: opts.config ?? {} })), 'test config');
  return buildCheckContext({
    image: {
      source: 'oci:test-image:1.0',
      identity: opts.identity === undefined ? 'registry.example.com/acme/app' : opts.identity,
      digest: opts.digest ?? `sha256:${'ab'.repeat(32)}`,
      tags: opts.tags ?? ['1.0'],
      layerCount: layers.length,
      size,
      uncompressedSize: fs.stats.uncompressedBytes,
      config,
      platform: { os: 'linux', architecture: 'amd64' },
    },
    fs,
    capture,
    policy,
    at: new Date('2026-11-15T12:00:00Z'),
    ...opts.extra,
  });
}

/** True when a host tool is missing; the caller skips loudly. */
export function missingTools(...tools: string[]): string[] {
  return tools.filter((t) => {
    try {
      execFileSync(t, ['--version'], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

export function fileSize(p: string): number {
  return statSync(p).size;
}
