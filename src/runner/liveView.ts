import type { LiveServer } from '../live/liveServer';
import type { ImpactOptions } from '../config/optionTable';
import type { ImpactStore } from '../store/ImpactStore';
import type { RunSelection } from '../store/runSelectionRecord';
import type { JestTestResult } from './jestTypes';
import { warn } from './output';

/**
 * The live view of one watch session. Jest makes a new runner for every watch run, but the runner
 * module stays loaded: the server is started by the first run and serves every later one. A server that
 * cannot start is reported once, and the runs go on without it.
 */
let server: Promise<LiveServer | undefined> | undefined;
let runs = 0;

export async function liveViewFor(port: number): Promise<LiveView | undefined> {
  // Loaded on first use: the server and its WebSocket library are for watch sessions with `live` on.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LiveServer: Server } = require('../live/liveServer') as typeof import('../live/liveServer');
  server ??= Server.start(port).catch((error: unknown) => {
    warn(error);
    return undefined;
  });
  const live = await server;
  return live ? new LiveView(live, ++runs) : undefined;
}

/** The report of the store as it is now, as the live view serves it (the report's modules load on first use). */
export function liveReportFiles(store: ImpactStore, rootDir: string, options: ImpactOptions, packageVersion: string): Map<string, string> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { buildReportModel } = require('../report/reportModel') as typeof import('../report/reportModel');
  const { reportFiles } = require('../report/reportFiles') as typeof import('../report/reportFiles');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return reportFiles(buildReportModel(store, rootDir, options, packageVersion), { live: true });
}

/** One watch run as the open pages see it: its plan, each test file's result, then the new map. */
export class LiveView {
  constructor(
    private readonly server: LiveServer,
    readonly run: number,
  ) {}

  /** The line the first run prints, with the address to open. */
  addressLines(): string[] {
    return this.run === 1 ? [`Impact live view: ${this.server.url} (follows every run of this watch session)`] : [];
  }

  /** Sent as soon as the run is planned; the map of the store so far is served from the first run on. */
  plan(selection: RunSelection, currentFiles: () => Map<string, string>): void {
    if (this.run === 1) this.server.setFiles(currentFiles());
    this.server.broadcast({ type: 'plan', run: this.run, selection });
  }

  fileResult(testPath: string, result: JestTestResult): void {
    const failed = Number(result.numFailingTests ?? 0);
    const stats = result.perfStats as { start?: number; end?: number } | undefined;
    this.server.broadcast({
      type: 'result',
      run: this.run,
      testPath,
      status: failed > 0 || result.testExecError ? 'failed' : 'passed',
      passed: Number(result.numPassingTests ?? 0),
      failed,
      durationMs: stats?.start && stats.end ? stats.end - stats.start : 0,
    });
  }

  /** The run's summary, then the new map: the pages reload their data. */
  finish(summary: string[], files: Map<string, string>): void {
    this.server.setFiles(files);
    this.server.broadcast({ type: 'done', run: this.run, summary });
    this.server.broadcast({ type: 'map', run: this.run });
  }
}
