import * as http from 'node:http';
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import WebSocket from 'ws';
import { LiveServerError } from '../../src/errors';
import { LiveServer } from '../../src/live/liveServer';

/** A raw GET with exactly these headers (fetch would set Host and Origin itself). */
function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, headers, setHost: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** Opens the live socket; resolves with the first message, or rejects with the HTTP status of a refusal. */
function openSocket(url: string, origin: string | undefined, host?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { ...(origin ? { origin } : {}), ...(host ? { headers: { Host: host } } : {}) });
    socket.on('unexpected-response', (_request, response) => reject(new Error(`refused ${response.statusCode}`)));
    socket.on('error', reject);
    socket.on('message', (data: Buffer) => {
      resolve(data.toString());
      socket.close();
    });
  });
}

describe('live view server', () => {
  let server: LiveServer;
  let base: string;
  let host: string;
  let token: string;

  beforeAll(async () => {
    server = await LiveServer.start(0);
    server.setFiles(new Map([['index.html', '<p>report</p>'], ['data/index.js', 'impactReport.receive("index", {});']]));
    base = server.url;
    host = `127.0.0.1:${server.port}`;
    token = new URL(base).pathname.split('/')[1]!;
  });
  afterAll(() => server.close());

  test('listens on 127.0.0.1 only, at a URL that carries a random token', () => {
    expect(base).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/[A-Za-z0-9_-]{24}/$`));
  });

  test('serves the report files with the token', async () => {
    await expect(get(server.port, `/${token}/`, { Host: host })).resolves.toEqual({ status: 200, body: '<p>report</p>' });
    await expect(get(server.port, `/${token}/data/index.js?v=3`, { Host: `localhost:${server.port}`, Origin: `http://${host}` })).resolves.toEqual({
      status: 200,
      body: 'impactReport.receive("index", {});',
    });
  });

  test.each([
    ['no token', () => '/index.html', () => ({ Host: host }), 403, 'Refused: the token is missing or wrong.\n'],
    ['a wrong token', () => `/${'x'.repeat(24)}/index.html`, () => ({ Host: host }), 403, 'Refused: the token is missing or wrong.\n'],
    ['a foreign Host (DNS rebinding)', () => `/${token}/index.html`, () => ({ Host: 'evil.example' }), 403, 'Refused: Host evil.example is not this server.\n'],
    ['a foreign Origin', () => `/${token}/index.html`, () => ({ Host: host, Origin: 'http://evil.example' }), 403, 'Refused: Origin http://evil.example is not this server.\n'],
    ['a path outside the report', () => `/${token}/../../etc/passwd`, () => ({ Host: host }), 404, 'Refused: not a file of the report.\n'],
    ['an encoded path outside the report', () => `/${token}/..%2F..%2Fpackage.json`, () => ({ Host: host }), 404, 'Refused: not a file of the report.\n'],
    ['a file of the project that is not in the report', () => `/${token}/package.json`, () => ({ Host: host }), 404, 'Refused: not a file of the report.\n'],
  ])('refuses %s', async (_name, path, headers, status, body) => {
    await expect(get(server.port, path(), headers())).resolves.toEqual({ status, body });
  });

  test('pushes messages to a page of its own origin over the WebSocket', async () => {
    const message = openSocket(`ws://${host}/${token}/live`, `http://${host}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.broadcast({ type: 'plan', run: 1 });
    await expect(message).resolves.toBe('{"type":"plan","run":1}');
  });

  test.each([
    ['a foreign Origin', () => `ws://${host}/${token}/live`, 'http://evil.example', undefined],
    ['no Origin', () => `ws://${host}/${token}/live`, undefined, undefined],
    ['a wrong token', () => `ws://${host}/${'y'.repeat(24)}/live`, () => `http://${host}`, undefined],
    ['a foreign Host', () => `ws://${host}/${token}/live`, 'http://evil.example', 'evil.example'],
  ])('refuses a WebSocket with %s', async (_name, url, origin, hostHeader) => {
    await expect(openSocket(url(), typeof origin === 'function' ? origin() : origin, hostHeader)).rejects.toThrow('refused 403');
  });

  test('a port in use is a LiveServerError that says what to do', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const started = LiveServer.start(port);
      await expect(started).rejects.toThrow(LiveServerError);
      expect(await started.catch((error: LiveServerError) => error.toParagraph())).toBe(
        `Expected to serve the live view on 127.0.0.1:${port}, but another program listens on that port. Set the "live" option (JEST_IMPACT_LIVE) to true to pick a free port, or to another port number. This run went on without the live view. [E_LIVE]`,
      );
    } finally {
      blocker.close();
    }
  });
});
