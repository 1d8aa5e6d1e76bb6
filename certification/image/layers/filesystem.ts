import { createHash, hash as hashOnce, type Hash } from 'node:crypto';
import { CertificationError } from '../../errors';
import { limitExceeded, type ImageLimits } from '../limits';
import type { ContentPredicate, Descriptor, EntryType, FileEntry, ImageFinding, PathWrite } from '../types';
import { openLayer, type Compression, type DecompressedLayer } from './decompress';
import { ABSENT, DIRECTORY, HAS_SHA, IMPLICIT, NodeStore, SYMLINK, TYPE_CODE, TYPE_NAMES } from './node-store';
import { joinPath, normalizePath, symlinkEscapes } from './paths';
import { TarParser, type TarHandler, type TarHeader } from './tar';

export interface LayerInput {
  /** 0-based position in the manifest; layers must be applied in increasing order. */
  index: number;
  descriptor: Descriptor;
  stream: AsyncIterable<Buffer> | NodeJS.ReadableStream | Iterable<Buffer>;
  /** Called with the length of each compressed chunk as it is read (progress). */
  onBytes?: (n: number) => void;
  /** The layer already opened with `openAhead` (then `stream` is not read again). */
  opened?: DecompressedLayer;
}

export interface ImageFilesystemOptions {
  limits: ImageLimits;
  capture?: ContentPredicate;
  signal?: AbortSignal;
}

export interface CapturedContent {
  layer: number;
  content: Buffer;
}

export interface CaptureSkip {
  path: string;
  layer: number;
  size: number;
  limit: 'maxCapturedFileBytes' | 'maxCapturedTotalBytes';
}

export interface LayerSummary {
  index: number;
  digest: string;
  compression: Compression;
  compressedBytes: number;
  uncompressedBytes: number;
  entries: number;
}

// Hostile layers can hold millions of odd entries; keep the first ones, count the rest.
export const MAX_FINDINGS = 10_000;
const MAX_LINK_HOPS = 40;
const ROOT = 0;

/**
 * The final tree of an image, built by applying its layers in order. Paths are clamped into the
 * root: `../x` and `/x` both land on `/x`, with a PATH_TRAVERSAL / ABSOLUTE_PATH finding, so
 * checks see what a careless extractor would have written without anything touching the host.
 * Symlinks are kept as written and only ever resolved inside the tree.
 */
export class ImageFilesystem {
  readonly findings: ImageFinding[] = [];
  findingsDropped = 0;
  readonly stats = { entries: 0, uncompressedBytes: 0, compressedBytes: 0, layers: 0, capturedBytes: 0 };
  readonly layers: LayerSummary[] = [];
  readonly captureSkipped: CaptureSkip[] = [];
  private readonly nodes = new NodeStore();
  private readonly history_ = new Map<number, PathWrite[]>();
  private readonly captured = new Map<number, CapturedContent[]>();
  private readonly limits: ImageLimits;
  private readonly capture?: ContentPredicate;
  private readonly signal?: AbortSignal;
  private lastLayer = -1;

  constructor(opts: ImageFilesystemOptions) {
    this.limits = opts.limits;
    this.capture = opts.capture;
    this.signal = opts.signal;
    const root = this.nodes.add(ROOT, '');
    this.nodes.type[root] = DIRECTORY;
    this.nodes.mode[root] = 0o755;
    this.nodes.flags[root] = IMPLICIT;
  }

  /** Streams one layer (decompress, parse, apply whiteouts). After an error the view is partial. */
  async applyLayer(input: LayerInput): Promise<void> {
    const layer = input.index;
    const where = `layer ${layer} (${input.descriptor.digest})`;
    if (this.signal?.aborted) throw new CertificationError('ABORTED', `reading ${where} was aborted`);
    if (!Number.isInteger(layer) || layer <= this.lastLayer) {
      throw new CertificationError('INTERNAL', `expected layers in increasing order, got ${where} after layer ${this.lastLayer}`);
    }
    if (this.stats.layers + 1 > this.limits.maxLayers) {
      throw limitExceeded('maxLayers', this.limits.maxLayers, this.stats.layers + 1, where);
    }
    this.lastLayer = layer;
    this.stats.layers++;
    const decompressed = input.opened ?? (await this.openAhead(input, {}));
    if (decompressed.declared) {
      this.finding({
        code: 'COMPRESSION_MISMATCH',
        layer,
        message: `${where}: media type ${input.descriptor.mediaType} says ${decompressed.declared}, the bytes are ${decompressed.compression}; read as ${decompressed.compression}`,
      });
    }
    const applier = new LayerApplier(this, layer, where);
    const parser = new TarParser(applier, { limits: this.limits, where });
    for await (const chunk of decompressed.chunks) parser.write(chunk);
    parser.end();
    this.stats.uncompressedBytes += decompressed.counts.uncompressed;
    this.stats.compressedBytes += decompressed.counts.compressed;
    this.layers.push({
      index: layer,
      digest: input.descriptor.digest,
      compression: decompressed.compression,
      compressedBytes: decompressed.counts.compressed,
      uncompressedBytes: decompressed.counts.uncompressed,
      entries: parser.entries,
    });
  }

