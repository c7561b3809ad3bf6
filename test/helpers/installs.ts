import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const WORK_DIR = path.join(REPO_ROOT, 'test', '.work');

/**
 * One shared install per Jest version: fixture projects are copied under `<install>/projects/`, so
 * Node's resolution finds jest and the packed jest-runner-impact in `<install>/node_modules`.
 */
export const INSTALLS = {
  jest30: {
    jest: '30.5.2',
    extra: ['babel-jest@30.5.2', 'jest-environment-jsdom@30.5.2', 'jest-jasmine2@30.5.2', 'ts-jest@29.4.15', 'typescript@5.9.3'],
  },
  jest29: {
    jest: '29.7.0',
    extra: ['babel-jest@29.7.0', 'jest-environment-jsdom@29.7.0', 'ts-jest@29.4.15', 'typescript@5.9.3'],
  },
  /** jest-circus before 29.6 has no test_started event. */
  jest29early: { jest: '29.5.0', extra: ['babel-jest@29.5.0'] },
  jest28: { jest: '28.1.3', extra: ['babel-jest@28.1.3'] },
  jest27: { jest: '27.5.1', extra: ['babel-jest@27.5.1'] },
  /** An unsupported major, for the version check. */
  jest26: { jest: '26.6.3', extra: [], peerConflict: true },
} as const;

export type InstallName = keyof typeof INSTALLS;

const SHARED_EXTRAS = ['@babel/core@7.28.5', '@babel/preset-env@7.28.5', '@babel/preset-typescript@7.28.5'];

export function installDir(name: InstallName): string {
  return path.join(WORK_DIR, 'installs', name);
}

/**
 * Packs the package into a tarball named by its content hash. A new name for new contents is what
 * makes npm install it: a `file:` dependency whose path stays the same keeps the lockfile's integrity
 * and npm restores the cached old contents.
 */
export function packPackage(): string {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', WORK_DIR], { cwd: REPO_ROOT, encoding: 'utf8' });
  const [packed] = JSON.parse(output) as Array<{ filename: string }>;
  const fresh = path.join(WORK_DIR, path.basename(packed!.filename));
  const hash = createHash('sha1').update(fs.readFileSync(fresh)).digest('hex').slice(0, 16);
  const tarball = path.join(WORK_DIR, `jest-runner-impact-${hash}.tgz`);
  for (const old of fs.readdirSync(WORK_DIR)) {
    if (/^jest-runner-impact-[0-9a-f]{16}\.tgz$/.test(old)) fs.rmSync(path.join(WORK_DIR, old));
  }
  fs.renameSync(fresh, tarball);
  return tarball;
}

export function ensureInstall(name: InstallName, tarball: string): void {
  const dir = installDir(name);
  fs.mkdirSync(path.join(dir, 'projects'), { recursive: true });
  const spec = INSTALLS[name];
  const dependencies: Record<string, string> = { jest: spec.jest, 'jest-runner-impact': `file:${tarball}` };
  for (const entry of [...spec.extra, ...SHARED_EXTRAS]) {
    const at = entry.lastIndexOf('@');
    dependencies[entry.slice(0, at)] = entry.slice(at + 1);
  }
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `e2e-${name}`, private: true, dependencies }, null, 2)}\n`);
  // Jest 26 is outside the peer range on purpose: it is how a user ends up with an unsupported version.
  const peerFlag = 'peerConflict' in spec ? ['--legacy-peer-deps'] : [];
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...peerFlag], { cwd: dir, stdio: 'inherit' });
}
