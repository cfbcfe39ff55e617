import type { HTTPMethods, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STRONG_PASSWORD,
  TEST_ORIGIN,
  buildTestApp,
  createMember,
  setupOrganization,
  type TestApp,
  type TestClient,
} from '../../test/app.ts';
import { auditEvents, users } from '../db/schema.ts';
import { translate } from '../i18n/i18n.ts';

/** HD-01 … HD-06 and PW-02/PW-09 at the HTTP edge: CSRF, content types, limits, errors, headers, well-known URLs. */

const SESSION_COOKIE = 'clientele_session';
const HTTPS_ORIGIN = 'https://crm.example.test';

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

describe('HTTP hardening', () => {
  let testApp: TestApp;
  let owner: TestClient;
  let sales: { client: TestClient; id: string };
  const responses: LightMyRequestResponse[] = [];

  beforeAll(async () => {
    testApp = await buildTestApp();
    ({ owner } = await setupOrganization(testApp));
    sales = await createMember(testApp, owner, { email: 'sales@acme.test', name: 'Zhao Min', role: 'sales' });
  });
  afterAll(() => testApp.close());

  /** A request with exactly the given headers (plus the owner's cookie unless told otherwise); no Origin is added. */
  async function send(
    method: HTTPMethods,
    url: string,
    options: { payload?: string; headers?: Record<string, string>; anonymous?: boolean } = {},
  ) {
    const token = owner.cookies.get(SESSION_COOKIE) ?? '';
    const response = await testApp.app.inject({
      method,
      url,
      headers: {
        'user-agent': 'hardening-test',
        ...(options.anonymous ? {} : { cookie: `${SESSION_COOKIE}=${token}` }),
        ...options.headers,
      },
      ...(options.payload === undefined ? {} : { payload: options.payload }),
    });
    responses.push(response);
    return response;
  }

  function json(body: unknown, headers: Record<string, string> = {}) {
    return { payload: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
  }

  function expectError(response: LightMyRequestResponse, status: number, code: string) {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json<ErrorBody>();
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(Object.keys(body)).toEqual(['error']);
  }

  async function auditCount() {
    return (await testApp.context.database.db.select().from(auditEvents)).length;
  }

  it('HD-05: refuses state changes without a same-origin Origin, with no side effect', async () => {
    const before = await auditCount();
    const refusedOrigins: Record<string, string>[] = [
      {},
      { origin: 'https://evil.test' },
      { origin: 'null' },
      { origin: 'http://localhost:3000.evil.test' },
      { origin: 'http://localhost:3001' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.test', 'sec-fetch-site': 'same-origin' },
      { referer: `${TEST_ORIGIN}/settings` },
    ];
    for (const headers of refusedOrigins) {
      const attempts = [
        await send('POST', '/api/auth/login', {
          ...json({ identifier: 'owner@acme.test', password: STRONG_PASSWORD }, headers),
          anonymous: true,
        }),
        await send('POST', '/api/auth/logout', { headers }),
        await send(
          'POST',
          '/api/members/invitations',
          json({ email: 'csrf@evil.test', name: 'Csrf', role: 'owner' }, headers),
        ),
        await send('PATCH', `/api/members/${sales.id}`, json({ role: 'admin' }, headers)),
        await send('PUT', '/api/security-policy', json({ policy: {} }, headers)),
        await send(
          'POST',
          '/api/auth/password/change',
          json({ currentPassword: STRONG_PASSWORD, newPassword: 'attacker chosen phrase 4411 x' }, headers),
        ),
        await send('POST', '/api/auth/sessions/revoke-others', { headers }),
      ];
      for (const response of attempts) {
        expectError(response, 403, 'csrf_rejected');
        expect(response.headers['set-cookie']).toBeUndefined();
      }
    }
    expect(await auditCount()).toBe(before);
    expect((await owner.get('/api/auth/session')).statusCode).toBe(200);
    const [salesRow] = (await testApp.context.database.db.select().from(users)).filter((row) => row.id === sales.id);
    expect(salesRow?.role).toBe('sales');
    expect((await testApp.client({ ip: '192.0.2.77' }).login('sales@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
  });

  it('HD-05: accepts Sec-Fetch-Site: same-origin when a browser omits Origin', async () => {
    const response = await send(
      'POST',
      '/api/auth/password/check',
      json({ password: 'some candidate password' }, { 'sec-fetch-site': 'same-origin' }),
    );
    expect(response.statusCode).toBe(200);
  });

  it('HD-05: accepts only application/json bodies (415 for form and text bodies, nothing happens)', async () => {
    const before = await auditCount();
    const login = JSON.stringify({ identifier: 'owner@acme.test', password: STRONG_PASSWORD });
    for (const contentType of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
    ]) {
      const response = await send('POST', '/api/auth/login', {
        payload: login,
        headers: { 'content-type': contentType, origin: TEST_ORIGIN },
        anonymous: true,
      });
      expectError(response, 415, 'unsupported_media_type');
      expect(response.headers['set-cookie']).toBeUndefined();
      const invite = await send('POST', '/api/members/invitations', {
        payload: 'email=form%40evil.test&name=Form&role=admin',
        headers: { 'content-type': contentType, origin: TEST_ORIGIN },
      });
      expectError(invite, 415, 'unsupported_media_type');
    }
    expect(await auditCount()).toBe(before);
    expect(
      (await owner.get('/api/members')).json<{ email: string }[]>().some((member) => member.email === 'form@evil.test'),
    ).toBe(false);
  });

  it('rejects malformed JSON, unknown fields and wrong types with 400 and details', async () => {
    const origin = { origin: TEST_ORIGIN };
    expectError(
      await send('POST', '/api/auth/login', {
        payload: '{"identifier": "owner@acme.test", ',
        headers: { 'content-type': 'application/json', ...origin },
      }),
      400,
      'malformed_json',
    );
    expectError(
      await send('POST', '/api/auth/login', {
        payload: '',
        headers: { 'content-type': 'application/json', ...origin },
      }),
      400,
      'malformed_json',
    );

    const unknown = await send(
      'POST',
      '/api/auth/login',
      json({ identifier: 'owner@acme.test', password: 'x', role: 'owner' }, origin),
    );
    expectError(unknown, 400, 'validation_failed');
    expect(unknown.json<ErrorBody>().error.details?.length).toBeGreaterThan(0);

    const wrongTypes = await send(
      'POST',
      '/api/auth/login',
      json({ identifier: ['owner@acme.test'], password: 12345, remember: 'yes' }, origin),
    );
    expectError(wrongTypes, 400, 'validation_failed');
    const paths = (wrongTypes.json<ErrorBody>().error.details ?? []).map((detail) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['identifier', 'password', 'remember']));

    expectError(
      await send('PATCH', `/api/members/${sales.id}`, json({ role: 'owner', isAdmin: true }, origin)),
      400,
      'validation_failed',
    );
    expectError(await send('PUT', '/api/security-policy', json({ policy: null }, origin)), 400, 'validation_failed');
    expectError(
      await send(
        'POST',
        '/api/members/invitations',
        json({ email: 'not-an-email', name: 'X', role: 'viewer' }, origin),
      ),
      400,
      'validation_failed',
    );
  });

  it('PW-02: refuses oversized bodies (413) and passwords before hashing', async () => {
    const origin = { origin: TEST_ORIGIN };
    const padding = 'x'.repeat(100 * 1024);
    expectError(
      await send(
        'POST',
        '/api/members/invitations',
        json({ email: 'big@acme.test', name: padding, role: 'viewer' }, origin),
      ),
      413,
      'body_too_large',
    );
    const hugePassword = 'p'.repeat(1024 * 1024);
    expectError(
      await send('POST', '/api/auth/login', {
        ...json({ identifier: 'owner@acme.test', password: hugePassword }, origin),
        anonymous: true,
      }),
      413,
      'body_too_large',
    );
    expectError(
      await send(
        'POST',
        '/api/auth/password/change',
        json({ currentPassword: hugePassword, newPassword: hugePassword }, origin),
      ),
      413,
      'body_too_large',
    );
    // Below the body limit but far beyond any real password: refused by the schema, not hashed.
    const long = await send('POST', '/api/auth/login', {
      ...json({ identifier: 'owner@acme.test', password: 'p'.repeat(20_000) }, origin),
      anonymous: true,
    });
    expectError(long, 400, 'validation_failed');
  });

  it('answers errors in the language of the request', async () => {
    const zh = { 'accept-language': 'zh-CN,zh;q=0.9' };
    const csrf = await send('POST', '/api/auth/logout', { headers: { ...zh, origin: 'https://evil.test' } });
    expectError(csrf, 403, 'csrf_rejected');
    expect(csrf.json<ErrorBody>().error.message).toBe(translate('zh-CN', 'errors.csrf_rejected'));
    expect(csrf.json<ErrorBody>().error.message).not.toBe(translate('en', 'errors.csrf_rejected'));
    const missing = await send('GET', '/api/no-such-route', { headers: zh });
    expectError(missing, 404, 'not_found');
    expect(missing.json<ErrorBody>().error.message).toBe(translate('zh-CN', 'errors.not_found'));
    const anonymous = await send('GET', '/api/auth/session', {
      headers: { 'accept-language': 'fr-FR' },
      anonymous: true,
    });
    expect(anonymous.json<ErrorBody>().error.message).toBe(translate('en', 'errors.unauthenticated'));
    const invalid = await send('POST', '/api/auth/login', {
      ...json({ identifier: 'nobody@acme.test', password: 'wrong password here' }, { ...zh, origin: TEST_ORIGIN }),
      anonymous: true,
    });
    expect(invalid.json<ErrorBody>().error.message).toBe(translate('zh-CN', 'errors.invalid_credentials'));
  });

  it('HD-02/HD-03: sends CSP and the other security headers on API, page and error responses', async () => {
    const samples = [
      await send('GET', '/api/auth/session'),
      await send('GET', '/'),
      await send('GET', '/api/no-such-route'),
      await send('GET', '/settings/security'),
    ];
    for (const response of samples) {
      const csp = String(response.headers['content-security-policy'] ?? '');
      const directives = new Map(
        csp
          .split(';')
          .map((part) => part.trim().split(/\s+/))
          .map(([name = '', ...values]) => [name, values] as const),
      );
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('report-uri')?.length).toBe(1);
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
    for (const response of [samples[0], samples[2]]) {
      expect(response?.headers['cache-control']).toBe('no-store');
      expect(response?.headers['content-type']).toMatch(/charset=utf-8/i);
    }
  });

  it('HD-04: never allows another origin to read credentialed responses', async () => {
    for (const origin of ['https://evil.test', 'null', 'http://localhost:3000.evil.test', TEST_ORIGIN]) {
      const read = await send('GET', '/api/auth/session', { headers: { origin } });
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
      expect(read.headers['access-control-allow-credentials']).toBeUndefined();
      const preflight = await send('OPTIONS', '/api/members/invitations', {
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.statusCode).not.toBe(500);
    }
  });

  it('PW-09/HD-06: well-known URLs are honest and GET never changes state', async () => {
    const change = await send('GET', '/.well-known/change-password', { anonymous: true });
    expect(change.statusCode).toBe(302);
    expect(change.headers.location).toBe('/settings/security');
    const probe = await send('GET', '/.well-known/resource-that-should-not-exist-whose-status-code-should-not-be-200', {
      anonymous: true,
    });
    expect(probe.statusCode).toBe(404);
    const logout = await send('GET', '/api/auth/logout');
    expect([404, 405]).toContain(logout.statusCode);
    expect((await owner.get('/api/auth/session')).statusCode).toBe(200);
  });

  it('exposes health, readiness, metrics and an OpenAPI 3.1 document', async () => {
    const health = await send('GET', '/healthz', { anonymous: true });
    expect(health.statusCode).toBe(200);
    const ready = await send('GET', '/readyz', { anonymous: true });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
    const openapi = await send('GET', '/api/openapi.json', { anonymous: true });
    expect(openapi.statusCode).toBe(200);
    const document = openapi.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/auth/session', '/api/members/invitations', '/api/audit']),
    );
    // Password hints never exist; security questions are an org opt-in (their endpoints answer 404 while it is off).
    expect(JSON.stringify(document)).not.toMatch(/secretAnswer|passwordHint/i);
    // Documented answers include the 429 a client may meet: sign-in (per-IP limit) and every CRM route (read quotas).
    type Operation = { responses?: Record<string, unknown>; security?: Record<string, unknown>[] };
    const paths = document.paths as Record<string, Record<string, Operation>>;
    const crmOperations = Object.values(paths).flatMap((path) => Object.values(path)).filter((operation) => operation.security?.some((scheme) => 'apiToken' in scheme));
    expect(crmOperations.length).toBeGreaterThan(30);
    // (A download without a response schema keeps Fastify's default entry.)
    const withSchemas = crmOperations.filter((operation) => JSON.stringify(operation.responses) !== JSON.stringify({ 200: { description: 'Default Response' } }));
    expect(withSchemas.filter((operation) => !('429' in (operation.responses ?? {})))).toEqual([]);
    expect(Object.keys(paths['/api/auth/login']?.post?.responses ?? {})).toContain('429');
    const metrics = await send('GET', '/metrics', { anonymous: true });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('clientele_http_responses_total');
  });

  it('first-run setup happens once: a second setup answers 409 setup_done', async () => {
    const again = await testApp.client({ ip: '192.0.2.90' }).post('/api/setup', {
      orgName: 'Takeover',
      name: 'Mallory',
      email: 'mallory@evil.test',
      password: STRONG_PASSWORD,
      locale: 'en',
    });
    expectError(again, 409, 'setup_done');
    expect(again.headers['set-cookie']).toBeUndefined();
    expect((await testApp.client().get('/api/setup/status')).json()).toEqual({ needsSetup: false });
  });

  it('no request in this file produced a 5xx', async () => {
    const metrics = await send('GET', '/metrics', { anonymous: true });
    expect(metrics.body).not.toMatch(/clientele_http_responses_total\{[^}]*status="5\d\d"/);
    expect(
      responses
        .filter((response) => response.statusCode >= 500)
        .map((response) => `${response.statusCode} ${response.body}`),
    ).toEqual([]);
  });
});

describe('HTTP hardening over https', () => {
  let httpsApp: TestApp;

  beforeAll(async () => {
    httpsApp = await buildTestApp({ PUBLIC_URL: HTTPS_ORIGIN });
  });
  afterAll(() => httpsApp.close());

  it('two concurrent first-run setups: exactly one creates the organisation', async () => {
    const attempt = (email: string, ip: string) =>
      httpsApp
        .client({ ip })
        .post(
          '/api/setup',
          { orgName: `Org of ${email}`, name: 'Racer', email, password: STRONG_PASSWORD, locale: 'en' },
          { origin: HTTPS_ORIGIN },
        );
    const results = await Promise.all([
      attempt('first@acme.test', '192.0.2.1'),
      attempt('second@acme.test', '192.0.2.2'),
    ]);
    expect(results.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((response) => response.statusCode === 409)?.json<ErrorBody>().error.code).toBe('setup_done');
    expect(await httpsApp.context.database.db.select().from(users)).toHaveLength(1);
  });

  it('HD-01: sends HSTS for an https PUBLIC_URL and checks Origin against it', async () => {
    const response = await httpsApp.app.inject({ method: 'GET', url: '/api/setup/status' });
    const hsts = String(response.headers['strict-transport-security'] ?? '');
    expect(Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0)).toBeGreaterThanOrEqual(31_536_000);
    expect(hsts).toContain('includeSubDomains');
    const plainOrigin = await httpsApp
      .client()
      .post('/api/auth/login', { identifier: 'first@acme.test', password: STRONG_PASSWORD });
    expect(plainOrigin.statusCode).toBe(403);
  });
});