  /**
   * Starts decompressing a layer before its turn, inflating up to `readAhead` bytes on zlib's pool
   * thread while earlier layers are applied; pass the result to `applyLayer` as `opened`. Ceilings
   * count the layers before it as they stand when its chunks are read. `close()` it if given up.
   */
  openAhead(input: LayerInput, opts: { readAhead?: number }): Promise<DecompressedLayer> {
    return openLayer(input.stream, {
      limits: this.limits,
      where: `layer ${input.index} (${input.descriptor.digest})`,
      mediaType: input.descriptor.mediaType,
      compressedSize: input.descriptor.size,
      uncompressedBefore: () => this.stats.uncompressedBytes,
      signal: this.signal,
      onBytes: input.onBytes,
      ...(opts.readAhead !== undefined ? { readAhead: opts.readAhead } : {}),
    });
  }

  get(path: string): FileEntry | undefined {
    const id = this.lookup(path);
    return id === undefined ? undefined : this.entryOf(id, this.nodes.pathOf(id));
  }

  /** Children of `dir` (default `/`), sorted by name; with `recursive`, all descendants depth-first. */
  list(dir = '/', opts: { recursive?: boolean } = {}): FileEntry[] {
    const id = this.lookup(dir);
    if (id === undefined || this.nodes.type[id] !== DIRECTORY) return [];
    const out: FileEntry[] = [];
    for (const e of this.walk(id, this.nodes.pathOf(id), opts.recursive ?? false)) out.push(e);
    return out;
  }

  /** Every path present in the final tree except the root, depth-first in name order. */
  entries(): IterableIterator<FileEntry> {
    return this.walk(ROOT, '/', true);
  }

  /** Writes and deletions of `path` in layer order (empty for paths no layer wrote). */
  history(path: string): PathWrite[] {
    const id = this.lookup(path, true);
    if (id === undefined) return [];
    const h = this.history_.get(id);
    if (h) return h.map((w) => ({ ...w }));
    const n = this.nodes;
    return n.type[id] === ABSENT || n.flags[id]! & IMPLICIT ? [] : [this.snapshot(id)];
  }

  /** Captured content of the file now at `path` (hard links read their target). */
  content(path: string): Buffer | undefined {
    let id = this.lookup(path);
    if (id === undefined) return undefined;
    if (TYPE_NAMES[this.nodes.type[id]!] === 'hardlink') {
      const target = this.nodes.extra.get(id)?.linkTarget;
      id = target === undefined ? undefined : this.lookup(target);
      if (id === undefined) return undefined;
    }
    const list = this.captured.get(id);
    const last = list?.[list.length - 1];
    return last && last.layer === this.nodes.layer[id] && this.nodes.type[id] !== ABSENT ? last.content : undefined;
  }

  /** Every captured version of `path`, including ones later overwritten or deleted. */
  contentHistory(path: string): CapturedContent[] {
    const id = this.lookup(path, true);
    return id === undefined ? [] : [...(this.captured.get(id) ?? [])];
  }

  /** Follows symlinks (inside the root, at most 40 hops); undefined for a loop or a missing path. */
  resolve(path: string): FileEntry | undefined {
    const id = this.resolveParts(ROOT, normalizePath(path).parts, true, { hops: 0 });
    return id === undefined ? undefined : this.entryOf(id, this.nodes.pathOf(id));
  }

  // ---- internals used by LayerApplier ----

