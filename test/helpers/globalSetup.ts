import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INSTALLS, REPO_ROOT, WORK_DIR, ensureInstall, installDir, packPackage, type InstallName } from './installs';

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

/** Builds and packs the package once, and brings every shared Jest install up to date. */
export default async function globalSetup(): Promise<void> {
  withLock(() => {
    // Always from the current sources: the end-to-end tests run the packed build, never src/.
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    const tarball = packPackage();
    for (const name of Object.keys(INSTALLS) as InstallName[]) {
      const marker = path.join(installDir(name), '.installed');
      const wanted = `${path.basename(tarball)} ${JSON.stringify(INSTALLS[name])}`;
      if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) continue;
      ensureInstall(name, tarball);
      fs.writeFileSync(marker, wanted);
    }
  });
}
