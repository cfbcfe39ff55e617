import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../src/config.ts';
import { openDatabase, type DatabaseHandle } from '../src/db/client.ts';
import { buildApp, type AppContext } from '../src/http/app.ts';
import { createTestDatabaseUrl, loadPgliteTemplate } from './database.ts';

export const TEST_ORIGIN = 'http://localhost:3000';
export const STRONG_PASSWORD = 'plum orchard lantern 1987 river';

export interface TestApp {
  app: FastifyInstance;
  context: AppContext;
  config: Config;
  client(options?: { ip?: string; userAgent?: string; locale?: string }): TestClient;
  close(): Promise<void>;
}

/**
 * The real server (buildApp) on a fresh database: in-memory PGlite by default, a new database on the throwaway
 * PostgreSQL server in the PostgreSQL pass. Requests go through app.inject().
 */
export async function buildTestApp(environment: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabaseUrl();
  const config = loadConfig({ PUBLIC_URL: TEST_ORIGIN, LOG_LEVEL: 'silent', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...environment });
  config.inMemoryDatabase = true;
  const template = databaseUrl ? undefined : await loadPgliteTemplate();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, inMemory: true, template });
  return startTestApp(config, database);
}

/**
 * The real server on a database the caller opened. `keepDatabaseOpen`: close() leaves the database to the caller
 * (several apps sharing one PGlite stand for several processes).
 */
export async function startTestApp(config: Config, database: DatabaseHandle, options: { startJobs?: boolean; keepDatabaseOpen?: boolean } = {}): Promise<TestApp> {
  const { app, context } = await buildApp(config, { database, logger: false, ...(options.startJobs === undefined ? {} : { startJobs: options.startJobs }) });
  await app.ready();
  return {
    app,
    context,
    config,
    client: (clientOptions) => new TestClient(app, clientOptions),
    async close() {
      await app.close();
      if (!options.keepDatabaseOpen) await database.close();
    },
  };
}

/** A browser-like client: keeps cookies, sends the same-origin Origin header on state changes. */
export class TestClient {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly options: { ip?: string; userAgent?: string; locale?: string } = {},
  ) {}

  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const cookieHeader = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.app.inject({
      method,
      url,
      remoteAddress: this.options.ip ?? '127.0.0.1',
      headers: {
        'user-agent': this.options.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
        ...(this.options.locale ? { 'accept-language': this.options.locale } : {}),
        ...(method === 'GET' ? {} : { origin: TEST_ORIGIN }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookieHeader ? { cookie: cookieHeader } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    for (const cookie of response.cookies) {
      const expired = cookie.expires instanceof Date && cookie.expires.getTime() <= Date.now();
      if (cookie.value === '' || expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }

  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body, headers);
  }

  login(identifier: string, password: string, remember = false) {
    return this.post('/api/auth/login', { identifier, password, remember });
  }
}

export interface SetupResult {
  owner: TestClient;
  ownerEmail: string;
  orgName: string;
}

/** First-run setup through the API, returning the signed-in owner's client. */
export async function setupOrganization(testApp: TestApp, overrides: { email?: string; name?: string; orgName?: string; locale?: 'en' | 'zh-CN' } = {}): Promise<SetupResult> {
  const owner = testApp.client();
  const email = overrides.email ?? 'owner@acme.test';
  const orgName = overrides.orgName ?? 'Acme Trading';
  const response = await owner.post('/api/setup', { orgName, name: overrides.name ?? 'Wang Li', email, password: STRONG_PASSWORD, locale: overrides.locale ?? 'en' });
  if (response.statusCode !== 201) throw new Error(`setup failed: ${response.statusCode} ${response.body}`);
  return { owner, ownerEmail: email, orgName };
}

/** Invites and activates a member with the given role; returns their signed-in client. */
export async function createMember(testApp: TestApp, owner: TestClient, input: { email: string; name: string; role: string; password?: string }) {
  const invited = await owner.post('/api/members/invitations', { email: input.email, name: input.name, role: input.role });
  if (invited.statusCode !== 201) throw new Error(`invite failed: ${invited.statusCode} ${invited.body}`);
  const token = await testApp.context.identity.tokens.issue(invited.json<{ id: string }>().id, 'invite', 60);
  const member = testApp.client();
  const accepted = await member.post('/api/invitations/accept', { token, name: input.name, password: input.password ?? STRONG_PASSWORD });
  if (accepted.statusCode !== 200) throw new Error(`accept failed: ${accepted.statusCode} ${accepted.body}`);
  return { client: member, id: invited.json<{ id: string }>().id };
}