  /** @internal */
  finding(f: ImageFinding): void {
    if (this.findings.length < MAX_FINDINGS) this.findings.push(f);
    else this.findingsDropped++;
  }

  /** @internal */
  get store(): NodeStore {
    return this.nodes;
  }

  /** @internal the parent directory of `parts`, created as needed; undefined when it cannot be a directory. */
  parentFor(parts: readonly string[], layer: number): number | undefined {
    const n = this.nodes;
    let cur = ROOT;
    for (let i = 0; i < parts.length - 1; i++) {
      const name = parts[i]!;
      let child = n.child(cur, name);
      if (child === undefined) {
        child = n.add(cur, name);
        this.makeImplicitDir(child, layer);
      } else if (n.type[child] === SYMLINK) {
        // Extractors follow a symlinked parent inside the root (usr-merged /lib → usr/lib).
        const target = this.resolveParts(ROOT, parts.slice(0, i + 1), true, { hops: 0 });
        if (target === undefined || n.type[target] !== DIRECTORY) return undefined;
        child = target;
      } else if (n.type[child] !== DIRECTORY) {
        this.recordChange(child);
        this.makeImplicitDir(child, layer);
        this.pushHistory(child);
      }
      cur = child;
    }
    return cur;
  }

  /** @internal an existing directory, following symlinks inside the root. */
  resolveDir(parts: readonly string[]): number | undefined {
    const id = this.resolveParts(ROOT, parts, true, { hops: 0 });
    return id !== undefined && this.nodes.type[id] === DIRECTORY ? id : undefined;
  }

  /** @internal */
  lookupParts(parts: readonly string[]): number | undefined {
    const n = this.nodes;
    let cur = ROOT;
    for (const p of parts) {
      const c = n.child(cur, p);
      if (c === undefined) return undefined;
      cur = c;
    }
    return cur;
  }

  /** @internal must run before a node's state changes, so the earlier state stays in its history. */
  recordChange(id: number): void {
    if (this.history_.has(id)) return;
    const n = this.nodes;
    this.history_.set(id, n.type[id] === ABSENT || n.flags[id]! & IMPLICIT ? [] : [this.snapshot(id)]);
  }

  /** @internal */
  pushHistory(id: number): void {
    this.history_.get(id)?.push(this.snapshot(id));
  }

  /** @internal */
  deleteNode(id: number, layer: number): void {
    this.recordChange(id);
    this.history_.get(id)!.push({ layer, kind: 'delete' });
    this.nodes.type[id] = ABSENT;
    this.nodes.flags[id] = 0;
    this.nodes.extra.delete(id);
  }

  /**
   * Deletes the present descendants of `dir` (and `dir` itself unless `keepSelf`). With
   * `keepLayer`, nodes written in that layer survive, and so do directories holding them:
   * a whiteout only hides what lower layers wrote.
   */
  pruneTree(dir: number, layer: number, keepSelf: boolean, keepLayer?: number): boolean {
    const n = this.nodes;
    let survives = keepSelf || (keepLayer !== undefined && n.layer[dir] === keepLayer && n.type[dir] !== ABSENT);
    const kids = n.children[dir];
    if (kids && n.type[dir] === DIRECTORY) {
      for (const child of kids.values()) {
        if (n.type[child] === ABSENT) continue;
        if (this.pruneTree(child, layer, false, keepLayer)) survives = true;
      }
    }
    if (!survives && n.type[dir] !== ABSENT) this.deleteNode(dir, layer);
    return survives;
  }

  /** @internal */
  capturePredicate(): ContentPredicate | undefined {
    return this.capture;
  }

  /** @internal */
  keepContent(id: number, layer: number, content: Buffer): void {
    let list = this.captured.get(id);
    if (!list) this.captured.set(id, (list = []));
    const last = list[list.length - 1];
    if (last && last.layer === layer) {
      this.stats.capturedBytes -= last.content.length;
      list.pop();
    }
    list.push({ layer, content });
    this.stats.capturedBytes += content.length;
  }

  /** @internal */
  captureBudget(): number {
    return this.limits.maxCapturedTotalBytes - this.stats.capturedBytes;
  }

  /** @internal */
  limit(): ImageLimits {
    return this.limits;
  }

