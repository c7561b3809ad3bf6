import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { childEnvironment, FixtureProject } from './fixtureProject';
import { installDir } from './installs';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
}

interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { matrix?: Record<string, Array<string | number>> };
  steps: Step[];
}

interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

/** What one `run:` step printed, with the values the job ran it for. */
export interface StepOutput {
  job: string;
  matrix: Record<string, string | number>;
  command: string;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The GitHub context of one workflow run. */
export interface Trigger {
  runId: number;
  refName: string;
  headRef?: string;
}

/**
 * Runs a GitHub Actions workflow's jobs on this machine, in the order `needs` gives: every `run:` line as
 * the workflow has it (with `npx` finding the shared install's bins, and `npm ci` standing for the shared
 * install), and the few actions the CI recipe uses simulated on folders: checkout copies the repository
 * project, the cache keeps files by key (restore-keys match by prefix, the newest first), artifacts live
 * for one workflow run. An expression the simulation does not know fails the run.
 */
export class WorkflowRunner {
  private readonly workflow: Workflow;
  private readonly caches: string;
  private readonly checkouts: FixtureProject[] = [];

  constructor(
    file: string,
    private readonly repository: FixtureProject,
    private readonly workDir: string,
  ) {
    this.workflow = parse(fs.readFileSync(file, 'utf8')) as Workflow;
    this.caches = path.join(workDir, 'caches');
    fs.mkdirSync(this.caches, { recursive: true });
  }

  /** Runs every job of the workflow once; returns the output of each `run:` step. */
  run(trigger: Trigger): StepOutput[] {
    const artifacts = path.join(this.workDir, `artifacts-${trigger.runId}`);
    const outputs: StepOutput[] = [];
    const results = new Map<string, 'success' | 'failure'>();
    for (const [name, job] of this.jobsInOrder()) {
      const needs = [job.needs ?? []].flat();
      if (needs.some((need) => results.get(need) !== 'success') && job.if !== 'always()') {
        results.set(name, 'failure');
        continue;
      }
      const matrixEntries = Object.entries(job.strategy?.matrix ?? {});
      if (matrixEntries.length > 1) throw new Error(`Job ${name}: a matrix of more than one key is not simulated.`);
      const [key, values] = matrixEntries[0] ?? ['', ['']];
      let failed = false;
      for (const value of values) {
        const matrix: Record<string, string | number> = key ? { [key]: value } : {};
        if (!this.runJob(name, job, { trigger, matrix, artifacts }, outputs)) failed = true;
      }
      results.set(name, failed ? 'failure' : 'success');
    }
    return outputs;
  }

  remove(): void {
    for (const checkout of this.checkouts) checkout.remove();
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }

  private jobsInOrder(): Array<[string, Job]> {
    const ordered: Array<[string, Job]> = [];
    const visit = (name: string) => {
      if (ordered.some(([done]) => done === name)) return;
      const job = this.workflow.jobs[name];
      if (!job) throw new Error(`Unknown job ${name}.`);
      for (const need of [job.needs ?? []].flat()) visit(need);
      ordered.push([name, job]);
    };
    for (const name of Object.keys(this.workflow.jobs)) visit(name);
    return ordered;
  }

  private runJob(
    name: string,
    job: Job,
    run: { trigger: Trigger; matrix: Record<string, string | number>; artifacts: string },
    outputs: StepOutput[],
  ): boolean {
    const { trigger, matrix } = run;
    const expressions: Record<string, string> = {
      'github.head_ref || github.ref_name': trigger.headRef ?? trigger.refName,
      'github.run_id': String(trigger.runId),
      'github.run_attempt': '1',
      ...Object.fromEntries(Object.entries(matrix).map(([key, value]) => [`matrix.${key}`, String(value)])),
    };
    const substitute = (text: string): string =>
      text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_all, expression: string) => {
        const value = expressions[expression];
        if (value === undefined) throw new Error(`Job ${name}: the expression \${{ ${expression} }} is not simulated.`);
        return value;
      });
    for (const [key, value] of Object.entries(this.workflow.env ?? {})) expressions[`env.${key}`] = substitute(value);

