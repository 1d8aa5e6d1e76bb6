import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

// `npm test`: system tools, strict typecheck, every vitest suite, every browser test — in that
// order, stopping at the first failing step with its exit code. Each step's output streams through.
const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

// Command → the Debian package that provides it.
const TOOLS: Record<string, string> = {
  chromium: 'chromium',
  'docker-registry': 'docker-registry',
  skopeo: 'skopeo',
  umoci: 'umoci',
  rpm: 'rpm',
  rpmbuild: 'rpm',
  gpg: 'gnupg',
  tar: 'tar',
};

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function missingTools(): string[] {
  return Object.keys(TOOLS).filter((t) => !has(t));
}

function runSync(command: string, args: string[]): number {
  console.log(`$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status ?? 1;
}

async function checkTools(): Promise<number> {
  let missing = missingTools();
  if (missing.length === 0) {
    console.log(`All system tools present: ${Object.keys(TOOLS).join(', ')}.`);
    return 0;
  }
  const packages = [...new Set(missing.map((t) => TOOLS[t]!))];
  console.log(`Missing system tools: ${missing.join(', ')} (Debian packages: ${packages.join(' ')}).`);
  const isRoot = process.getuid?.() === 0;
  if (isRoot && has('apt-get')) {
    console.log('Running as root with apt-get: installing them.');
    if (runSync('apt-get', ['update']) !== 0 || runSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages]) !== 0) {
      console.error('apt-get failed; see its output above.');
      return 1;
    }
    missing = missingTools();
    if (missing.length === 0) return 0;
    console.error(`Still missing after apt-get install: ${missing.join(', ')}.`);
    return 1;
  }
  const sudo = isRoot ? '' : 'sudo ';
  console.error(`Install them, then run npm test again:\n  ${sudo}apt-get update && ${sudo}apt-get install -y ${packages.join(' ')}`);
  return 1;
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    console.log(`$ ${path.relative(root, command) || command} ${args.join(' ')}`);
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: process.env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 + 2 : 1));
    });
    child.on('error', (error) => {
      console.error(String(error));
      resolve(1);
    });
  });
}

// Counts read back from the runners' JSON reports, for the one closing line CI reads.
const counts = { passed: 0, failed: 0, skipped: 0 };

async function runVitest(): Promise<number> {
  const report = path.join(root, 'test-results', 'vitest.json');
  rmSync(report, { force: true });
  const code = await run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${path.relative(root, report)}`]);
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
    counts.passed += r.numPassedTests;
    counts.failed += r.numFailedTests;
    counts.skipped += r.numPendingTests;
  }
  return code;
}

async function runPlaywright(): Promise<number> {
  const report = path.join(root, 'test-results', 'playwright.json');
  rmSync(report, { force: true });
  process.env.PLAYWRIGHT_JSON_OUTPUT_NAME = report;
  const code = await run(bin('playwright'), ['test', '--reporter=list,json']);
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
    counts.passed += r.stats.expected + r.stats.flaky;
    counts.failed += r.stats.unexpected;
    counts.skipped += r.stats.skipped;
  }
  return code;
}

const STEPS: { name: string; run: () => Promise<number> }[] = [
  { name: 'system tools', run: checkTools },
  { name: 'typecheck (tsc --noEmit)', run: () => run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) },
  { name: 'lint (eslint)', run: () => run(bin('eslint'), ['.', '--max-warnings=0']) },
  { name: 'unit and integration tests (vitest)', run: runVitest },
  { name: 'browser tests (playwright)', run: runPlaywright },
];

const results: { name: string; seconds: number; code: number }[] = [];
let exitCode = 0;
for (const step of STEPS) {
  console.log(`\n▶ ${step.name}`);
  const started = Date.now();
  const code = await step.run();
  results.push({ name: step.name, seconds: (Date.now() - started) / 1000, code });
  if (code !== 0) {
    exitCode = code;
    break;
  }
}

console.log('\nSummary');
for (const r of results) console.log(`  ${r.code === 0 ? '✓' : '✗'} ${r.name.padEnd(38)} ${r.seconds.toFixed(1).padStart(7)} s${r.code === 0 ? '' : `  (exit ${r.code})`}`);
for (const s of STEPS.slice(results.length)) console.log(`  - ${s.name.padEnd(38)} not run`);
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(exitCode);
