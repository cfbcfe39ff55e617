import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { bareHost, isAddressAllowed, urlProblem } from './webhook-address.ts';

export const DELIVERY_TIMEOUT_MS = 10_000;
/** Only the start of a response is kept (for the log); the rest is never read. */
export const RESPONSE_BYTES_KEPT = 4096;

/** Why an attempt failed, stored in the delivery log and translated by the web app. */
export type DeliveryErrorCode = 'http_status' | 'redirect' | 'timeout' | 'address_refused' | 'dns_failed' | 'connection_failed' | 'invalid_url';

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: DeliveryErrorCode | null;
  durationMs: number;
  responseBody: string;
}

export interface SendInput {
  url: string;
  body: string;
  headers: Record<string, string>;
  allowPrivate: boolean;
  timeoutMs?: number;
}

/**
 * Resolves the host now and refuses when ANY of its addresses is forbidden (metadata, link-local, multicast…) or
 * private without WEBHOOKS_ALLOW_PRIVATE; then connects to exactly the address that was checked (a pinned lookup), so a
 * DNS answer that changes between check and connect (rebinding) cannot redirect the request.
 */
async function resolveChecked(url: URL, allowPrivate: boolean): Promise<{ address: string; family: number } | DeliveryErrorCode> {
  const host = bareHost(url);
  let addresses: { address: string; family: number }[];
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await dnsLookup(host, { all: true, verbatim: true });
    } catch {
      return 'dns_failed';
    }
  }
  const first = addresses[0];
  if (!first || addresses.some((entry) => !isAddressAllowed(entry.address, allowPrivate))) return 'address_refused';
  return first;
}

/** One signed POST: 10 s for the whole exchange, redirects never followed (3xx is a failure), ≤ 4 KB of the reply read. */
export async function sendWebhook(input: SendInput): Promise<SendOutcome> {
  const started = performance.now();
  const outcome = (ok: boolean, statusCode: number | null, error: DeliveryErrorCode | null, responseBody = ''): SendOutcome => ({
    ok,
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
    responseBody,
  });
  if (urlProblem(input.url, input.allowPrivate) !== null) return outcome(false, null, 'invalid_url');
  const url = new URL(input.url);
  const target = await resolveChecked(url, input.allowPrivate);
  if (typeof target === 'string') return outcome(false, null, target);
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const timeoutMs = input.timeoutMs ?? DELIVERY_TIMEOUT_MS;

  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const finish = (result: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const request = send(url, { method: 'POST', headers: { ...input.headers, 'content-length': String(Buffer.byteLength(input.body)) }, lookup: pinned, agent: false }, (response: IncomingMessage) => {
      const statusCode = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let kept = 0;
      const done = () => {
        const text = Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_BYTES_KEPT);
        if (statusCode >= 200 && statusCode < 300) finish(outcome(true, statusCode, null, text));
        else finish(outcome(false, statusCode, statusCode >= 300 && statusCode < 400 ? 'redirect' : 'http_status', text));
      };
      response.on('data', (chunk: Buffer) => {
        if (kept >= RESPONSE_BYTES_KEPT) return;
        chunks.push(chunk.subarray(0, RESPONSE_BYTES_KEPT - kept));
        kept += Math.min(chunk.length, RESPONSE_BYTES_KEPT - kept);
        // Enough for the log: stop reading rather than let a receiver stream megabytes at the worker.
        if (kept >= RESPONSE_BYTES_KEPT) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    const timer = setTimeout(() => finish(outcome(false, null, 'timeout')), timeoutMs);
    request.on('error', () => finish(outcome(false, null, 'connection_failed')));
    request.end(input.body);
  });
}
