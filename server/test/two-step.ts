import { Secret, TOTP } from 'otpauth';
import { STRONG_PASSWORD, type TestApp, type TestClient } from './app.ts';

/** Test helpers for two-step verification: TOTP codes computed from the secret, enrolment and the second step. */

/** The code of the step `offset` steps away from now (30 s steps). */
export function totpCode(secret: string, offset = 0, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at + offset * 30_000 });
}

/** Waits (at most ~2 s) until the current 30 s step has at least 3 s left, so a computed code is not on an edge. */
export async function awayFromStepEdge(): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 3_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}

export interface EnrolledTotp {
  factorId: string;
  secret: string;
  recoveryCodes: string[] | null;
}

/** Adds and confirms an authenticator on a freshly signed-in (recently authenticated) client; uses step T−1. */
export async function enrolTotp(client: TestClient, name = 'Phone'): Promise<EnrolledTotp> {
  const started = await client.post('/api/me/two-step/totp', { name });
  if (started.statusCode !== 201) throw new Error(`enrol failed: ${started.statusCode} ${started.body}`);
  const { id, secret } = started.json<{ id: string; secret: string }>();
  await awayFromStepEdge();
  const confirmed = await client.post(`/api/me/two-step/totp/${id}/confirm`, { code: totpCode(secret, -1) });
  if (confirmed.statusCode !== 200) throw new Error(`confirm failed: ${confirmed.statusCode} ${confirmed.body}`);
  return { factorId: id, secret, recoveryCodes: confirmed.json<{ recoveryCodes: string[] | null }>().recoveryCodes };
}

export interface PendingSignIn {
  client: TestClient;
  challenge: string;
  methods: string[];
  status: number;
  setCookie: unknown;
}

/** The password step for a user with a factor: the challenge (no cookie expected). */
export async function passwordStep(testApp: TestApp, identifier: string, options: { ip?: string; userAgent?: string; client?: TestClient; password?: string } = {}): Promise<PendingSignIn> {
  const client = options.client ?? testApp.client({ ...(options.ip ? { ip: options.ip } : {}), ...(options.userAgent ? { userAgent: options.userAgent } : {}) });
  const response = await client.login(identifier, options.password ?? STRONG_PASSWORD);
  const body = response.json<{ challenge?: string; methods?: string[] }>();
  return { client, challenge: body.challenge ?? '', methods: body.methods ?? [], status: response.statusCode, setCookie: response.headers['set-cookie'] ?? null };
}

export function secondStep(client: TestClient, challenge: string, method: string, code: string) {
  return client.post('/api/auth/mfa', { challenge, method, code });
}

export function errorCode(response: { json<T>(): T }): string | undefined {
  return response.json<{ error?: { code: string } }>().error?.code;
}
