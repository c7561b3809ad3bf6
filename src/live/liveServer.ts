import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { LiveServerError } from '../errors';

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** Why a request was refused, or undefined when it may be served. */
export type Refusal = { status: 403 | 404 | 405; reason: string };

/**
 * The live view's server: the report's files from memory, read-only, and a WebSocket that pushes each
 * watch run to the open pages. It listens on 127.0.0.1 only; every request must carry the random token
 * as the first path segment (the printed URL has it), name 127.0.0.1 or localhost on this port as its
 * Host (a DNS-rebinding page names its own host), and come from this origin when it has one (a WebSocket
 * always has one). Only the report's own file names are served: no path reaches the file system.
 */
export class LiveServer {
  private files = new Map<string, string>();
  private readonly sockets = new Set<WebSocket>();

  private constructor(
    private readonly server: http.Server,
    private readonly webSockets: WebSocketServer,
    readonly port: number,
    private readonly token: string,
  ) {}

  /** Starts listening; port 0 picks a free port. A port in use is a LiveServerError. */
  static async start(port: number): Promise<LiveServer> {
    const token = randomBytes(18).toString('base64url');
    const webSockets = new WebSocketServer({ noServer: true });
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new LiveServerError(
                `Expected to serve the live view on 127.0.0.1:${port}, but another program listens on that port.`,
                'Set the "live" option (JEST_IMPACT_LIVE) to true to pick a free port, or to another port number. This run went on without the live view.',
              )
            : new LiveServerError(`Expected to serve the live view on 127.0.0.1:${port}, got ${error.message}.`, 'Set "live" to true to pick a free port. This run went on without the live view.', { cause: error }),
        );
      });
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const live = new LiveServer(server, webSockets, (server.address() as { port: number }).port, token);
    server.on('request', (request, response) => live.serve(request, response));
    server.on('upgrade', (request, socket, head) => live.upgrade(request, socket, head));
    server.on('connection', (socket) => socket.unref());
    // The live view never keeps Jest running: it ends with the watch process.
    server.unref();
    return live;
  }

  /** The address to open: the report's index, with the token. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/${this.token}/`;
  }

  /** Replaces the files the server hands out (a new map after a run). */
  setFiles(files: Map<string, string>): void {
    this.files = files;
  }

  /** Sends a message to every open page. */
  broadcast(message: unknown): void {
    const text = JSON.stringify(message);
    for (const socket of this.sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  }

  get openPages(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.webSockets.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The checks every HTTP and WebSocket request passes; returns the report file it names. */
  check(request: http.IncomingMessage, websocket: boolean): { file: string } | Refusal {
    const allowedHosts = [`127.0.0.1:${this.port}`, `localhost:${this.port}`];
    if (!allowedHosts.includes(request.headers.host ?? '')) return { status: 403, reason: `Host ${request.headers.host ?? '(none)'} is not this server` };
    const origin = request.headers.origin;
    if ((origin !== undefined || websocket) && !allowedHosts.some((host) => origin === `http://${host}`)) {
      return { status: 403, reason: `Origin ${origin ?? '(none)'} is not this server` };
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return { status: 405, reason: `${request.method} is not served` };
    const pathname = (request.url ?? '/').split('?')[0]!;
    const [, token = '', ...rest] = pathname.split('/');
    if (!sameToken(token, this.token)) return { status: 403, reason: 'the token is missing or wrong' };
    let file: string;
    try {
      file = decodeURIComponent(rest.join('/')) || 'index.html';
    } catch {
      return { status: 404, reason: 'not a file of the report' };
    }
    if (websocket) return file === 'live' ? { file } : { status: 404, reason: 'not the live socket' };
    return this.files.has(file) ? { file } : { status: 404, reason: 'not a file of the report' };
  }

  private serve(request: http.IncomingMessage, response: http.ServerResponse): void {
    const checked = this.check(request, false);
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' };
    if ('status' in checked) {
      response.writeHead(checked.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(`Refused: ${checked.reason}.\n`);
      return;
    }
    const body = this.files.get(checked.file)!;
    const type = CONTENT_TYPES[checked.file.slice(checked.file.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    response.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  private upgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const checked = this.check(request, true);
    if ('status' in checked) {
      socket.end(`HTTP/1.1 ${checked.status} Refused\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nRefused: ${checked.reason}.\n`);
      return;
    }
    this.webSockets.handleUpgrade(request, socket, head, (webSocket) => {
      this.sockets.add(webSocket);
      webSocket.on('close', () => this.sockets.delete(webSocket));
      webSocket.on('error', () => this.sockets.delete(webSocket));
    });
  }
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
