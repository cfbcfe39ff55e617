import { Agent, request } from 'node:http';

/** Keep-alive, like a browser tab; sockets are pooled per loopback source address. */
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

export interface Response {
  status: number;
  body: string;
  cookies: string[];
}

/** Loopback source addresses in rotation: the per-IP limit (600 API requests a minute) guards against abuse, not a CRM's busy users. */
let addressCounter = 0;
export function nextAddress(): string {
  addressCounter = (addressCounter + 1) % 32;
  return `127.2.0.${addressCounter + 1}`;
}

export function send(port: number, method: 'GET' | 'POST', path: string, headers: Record<string, string>, payload?: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method, localAddress: nextAddress(), agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cookies: response.headers['set-cookie'] ?? [] }));
    });
    outgoing.setTimeout(60_000, () => outgoing.destroy(new Error(`${method} ${path} timed out`)));
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** Signs in over HTTP and returns the Cookie header of the session. */
export async function signIn(port: number, email: string, password: string): Promise<string> {
  const payload = JSON.stringify({ identifier: email, password });
  const response = await send(port, 'POST', '/api/auth/login', { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), origin: `http://127.0.0.1:${port}` }, payload);
  if (response.status !== 200) throw new Error(`sign-in of ${email} answered ${response.status}: ${response.body.slice(0, 200)}`);
  return response.cookies.map((cookie) => cookie.split(';')[0]).join('; ');
}

/** A GET as the web app makes it; anything but 200 is an error (a benchmark of error pages measures nothing). */
export async function getJson<T>(port: number, path: string, cookie: string): Promise<T> {
  const response = await send(port, 'GET', path, { cookie, accept: 'application/json' });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.body.slice(0, 200)}`);
  return JSON.parse(response.body) as T;
}

export function closeConnections(): void {
  agent.destroy();
}
