import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INSTALLS, PACKED_TARBALL, REPO_ROOT, WORK_DIR, ensureInstall, installDir, packPackage, type InstallName } from './installs';

const LOCK_DIR = path.join(WORK_DIR, 'setup.lock');

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Two `jest` runs of this suite at once must not install into the same folders together. */
function withLock(work: () => void): void {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${LOCK_DIR}; delete it if no test run is going on.`);
      sleep(500);
    }
  }
  try {
    work();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function fileHash(file: string): string {
  return createHash('sha1').update(fs.readFileSync(file)).digest('hex');
}

/** Builds and packs the package once, and brings every shared Jest install up to date. */
export default async function globalSetup(): Promise<void> {
  withLock(() => {
    if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'index.js'))) {
      execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    }
    packPackage();
    const tarball = fileHash(PACKED_TARBALL);
    for (const name of Object.keys(INSTALLS) as InstallName[]) {
      const marker = path.join(installDir(name), '.installed');
      const wanted = `${tarball} ${JSON.stringify(INSTALLS[name])}`;
      if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) continue;
      ensureInstall(name);
      fs.writeFileSync(marker, wanted);
    }
  });
}
