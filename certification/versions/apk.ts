import { CertificationError } from '../errors';
import type { Ordering } from './rpm';

// Alpine version ordering as apk-tools defines it:
//   digit{.digit}...{letter}{_suffix{number}}...{~commit-hash}{-r#}
// Suffixes _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p. Versions that break
// the grammar still compare (token by token up to the first invalid token), as apk does.

const enum Token {
  InitialDigit,
  Digit,
  Letter,
  Suffix,
  SuffixNumber,
  CommitHash,
  RevisionNumber,
  End,
  Invalid,
}

const SUFFIXES: Record<string, number> = { alpha: 1, beta: 2, pre: 3, rc: 4, cvs: 6, svn: 7, git: 8, hg: 9, p: 10 };
const SUFFIX_NONE = 5;

interface TokenState {
  token: Token;
  value: string;
  suffix: number;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';
const isHex = (c: string | undefined) => isDigit(c) || (c !== undefined && c >= 'a' && c <= 'f');

class Tokenizer {
  private pos = 0;
  readonly state: TokenState = { token: Token.InitialDigit, value: '', suffix: 0 };

  constructor(private readonly text: string) {
    this.digits();
  }

  private take(pred: (c: string | undefined) => boolean): string {
    const start = this.pos;
    while (this.pos < this.text.length && pred(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private digits(): void {
    this.state.value = this.take(isDigit);
    if (this.state.value.length === 0) this.state.token = Token.Invalid;
  }

  next(): void {
    const t = this.state;
    if (this.pos >= this.text.length) {
      t.token = Token.End;
      return;
    }
    const c = this.text[this.pos];
    if (isLower(c)) {
      if (t.token > Token.Digit) return this.invalid();
      t.value = c;
      t.token = Token.Letter;
      this.pos++;
    } else if (c === '.') {
      if (t.token > Token.Digit) return this.invalid();
      this.pos++;
      t.token = Token.Digit;
      this.digits();
    } else if (c === '_') {
      if (t.token > Token.SuffixNumber) return this.invalid();
      this.pos++;
      t.value = this.take(isLower);
      const suffix = SUFFIXES[t.value];
      if (suffix === undefined) return this.invalid();
      t.suffix = suffix;
      t.token = Token.Suffix;
    } else if (c === '~') {
      if (t.token >= Token.CommitHash) return this.invalid();
      this.pos++;
      t.value = this.take(isHex);
      if (t.value.length === 0) return this.invalid();
      t.token = Token.CommitHash;
    } else if (c === '-') {
      if (t.token >= Token.RevisionNumber || this.text[this.pos + 1] !== 'r') return this.invalid();
      this.pos += 2;
      t.token = Token.RevisionNumber;
      this.digits();
    } else if (isDigit(c)) {
      if (t.token !== Token.Suffix) return this.invalid();
      t.token = Token.SuffixNumber;
      this.digits();
    } else {
      this.invalid();
    }
  }

  private invalid(): void {
    this.state.token = Token.Invalid;
  }
}

function compareNumbers(a: string, b: string): Ordering {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x === y ? 0 : x < y ? -1 : 1;
}

function compareStrings(a: string, b: string): Ordering {
  return a === b ? 0 : a < b ? -1 : 1;
}

function compareTokens(a: TokenState, b: TokenState): Ordering {
  switch (a.token) {
    case Token.Digit:
      // A leading zero after a dot makes the part a fraction-like string (Gentoo's rule): compare as text.
      if (a.value[0] === '0' || b.value[0] === '0') return compareStrings(a.value, b.value);
      return compareNumbers(a.value, b.value);
    case Token.InitialDigit:
    case Token.SuffixNumber:
    case Token.RevisionNumber:
      return compareNumbers(a.value, b.value);
    case Token.Letter:
      return compareStrings(a.value, b.value);
    case Token.Suffix:
      return a.suffix === b.suffix ? 0 : a.suffix < b.suffix ? -1 : 1;
    default:
      return compareStrings(a.value, b.value);
  }
}

interface Walk {
  result: Ordering;
  a: TokenState;
  b: TokenState;
}

function walk(a: string, b: string): Walk {
  const ta = new Tokenizer(a);
  const tb = new Tokenizer(b);
  while (ta.state.token === tb.state.token && ta.state.token < Token.End) {
    const r = compareTokens(ta.state, tb.state);
    if (r !== 0) return { result: r, a: ta.state, b: tb.state };
    ta.next();
    tb.next();
  }
  return { result: 0, a: ta.state, b: tb.state };
}

function tail({ a, b }: Walk): Ordering {
  if (a.token === b.token) return 0;
  // Equal so far: the longer version is newer, unless what follows is a pre-release suffix.
  if (a.token === Token.Suffix && a.suffix < SUFFIX_NONE) return -1;
  if (b.token === Token.Suffix && b.suffix < SUFFIX_NONE) return 1;
  return a.token > b.token ? -1 : 1;
}

/** Compares two Alpine package versions. */
export function compare(a: string, b: string): Ordering {
  const w = walk(a, b);
  return w.result !== 0 ? w.result : tail(w);
}

/** apk's fuzzy match (`~`): `a` starts with all of `b`'s tokens (3.6.9 ~ 3.6, but not 3.8.0 ~ 3.8.1). */
export function fuzzyMatches(a: string, b: string): boolean {
  const w = walk(a, b);
  if (w.result !== 0) return false;
  return w.b.token === Token.End || tail(w) === 0;
}

export function isValid(version: string): boolean {
  const t = new Tokenizer(version);
  while (t.state.token < Token.End) t.next();
  return t.state.token === Token.End;
}

export interface ApkVersion {
  version: string;
  /** The `-rN` package revision, 0 when absent. */
  revision: number;
}

/** Validates an Alpine version and splits off its revision. */
export function parse(version: string): ApkVersion {
  if (!isValid(version)) {
    throw new CertificationError(
      'VERSION_INVALID',
      `expected an Alpine version digit{.digit}{letter}{_suffix{N}}{~hash}{-rN}, got ${JSON.stringify(version)}`,
    );
  }
  const m = /^(.*)-r(\d+)$/.exec(version);
  return m ? { version: m[1], revision: Number(m[2]) } : { version, revision: 0 };
}