    let checkout: FixtureProject | undefined;
    let failed = false;
    for (const step of job.steps) {
      if (failed && step.if !== 'always()') continue;
      const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, substitute(String(value))]));
      if (step.uses) {
        if (step.uses.startsWith('actions/checkout@')) {
          checkout = this.repository.clone();
          this.checkouts.push(checkout);
        } else if (step.uses.startsWith('actions/setup-node@')) {
          // The machine's Node.
        } else {
          if (!checkout) throw new Error(`Job ${name}: ${step.uses} before actions/checkout.`);
          this.simulateAction(step.uses, inputs, checkout.dir, run.artifacts);
        }
        continue;
      }
      if (!step.run) throw new Error(`Job ${name}: a step with neither uses nor run.`);
      if (!checkout) throw new Error(`Job ${name}: a run step before actions/checkout.`);
      if (step.run.trim() === 'npm ci') continue; // the shared install
      const command = substitute(step.run);
      const bin = path.join(installDir(checkout.install), 'node_modules', '.bin');
      const result = spawnSync('bash', ['-eo', 'pipefail', '-c', command.replace(/\bnpx /g, '')], {
        cwd: checkout.dir,
        env: childEnvironment({ PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}`, CI: 'true' }),
        encoding: 'utf8',
        timeout: 180_000,
      });
      outputs.push({ job: name, matrix, command, status: result.status, stdout: result.stdout, stderr: result.stderr });
      if (result.status !== 0) failed = true;
    }
    return !failed;
  }

  private simulateAction(uses: string, inputs: Record<string, string>, dir: string, artifacts: string): void {
    const action = uses.replace(/@.*$/, '');
    switch (action) {
      case 'actions/cache/restore': {
        const keys = [inputs['key']!, ...(inputs['restore-keys'] ?? '').split('\n').map((line) => line.trim()).filter(Boolean)];
        const saved = fs.readdirSync(this.caches).map((key) => ({ key, at: fs.statSync(path.join(this.caches, key)).mtimeMs }));
        for (const wanted of keys) {
          const hit = saved.filter(({ key }) => key === wanted || key.startsWith(wanted)).sort((a, b) => b.at - a.at)[0];
          if (hit) {
            fs.mkdirSync(path.dirname(path.join(dir, inputs['path']!)), { recursive: true });
            fs.cpSync(path.join(this.caches, hit.key), path.join(dir, inputs['path']!), { recursive: true });
            return;
          }
        }
        return;
      }
      case 'actions/cache/save': {
        const target = path.join(this.caches, inputs['key']!);
        if (fs.existsSync(target)) return; // cache entries are immutable
        fs.cpSync(path.join(dir, inputs['path']!), target, { recursive: true });
        return;
      }
      case 'actions/upload-artifact': {
        const source = path.join(dir, inputs['path']!);
        if (!fs.existsSync(source)) return;
        fs.mkdirSync(path.join(artifacts, inputs['name']!), { recursive: true });
        fs.cpSync(source, path.join(artifacts, inputs['name']!, path.basename(source)));
        return;
      }
      case 'actions/download-artifact': {
        if (inputs['merge-multiple'] !== 'true') throw new Error('download-artifact without merge-multiple is not simulated.');
        const pattern = new RegExp(`^${(inputs['pattern'] ?? '*').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
        const target = path.join(dir, inputs['path'] ?? '.');
        fs.mkdirSync(target, { recursive: true });
        for (const name of fs.existsSync(artifacts) ? fs.readdirSync(artifacts) : []) {
          if (pattern.test(name)) fs.cpSync(path.join(artifacts, name), target, { recursive: true });
        }
        return;
      }
      default:
        throw new Error(`The action ${uses} is not simulated.`);
    }
  }
}
