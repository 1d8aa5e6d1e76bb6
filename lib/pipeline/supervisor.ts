import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

// The web server never runs the engine: it spawns worker child processes, restarts one that
// crashes (with backoff, reset after a minute of good health) and stops them on shutdown.

const root = path.resolve(import.meta.dirname, '..', '..');
export const WORKER_SCRIPT = path.join(root, 'scripts', 'worker.ts');

/** `node --import tsx scripts/worker.ts`: one process per worker, so a signal reaches the worker itself. */
export function spawnWorker(env: NodeJS.ProcessEnv, stdio: 'inherit' | 'pipe' = 'inherit'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], { cwd: root, env, stdio });
}

export interface WorkerPool {
  /** Current child processes (for tests and status). */
  children(): ChildProcess[];
  stop(): Promise<void>;
}

export interface WorkerPoolOptions {
  count: number;
  env: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Receive the workers' output line by line instead of sharing this process's stdout. */
  onOutput?: (line: string, worker: { index: number; pid: number | undefined }) => void;
}

export function startWorkerPool(opts: WorkerPoolOptions): WorkerPool {
  const log = opts.log ?? ((line: string) => console.log(`[workers] ${line}`));
  const slots: (ChildProcess | null)[] = Array.from({ length: opts.count }, () => null);
  const failures = Array.from({ length: opts.count }, () => 0);
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;

  const launch = (i: number) => {
    if (stopping) return;
    const started = Date.now();
    const child = spawnWorker(opts.env, opts.onOutput ? 'pipe' : 'inherit');
    slots[i] = child;
    if (opts.onOutput) {
      const onOutput = opts.onOutput;
      for (const stream of [child.stdout, child.stderr]) {
        let buffered = '';
        stream?.setEncoding('utf8');
        stream?.on('data', (chunk: string) => {
          buffered += chunk;
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) onOutput(line, { index: i, pid: child.pid });
        });
      }
    }
    child.on('exit', (code, signal) => {
      slots[i] = null;
      if (stopping) return;
      failures[i] = Date.now() - started > 60_000 ? 1 : failures[i]! + 1;
      const delay = Math.min(30_000, 500 * 2 ** (failures[i]! - 1));
      log(`worker ${i + 1} (pid ${child.pid}) exited with ${signal ?? code}; restarting in ${delay} ms`);
      const t = setTimeout(() => {
        timers.delete(t);
        launch(i);
      }, delay);
      timers.add(t);
    });
  };
  for (let i = 0; i < opts.count; i++) launch(i);
  if (opts.count > 0) log(`started ${opts.count} worker${opts.count === 1 ? '' : 's'}`);

  return {
    children: () => slots.filter((c): c is ChildProcess => c !== null),
    stop: async () => {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      const running = slots.filter((c): c is ChildProcess => c !== null && c.exitCode === null && c.signalCode === null);
      await Promise.all(
        running.map(
          (child) =>
            new Promise<void>((resolve) => {
              const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
              child.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
