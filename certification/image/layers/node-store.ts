import type { EntryType } from '../types';

export const TYPE_NAMES: readonly (EntryType | undefined)[] = [
  undefined,
  'file',
  'directory',
  'symlink',
  'hardlink',
  'char-device',
  'block-device',
  'fifo',
];
export const TYPE_CODE: Record<EntryType, number> = {
  file: 1,
  directory: 2,
  symlink: 3,
  hardlink: 4,
  'char-device': 5,
  'block-device': 6,
  fifo: 7,
};
export const ABSENT = 0;
export const DIRECTORY = 2;
export const SYMLINK = 3;

export const IMPLICIT = 1;
export const HAS_SHA = 2;

export interface NodeExtra {
  linkTarget?: string;
  devMajor?: number;
  devMinor?: number;
  xattrs?: Record<string, Buffer>;
}

/**
 * Metadata of every path ever seen, as parallel typed arrays indexed by node id, so a million
 * entries cost about 150 bytes each instead of a JS object apiece. A path keeps its id for the
 * whole read (deleted paths stay, with type ABSENT), which is what makes history cheap.
 */
export class NodeStore {
  count = 0;
  private cap = 0;
  parent = new Int32Array(0);
  type = new Uint8Array(0);
  flags = new Uint8Array(0);
  layer = new Int32Array(0);
  mode = new Uint16Array(0);
  uid = new Uint32Array(0);
  gid = new Uint32Array(0);
  size = new Float64Array(0);
  mtime = new Float64Array(0);
  uname = new Uint32Array(0);
  gname = new Uint32Array(0);
  sha = new Uint8Array(0);
  readonly names: string[] = [];
  readonly children: (Map<string, number> | undefined)[] = [];
  readonly extra = new Map<number, NodeExtra>();
  private readonly strings: string[] = [''];
  private readonly stringIds = new Map<string, number>();

  constructor() {
    this.grow(1024);
  }

  add(parent: number, name: string): number {
    if (this.count === this.cap) this.grow(Math.ceil(this.cap * 1.5));
    const id = this.count++;
    this.parent[id] = parent;
    this.names.push(name);
    this.children.push(undefined);
    if (parent !== id) {
      let map = this.children[parent];
      if (!map) this.children[parent] = map = new Map();
      map.set(name, id);
    }
    return id;
  }

  child(parent: number, name: string): number | undefined {
    return this.children[parent]?.get(name);
  }

  intern(s: string | undefined): number {
    if (s === undefined || s === '') return 0;
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  string(id: number): string | undefined {
    return id === 0 ? undefined : this.strings[id];
  }

  shaHex(id: number): string | undefined {
    if (!(this.flags[id]! & HAS_SHA)) return undefined;
    return Buffer.from(this.sha.buffer, id * 32, 32).toString('hex');
  }

  setSha(id: number, digest: Buffer): void {
    this.sha.set(digest, id * 32);
    this.flags[id]! |= HAS_SHA;
  }

  pathOf(id: number): string {
    if (id === 0) return '/';
    const parts: string[] = [];
    for (let cur = id; cur !== 0; cur = this.parent[cur]!) parts.push(this.names[cur]!);
    return '/' + parts.reverse().join('/');
  }

  private grow(cap: number): void {
    const copy = <T extends { length: number; set(a: ArrayLike<number>): void }>(old: T, make: (n: number) => T, width = 1): T => {
      const next = make(cap * width);
      next.set(old as unknown as ArrayLike<number>);
      return next;
    };
    this.parent = copy(this.parent, (n) => new Int32Array(n));
    this.type = copy(this.type, (n) => new Uint8Array(n));
    this.flags = copy(this.flags, (n) => new Uint8Array(n));
    this.layer = copy(this.layer, (n) => new Int32Array(n));
    this.mode = copy(this.mode, (n) => new Uint16Array(n));
    this.uid = copy(this.uid, (n) => new Uint32Array(n));
    this.gid = copy(this.gid, (n) => new Uint32Array(n));
    this.size = copy(this.size, (n) => new Float64Array(n));
    this.mtime = copy(this.mtime, (n) => new Float64Array(n));
    this.uname = copy(this.uname, (n) => new Uint32Array(n));
    this.gname = copy(this.gname, (n) => new Uint32Array(n));
    this.sha = copy(this.sha, (n) => new Uint8Array(n), 32);
    this.cap = cap;
  }
}
