import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONSE_BYTES_KEPT, sendWebhook } from './webhook-sender.ts';

/** The HTTP client itself, against a real server on 127.0.0.1: redirects, huge answers, slow receivers. */
describe('webhook sender', () => {
  let server: Server;
  let base = '';
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push(request.url ?? '');
      if (request.url === '/redirect') {
        response.writeHead(302, { location: '/target' }).end();
      } else if (request.url === '/huge') {
        response.writeHead(200);
        // 1 MiB in 64 KiB pieces; the sender stops reading after a few KB.
        let sent = 0;
        const push = () => {
          while (sent < 16 && response.write(Buffer.alloc(65_536, 120))) sent++;
          if (sent < 16) response.once('drain', push);
          else response.end();
        };
        push();
      } else if (request.url === '/slow') {
        setTimeout(() => response.writeHead(200).end('late'), 1500);
      } else {
        response.writeHead(200).end('ok');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const send = (path: string, timeoutMs?: number) => sendWebhook({ url: `${base}${path}`, body: '{}', headers: { 'content-type': 'application/json' }, allowPrivate: true, ...(timeoutMs ? { timeoutMs } : {}) });

  it('does not follow redirects: a 3xx is a failed attempt and the target is never requested', async () => {
    expect(await send('/redirect')).toMatchObject({ ok: false, statusCode: 302, error: 'redirect' });
    expect(hits).not.toContain('/target');
  });

  it('keeps at most a few KB of the answer', async () => {
    const outcome = await send('/huge');
    expect(outcome).toMatchObject({ ok: true, statusCode: 200 });
    expect(outcome.responseBody.length).toBeLessThanOrEqual(RESPONSE_BYTES_KEPT);
  });

  it('gives up on a slow receiver when the time is up', async () => {
    expect(await send('/slow', 300)).toMatchObject({ ok: false, error: 'timeout', statusCode: null });
    expect(await send('/')).toMatchObject({ ok: true, statusCode: 200, responseBody: 'ok' });
  });
});
