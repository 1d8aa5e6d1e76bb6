// Reads the atomic `RUN`/`INSTALL` command labels the way a shell would split them, and finds the
// podman/docker flags that give a container host-level power.

const DANGEROUS_CAPS = new Set(['SYS_ADMIN', 'NET_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'ALL']);
const HOST_NAMESPACE_FLAGS = new Set(['--net', '--network', '--pid', '--ipc', '--userns', '--uts', '--cgroupns']);
const ENGINE_SOCKETS = /(?:^|\/)(?:docker|podman|containerd|crio|cri-dockerd)\.sock$/;
const SOCKET_DIRS = new Set(['/run', '/var/run', '/run/podman', '/var/run/docker', '/run/containerd', '/var/run/crio', '/run/docker']);
const VALUE_FLAGS = new Set(['--cap-add', '--privileged', '--security-opt', '-v', '--volume', '--mount', ...HOST_NAMESPACE_FLAGS]);

/** POSIX-shell-like word splitting: quotes and backslashes, no expansion. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      cur += text.slice(i + 1, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
      inWord = true;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1]!)) i++;
        cur += text[i];
        i++;
      }
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(c) || c === ';' || c === '&' || c === '|') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

function normalizeSource(src: string): string {
  const parts = src.split('/').filter((p) => p !== '' && p !== '.');
  return `/${parts.join('/')}`;
}

function mountProblem(source: string): string | undefined {
  if (!source.startsWith('/')) return undefined;
  const src = normalizeSource(source);
  if (src === '/') return 'mounts the host root filesystem';
  if (ENGINE_SOCKETS.test(src)) return "mounts the container engine's socket";
  if (SOCKET_DIRS.has(src)) return "mounts the directory holding the container engine's socket";
  return undefined;
}

const TRUE_VALUES = new Set(['', 'true', '1', 't', 'yes']);

/** One dangerous flag: `flag` quotes the label's words; `why` explains. */
export interface DangerousFlag {
  flag: string;
  why: string;
}

function judge(name: string, value: string | undefined, quoted: string): DangerousFlag[] {
  const out: DangerousFlag[] = [];
  const v = (value ?? '').trim();
  switch (name) {
    case '--privileged':
      if (TRUE_VALUES.has(v.toLowerCase())) out.push({ flag: quoted, why: 'runs the container privileged' });
      break;
    case '--cap-add':
      for (const raw of v.split(',')) {
        const cap = raw.trim().toUpperCase().replace(/^CAP_/, '');
        if (DANGEROUS_CAPS.has(cap)) out.push({ flag: quoted, why: `adds capability ${cap}` });
      }
      break;
    case '--security-opt': {
      const opt = v.toLowerCase().replace(':', '=');
      if (/^label=(?:disable|disabled)$/.test(opt) || /^label=type=spc_t$/.test(opt.replace(/:/g, '='))) out.push({ flag: quoted, why: 'disables SELinux separation' });
      else if (/^seccomp=unconfined$/.test(opt)) out.push({ flag: quoted, why: 'disables seccomp' });
      else if (/^apparmor=unconfined$/.test(opt)) out.push({ flag: quoted, why: 'disables AppArmor' });
      else if (/^systempaths=unconfined$/.test(opt)) out.push({ flag: quoted, why: 'unmasks kernel paths' });
      break;
    }
    case '-v':
    case '--volume': {
      const problem = mountProblem(v.split(':')[0]!);
      if (problem) out.push({ flag: quoted, why: problem });
      break;
    }
    case '--mount': {
      const kv = Object.fromEntries(
        v.split(',').map((p) => {
          const eq = p.indexOf('=');
          return eq < 0 ? [p.trim().toLowerCase(), ''] : [p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim()];
        }),
      );
      const problem = mountProblem(kv.source ?? kv.src ?? '');
      if (problem) out.push({ flag: quoted, why: problem });
      break;
    }
    default:
      if (HOST_NAMESPACE_FLAGS.has(name) && v.toLowerCase() === 'host') out.push({ flag: quoted, why: `shares the host's ${name.slice(2)} namespace` });
  }
  return out;
}

/** Dangerous flags in one label's command line, including commands nested in quoted `sh -c` strings. */
export function dangerousFlags(label: string, depth = 0): DangerousFlag[] {
  const words = shellWords(label);
  const out: DangerousFlag[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (depth < 3 && /\s/.test(word)) out.push(...dangerousFlags(word, depth + 1));
    if (!word.startsWith('-')) continue;
    const eq = word.indexOf('=');
    let name = (eq < 0 ? word : word.slice(0, eq)).toLowerCase();
    let value = eq < 0 ? undefined : word.slice(eq + 1);
    if (!name.startsWith('--') && name.startsWith('-v') && name.length > 2) {
      value = word.slice(2).replace(/^=/, '');
      name = '-v';
    }
    if (!VALUE_FLAGS.has(name)) continue;
    let quoted = word;
    if (value === undefined && name !== '--privileged' && i + 1 < words.length) {
      value = words[++i];
      quoted = `${word} ${value}`;
    }
    out.push(...judge(name, value, quoted));
  }
  return out;
}
