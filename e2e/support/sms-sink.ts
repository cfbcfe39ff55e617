// A local stand-in for an SMS gateway: the server's `webhook` adapter POSTs {"to","text"} here.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from '@playwright/test';
import { startServer, type RunningServer, type StartServerOptions } from './server.ts';

export interface ReceivedSms {
  to: string;
  text: string;
}

export interface SmsSink {
  /** http://127.0.0.1:PORT/sms — the value for SMS_WEBHOOK_URL. */
  url: string;
  messages: ReceivedSms[];
  /** Resolves with the first message (already received or still to come) that matches. */
  waitForSms(predicate: (sms: ReceivedSms) => boolean, timeoutMs?: number): Promise<ReceivedSms>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16_384;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY_BYTES) {
        reject(new Error('SMS body too large'));
        request.destroy();
      }
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

export async function startSmsSink(): Promise<SmsSink> {
  const messages: ReceivedSms[] = [];
  const waiters: { predicate: (sms: ReceivedSms) => boolean; resolve: (sms: ReceivedSms) => void }[] = [];

  const server: Server = createServer((request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405).end();
      return;
    }
    readBody(request)
      .then((body) => {
        const parsed = JSON.parse(body) as { to?: unknown; text?: unknown };
        if (typeof parsed.to !== 'string' || typeof parsed.text !== 'string') {
          response.writeHead(400).end();
          return;
        }
        const sms = { to: parsed.to, text: parsed.text };
        messages.push(sms);
        for (const waiter of [...waiters]) {
          if (waiter.predicate(sms)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(sms);
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      })
      .catch(() => {
        response.writeHead(400).end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/sms`,
    messages,
    waitForSms(predicate, timeoutMs = 15_000) {
      const found = messages.find(predicate);
      if (found !== undefined) {
        return Promise.resolve(found);
      }
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (sms: ReceivedSms) => {
            clearTimeout(timer);
            resolve(sms);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`No matching SMS within ${timeoutMs} ms; received: ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ServerWithSms {
  server: RunningServer;
  sms: SmsSink;
}

/** Like useServer(), with the server's SMS provider set to `webhook` pointing at a local SMS sink. */
export function useServerWithSms(options: StartServerOptions = {}): () => ServerWithSms {
  let running: ServerWithSms | undefined;
  test.beforeAll(async () => {
    test.setTimeout(90_000);
    const sms = await startSmsSink();
    try {
      const server = await startServer({
        env: { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: sms.url, ...options.env },
      });
      running = { server, sms };
    } catch (error) {
      await sms.close();
      throw error;
    }
  });
  test.afterAll(async () => {
    await running?.server.stop();
    await running?.sms.close();
    running = undefined;
  });
  return () => {
    if (running === undefined) {
      throw new Error('useServerWithSms(): only available inside tests and hooks of this file.');
    }
    return running;
  };
}