  private makeImplicitDir(id: number, layer: number): void {
    const n = this.nodes;
    n.type[id] = DIRECTORY;
    n.flags[id] = IMPLICIT;
    n.layer[id] = layer;
    n.mode[id] = 0o755;
    n.uid[id] = 0;
    n.gid[id] = 0;
    n.size[id] = 0;
    n.mtime[id] = 0;
    n.uname[id] = 0;
    n.gname[id] = 0;
    n.extra.delete(id);
  }

  private snapshot(id: number): PathWrite {
    const n = this.nodes;
    const w: PathWrite = { layer: n.layer[id]!, kind: 'write', type: TYPE_NAMES[n.type[id]!], size: n.size[id]!, mode: n.mode[id]! };
    const sha = n.shaHex(id);
    if (sha) w.sha256 = sha;
    return w;
  }

  private lookup(path: string, includeAbsent = false): number | undefined {
    const id = this.lookupParts(normalizePath(path).parts);
    if (id === undefined) return undefined;
    return includeAbsent || this.nodes.type[id] !== ABSENT ? id : undefined;
  }

  private resolveParts(start: number, parts: readonly string[], followLast: boolean, state: { hops: number }): number | undefined {
    const n = this.nodes;
    let cur = start;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      if (name === '..') {
        cur = n.parent[cur]!;
        continue;
      }
      const child = n.child(cur, name);
      if (child === undefined || n.type[child] === ABSENT) return undefined;
      if (n.type[child] === SYMLINK && (followLast || i < parts.length - 1)) {
        if (++state.hops > MAX_LINK_HOPS) return undefined;
        const target = n.extra.get(child)?.linkTarget ?? '';
        const from = target.startsWith('/') ? ROOT : cur;
        const resolved = this.resolveParts(from, rawParts(target), true, state);
        if (resolved === undefined) return undefined;
        cur = resolved;
        continue;
      }
      cur = child;
    }
    return cur;
  }

  private entryOf(id: number, path: string): FileEntry {
    const n = this.nodes;
    const e: FileEntry = {
      path,
      type: TYPE_NAMES[n.type[id]!]!,
      mode: n.mode[id]!,
      uid: n.uid[id]!,
      gid: n.gid[id]!,
      size: n.size[id]!,
      layer: n.layer[id]!,
    };
    const uname = n.string(n.uname[id]!);
    if (uname !== undefined) e.uname = uname;
    const gname = n.string(n.gname[id]!);
    if (gname !== undefined) e.gname = gname;
    if (n.mtime[id]) e.mtime = n.mtime[id];
    if (n.flags[id]! & HAS_SHA) e.sha256 = n.shaHex(id);
    if (n.flags[id]! & IMPLICIT) e.implicit = true;
    const x = n.extra.get(id);
    if (x) {
      if (x.linkTarget !== undefined) e.linkTarget = x.linkTarget;
      if (x.devMajor !== undefined) e.devMajor = x.devMajor;
      if (x.devMinor !== undefined) e.devMinor = x.devMinor;
      if (x.xattrs) e.xattrs = x.xattrs;
    }
    return e;
  }

  private *walk(dir: number, dirPath: string, recursive: boolean): IterableIterator<FileEntry> {
    const n = this.nodes;
    const kids = n.children[dir];
    if (!kids) return;
    const prefix = dirPath === '/' ? '/' : dirPath + '/';
    const names = [...kids.keys()].sort();
    for (const name of names) {
      const id = kids.get(name)!;
      if (n.type[id] === ABSENT) continue;
      const path = prefix + name;
      yield this.entryOf(id, path);
      if (recursive && n.type[id] === DIRECTORY) yield* this.walk(id, path, true);
    }
  }
}

/** Link target components with `..` kept (resolution climbs through the real parents). */
function rawParts(target: string): string[] {
  return target.split('/').filter((p) => p !== '' && p !== '.');
}

interface CurrentFile {
  id: number;
  size: number;
  /** Set when the whole content came in one chunk (the common case for small files): one-shot hash. */
  digest?: Buffer;
  hash?: Hash;
  capture?: Buffer;
  filled: number;
}

const EMPTY_SHA256 = createHash('sha256').digest();

/** Applies one layer's tar entries to the tree; the TarParser calls it. */
class LayerApplier implements TarHandler {
  private current?: CurrentFile;
  private readonly n: NodeStore;

  constructor(
    private readonly fs: ImageFilesystem,
    private readonly layer: number,
    private readonly where: string,
  ) {
    this.n = fs.store;
  }

