import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests. `respond` decides the status of each request (default 200);
 * `delayMs` holds the answer back, to keep a delivery in flight.
 */
export async function startReceiver(options: { respond?: (index: number) => number; delayMs?: number } = {}) {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = received.length;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = () => {
        response.statusCode = options.respond ? options.respond(index) : 200;
        response.end('ok');
      };
      if (options.delayMs) setTimeout(reply, options.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a receiver should do: recompute the HMAC over `${timestamp}.${body}` and compare in constant time. */
export function signatureValid(secret: string, request: ReceivedRequest): boolean {
  const timestamp = String(request.headers['clientele-timestamp']);
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`);
  const given = Buffer.from(String(request.headers['clientele-signature']));
  return expected.length === given.length && timingSafeEqual(expected, given);
}