  entry(h: TarHeader): void {
    const fs = this.fs;
    const layer = this.layer;
    const limits = fs.limit();
    if (++fs.stats.entries > limits.maxEntries) {
      throw limitExceeded('maxEntries', limits.maxEntries, fs.stats.entries, this.where);
    }
    this.current = undefined;
    const { parts, absolute, escaped } = normalizePath(h.name);
    const path = joinPath(parts);
    if (h.nonUtf8Name) this.find('NON_UTF8_NAME', path, `name is not valid UTF-8, shown as latin1: "${h.name}"`);
    if (escaped) this.find('PATH_TRAVERSAL', path, `name "${h.name}" climbs above the root; read as ${path}`);
    else if (absolute) this.find('ABSOLUTE_PATH', path, `name "${h.name}" is absolute; read as ${path}`);
    if (h.type === 'unsupported') {
      this.find('UNSUPPORTED_ENTRY', path, `tar type flag "${h.typeFlag}" is not supported; entry skipped`);
      return;
    }

    const base = parts[parts.length - 1];
    if (base !== undefined && base.startsWith('.wh.')) return this.whiteout(parts, h);
    if (parts.length === 0) {
      if (h.type !== 'directory') {
        this.find('INVALID_ENTRY', '/', `the root must be a directory, got a ${h.type} named "${h.name}"; entry skipped`);
        return;
      }
      return this.write(ROOT, h, parts, path, false);
    }

    const parent = fs.parentFor(parts, layer);
    if (parent === undefined) {
      this.find('INVALID_ENTRY', path, `a parent of ${path} is not a directory and no symlink leads to one; entry skipped`);
      return;
    }
    let id = this.n.child(parent, base!);
    const isNew = id === undefined;
    if (id === undefined) id = this.n.add(parent, base!);
    this.write(id, h, parts, path, isNew);
  }

  data(chunk: Buffer): void {
    const c = this.current;
    if (!c) return;
    if (c.hash === undefined && c.digest === undefined && chunk.length === c.size) c.digest = hashOnce('sha256', chunk, 'buffer');
    else (c.hash ??= createHash('sha256')).update(chunk);
    if (c.capture) {
      chunk.copy(c.capture, c.filled);
      c.filled += chunk.length;
    }
  }

  entryEnd(): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    this.n.setSha(c.id, c.digest ?? c.hash?.digest() ?? EMPTY_SHA256);
    if (c.capture) this.fs.keepContent(c.id, this.layer, c.capture);
    this.fs.pushHistory(c.id);
  }

  private write(id: number, h: TarHeader, parts: string[], path: string, isNew: boolean): void {
    const fs = this.fs;
    const n = this.n;
    const layer = this.layer;
    if (!isNew) {
      const present = n.type[id] !== ABSENT;
      if (present && n.layer[id] === layer && !(n.flags[id]! & IMPLICIT) && id !== ROOT) {
        this.find('DUPLICATE_ENTRY', path, `${path} appears more than once in this layer; the last one wins`);
      }
      if (present && n.type[id] === DIRECTORY && h.type !== 'directory') fs.pruneTree(id, layer, true);
      fs.recordChange(id);
    }
    if (h.uid > 0xffffffff || h.gid > 0xffffffff) {
      this.find('INVALID_ENTRY', path, `expected uid and gid below 2^32, got ${h.uid}:${h.gid}; kept modulo 2^32`);
    }
    n.type[id] = TYPE_CODE[h.type as EntryType];
    n.flags[id] = 0;
    n.layer[id] = layer;
    n.mode[id] = h.mode;
    n.uid[id] = h.uid;
    n.gid[id] = h.gid;
    n.mtime[id] = h.mtime;
    n.uname[id] = n.intern(h.uname);
    n.gname[id] = n.intern(h.gname);
    n.size[id] = h.type === 'file' ? h.size : 0;
    n.extra.delete(id);

    switch (h.type) {
      case 'file':
        return this.startFile(id, h, path);
      case 'symlink': {
        const target = h.linkName ?? '';
        n.extra.set(id, { linkTarget: target });
        if (h.nonUtf8LinkName) this.find('NON_UTF8_NAME', path, `symlink target is not valid UTF-8, shown as latin1: "${target}"`);
        if (symlinkEscapes(parts, target)) this.find('LINK_OUTSIDE_ROOT', path, `symlink ${path} → "${target}" points outside the image root`);
        break;
      }
      case 'hardlink':
        this.hardlink(id, h, path);
        break;
      case 'char-device':
      case 'block-device':
        n.extra.set(id, { devMajor: h.devMajor, devMinor: h.devMinor });
        this.find('DEVICE_FILE', path, `${h.type} ${h.devMajor}:${h.devMinor} at ${path}`);
        break;
      default:
        break;
    }
    if (h.xattrs) n.extra.set(id, { ...n.extra.get(id), xattrs: h.xattrs });
    fs.pushHistory(id);
  }

  private startFile(id: number, h: TarHeader, path: string): void {
    const fs = this.fs;
    if (h.xattrs) this.n.extra.set(id, { xattrs: h.xattrs });
    const c: CurrentFile = { id, size: h.size, filled: 0 };
    const predicate = fs.capturePredicate();
    if (predicate && predicate(path, { size: h.size, type: 'file', layer: this.layer })) {
      const limits = fs.limit();
      if (h.size > limits.maxCapturedFileBytes) {
        fs.captureSkipped.push({ path, layer: this.layer, size: h.size, limit: 'maxCapturedFileBytes' });
      } else if (h.size > fs.captureBudget()) {
        fs.captureSkipped.push({ path, layer: this.layer, size: h.size, limit: 'maxCapturedTotalBytes' });
      } else {
        c.capture = Buffer.allocUnsafe(h.size);
      }
    }
    this.current = c;
  }

  private hardlink(id: number, h: TarHeader, path: string): void {
    const n = this.n;
    const raw = h.linkName ?? '';
    const { parts, escaped } = normalizePath(raw);
    const target = joinPath(parts);
    n.extra.set(id, { linkTarget: target });
    if (escaped) {
      this.find('HARDLINK_OUTSIDE_ROOT', path, `hard link ${path} → "${raw}" points outside the image root`);
      return;
    }
    const targetId = this.fs.lookupParts(parts);
    const type = targetId === undefined ? undefined : TYPE_NAMES[n.type[targetId]!];
    if (targetId === undefined || targetId === id || (type !== 'file' && type !== 'hardlink')) {
      this.find('HARDLINK_MISSING_TARGET', path, `hard link ${path} → ${target}: expected an earlier regular file there, got ${type ?? 'nothing'}`);
      return;
    }
    n.size[id] = n.size[targetId]!;
    if (n.flags[targetId]! & HAS_SHA) n.setSha(id, Buffer.from(n.sha.subarray(targetId * 32, targetId * 32 + 32)));
  }

  private whiteout(parts: string[], h: TarHeader): void {
    const fs = this.fs;
    const layer = this.layer;
    const base = parts[parts.length - 1]!;
    const dirParts = parts.slice(0, -1);
    const path = joinPath(parts);
    if (base === '.wh..wh..opq') {
      const dir = fs.parentFor(parts, layer);
      if (dir === undefined) {
        this.find('INVALID_ENTRY', path, `opaque marker ${path} is not inside a directory; ignored`);
        return;
      }
      fs.pruneTree(dir, layer, true, layer);
      return;
    }
    // Other `.wh..wh.` names are aufs bookkeeping (hard link stash), not whiteouts.
    if (base.startsWith('.wh..wh.')) return;
    const name = base.slice('.wh.'.length);
    if (name === '' || name === '.' || name === '..') {
      const target = normalizePath(joinPath(dirParts) + '/' + name);
      if (target.parts.length === 0) {
        this.find('WHITEOUT_ROOT', path, `whiteout "${h.name}" would delete the root; ignored`);
      } else {
        this.find('PATH_TRAVERSAL', path, `whiteout "${h.name}" names ${joinPath(target.parts)}, outside its own directory; ignored`);
      }
      return;
    }
    // A whiteout in a directory no lower layer has deletes nothing; it must not create the directory.
    const dir = fs.resolveDir(dirParts);
    if (dir === undefined) return;
    const id = this.n.child(dir, name);
    if (id === undefined || this.n.type[id] === ABSENT) return;
    fs.pruneTree(id, layer, false, layer);
  }

  private find(code: ImageFinding['code'], path: string, message: string): void {
    this.fs.finding({ code, layer: this.layer, path, message: `${this.where}: ${message}` });
  }
}
