import { createHash, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, type TestClient } from '../../../test/app.ts';
import { ageSession, latestMail } from '../../../test/channel-helpers.ts';
import { createCustomer, errorOf, uniqueName, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { apiTokens } from './api-token.tables.ts';

/**
 * Personal API tokens (issue 6): shown once and stored as a hash; usable only on CRM routes, narrowed by scopes and
 * by the owner's role and data scope; one 401 for every kind of bad token; revocation takes effect at once.
 */

interface CreatedToken {
  id: string;
  token: string;
  prefix: string;
  scopes: string[];
}

const days = (count: number) => new Date(Date.now() + count * 86_400_000).toISOString();

async function createToken(client: TestClient, input: { name?: string; scopes?: string[]; expiresAt?: string } = {}): Promise<CreatedToken> {
  const response = await client.post('/api/me/api-tokens', { name: input.name ?? uniqueName('Script'), scopes: input.scopes ?? ['crm:read'], expiresAt: input.expiresAt ?? days(30) });
  if (response.statusCode !== 201) throw new Error(`token not created: ${response.statusCode} ${response.body}`);
  return response.json<CreatedToken>();
}

describe('personal API tokens', () => {
  const org = useCrmOrganization();

  /** A script: no cookies, no Origin header, only the Authorization header. */
  const callWith = (authorization: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> =>
    org.testApp.app.inject({ method, url, headers: { authorization, 'user-agent': 'api-script/1.0' }, remoteAddress: '203.0.113.50', ...(payload === undefined ? {} : { payload: payload as object }) });
  const bearer = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => callWith(`Bearer ${token}`, method, url, payload);
  const row = async (id: string) => (await org.db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0];

  it('is shown once at creation; only its SHA-256 and a short prefix are stored; the owner gets a mail and the audit log an entry', async () => {
    const created = await createToken(org.salesA.client, { name: 'Nightly export', scopes: ['crm:write', 'crm:read'] });
    expect(created.token).toMatch(/^clt_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 10));
    expect(created.scopes).toEqual(['crm:read', 'crm:write']);

    const stored = await row(created.id);
    expect(stored?.tokenHash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(created.token.slice(4));

    const listed = (await org.salesA.client.get('/api/me/api-tokens')).json<{ items: Record<string, unknown>[]; allowedScopes: string[] }>();
    expect(listed.allowedScopes).toEqual(['crm:read', 'crm:write']);
    const item = listed.items.find((entry) => entry.id === created.id);
    expect(item).toMatchObject({ name: 'Nightly export', prefix: created.prefix, expired: false, lastUsedAt: null });
    expect(item).not.toHaveProperty('token');
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const mail = await latestMail(org.db, org.salesA.email, 'apiTokenCreated');
    expect(mail?.subject).toContain('API token');
    expect(JSON.stringify(mail)).not.toContain(created.token);
    const [event] = await org.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'api_token_created'), eq(auditEvents.targetUserId, org.salesA.id)));
    expect(event?.details).toMatchObject({ tokenId: created.id, prefix: created.prefix, scopes: ['crm:read', 'crm:write'] });
  });

  it('reads and writes CRM records as its owner, with the owner\'s data scope, and records its last use at most once a minute', async () => {
    const mine = await createCustomer(org.salesA.client);
    const theirs = await createCustomer(org.salesB.client);
    const { id, token } = await createToken(org.salesA.client, { scopes: ['crm:read', 'crm:write'] });

    const list = await bearer(token, 'GET', '/api/customers?limit=100');
    expect(list.statusCode, list.body).toBe(200);
    const ids = list.json<{ items: { id: string }[] }>().items.map((customer) => customer.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);

    const used = await row(id);
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
    expect(used?.lastUsedIp).toBe('203.0.113.50');
    expect((await bearer(token, 'GET', `/api/customers/${mine.id}`)).statusCode).toBe(200);
    expect((await row(id))?.lastUsedAt?.getTime()).toBe(used?.lastUsedAt?.getTime());

    const created = await bearer(token, 'POST', '/api/customers', { name: uniqueName('Via API') });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<{ ownerId: string | null }>().ownerId).toBe(org.salesA.id);

    // IDOR: another salesperson's record is the same 404 as one that does not exist.
    const foreign = await bearer(token, 'GET', `/api/customers/${theirs.id}`);
    const missing = await bearer(token, 'GET', `/api/customers/${randomUUID()}`);
    expect(errorOf(foreign)).toEqual({ status: 404, code: 'crm.not_found' });
    expect(foreign.body).toBe(missing.body);
    expect(errorOf(await bearer(token, 'PATCH', `/api/customers/${theirs.id}`, { version: theirs.version, industry: 'Hijacked' }))).toEqual({ status: 404, code: 'crm.not_found' });
  });

  it('scopes narrow the role: crm:read cannot write, crm:write cannot trash without crm:delete', async () => {
    const reader = await createToken(org.managerNorth.client, { scopes: ['crm:read'] });
    expect(errorOf(await bearer(reader.token, 'POST', '/api/customers', { name: uniqueName() }))).toEqual({ status: 403, code: 'crm.read_only' });

    const customer = await createCustomer(org.managerNorth.client);
    const writer = await createToken(org.managerNorth.client, { scopes: ['crm:read', 'crm:write'] });
    expect((await bearer(writer.token, 'PATCH', `/api/customers/${customer.id}`, { version: customer.version, industry: 'Logistics' })).statusCode).toBe(200);
    expect(errorOf(await bearer(writer.token, 'DELETE', `/api/customers/${customer.id}`))).toEqual({ status: 403, code: 'forbidden' });
    const denied = await org.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'authorization_denied'), eq(auditEvents.actorUserId, org.managerNorth.id)));
    expect(denied.map((event) => event.details)).toContainEqual(expect.objectContaining({ apiTokenId: writer.id, method: 'DELETE' }));
    expect((await org.managerNorth.client.get(`/api/customers/${customer.id}`)).statusCode).toBe(200);
    // What the record says the caller may do follows the token too, not only the role.
    expect((await bearer(reader.token, 'GET', `/api/customers/${customer.id}`)).json<{ canEdit: boolean; canDelete: boolean }>()).toMatchObject({ canEdit: false, canDelete: false });
    expect((await bearer(writer.token, 'GET', `/api/customers/${customer.id}`)).json<{ canEdit: boolean; canDelete: boolean }>()).toMatchObject({ canEdit: true, canDelete: false });

    // Each scope brings the ones it needs: trashing needs writing and reading.
    const deleter = await createToken(org.managerNorth.client, { scopes: ['crm:delete'] });
    expect(deleter.scopes).toEqual(['crm:read', 'crm:write', 'crm:delete']);
    expect((await bearer(deleter.token, 'DELETE', `/api/customers/${customer.id}`)).statusCode).toBe(200);
    expect((await bearer(deleter.token, 'POST', `/api/customers/${customer.id}/restore`)).statusCode).toBe(200);
  });

  it("never exceeds the owner's role: a viewer cannot ask for write scopes, and a token's write scope is void once the role cannot write", async () => {
    expect(errorOf(await org.viewer.client.post('/api/me/api-tokens', { name: 'Too much', scopes: ['crm:read', 'crm:write'], expiresAt: days(30) }))).toEqual({
      status: 403,
      code: 'api_token.scope_not_allowed',
    });
    expect(errorOf(await org.salesA.client.post('/api/me/api-tokens', { name: 'Delete', scopes: ['crm:delete'], expiresAt: days(30) })).code).toBe('api_token.scope_not_allowed');
    const viewerToken = await createToken(org.viewer.client, { scopes: ['crm:read'] });
    expect((await bearer(viewerToken.token, 'GET', '/api/customers')).statusCode).toBe(200);

    // As if the member had been made a viewer after creating a write token: the role still decides.
    await org.db.update(apiTokens).set({ scopes: ['crm:read', 'crm:write', 'crm:delete'] }).where(eq(apiTokens.id, viewerToken.id));
    expect(errorOf(await bearer(viewerToken.token, 'POST', '/api/customers', { name: uniqueName() }))).toEqual({ status: 403, code: 'crm.read_only' });
    const someone = await createCustomer(org.owner.client);
    expect(errorOf(await bearer(viewerToken.token, 'DELETE', `/api/customers/${someone.id}`)).status).toBe(403);
  });

  it('is refused with 401 by every route outside the CRM: account, token management, members, admin, settings', async () => {
    const { token } = await createToken(org.owner.client, { scopes: ['crm:read', 'crm:write', 'crm:delete'] });
    const outside: [method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown][] = [
      ['GET', '/api/auth/session'],
      ['GET', '/api/me/api-tokens'],
      ['POST', '/api/me/api-tokens', { name: 'Successor', scopes: ['crm:read'], expiresAt: days(30) }],
      ['GET', '/api/admin/api-tokens'],
      ['GET', '/api/members'],
      ['GET', '/api/audit'],
      ['GET', '/api/teams'],
      ['GET', '/api/auth/sessions'],
      ['POST', '/api/auth/password/change', { currentPassword: STRONG_PASSWORD, newPassword: 'another long passphrase 2024 x' }],
    ];
    for (const [method, url, payload] of outside) {
      expect(errorOf(await bearer(token, method, url, payload)), `${method} ${url}`).toEqual({ status: 401, code: 'unauthenticated' });
    }
    expect((await bearer(token, 'GET', '/api/customers')).statusCode).toBe(200);
  });

  it('with both a session cookie and a bearer header only the bearer counts', async () => {
    const { token } = await createToken(org.salesB.client);
    // The browser's session does not lend the token a way into account routes…
    const session = await org.salesB.client.get('/api/auth/session', { authorization: `Bearer ${token}` });
    expect(errorOf(session)).toEqual({ status: 401, code: 'unauthenticated' });
    // …and a bad bearer is not rescued by the cookie.
    expect(errorOf(await org.salesB.client.get('/api/customers', { authorization: 'Bearer clt_nonsense' }))).toEqual({ status: 401, code: 'unauthenticated' });
    expect((await org.salesB.client.get('/api/customers', { authorization: `Bearer ${token}` })).statusCode).toBe(200);
  });

  it('one 401 for malformed, unknown, wrong-prefix, oversized, expired and revoked tokens — never a 500', async () => {
    const { id, token } = await createToken(org.loner.client);
    const expired = await createToken(org.loner.client);
    await org.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, expired.id));
    const reference = await callWith(`Bearer clt_${'A'.repeat(43)}`, 'GET', '/api/customers');
    expect(errorOf(reference)).toEqual({ status: 401, code: 'unauthenticated' });
    const headers = [
      'Bearer',
      'Bearer ',
      'Bearer clt_',
      `Bearer ${'x'.repeat(10 * 1024)}`,
      `Bearer clt_${'A'.repeat(10 * 1024)}`,
      `Bearer ghp_${token.slice(4)}`,
      `Bearer ${token.slice(4)}`,
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}`,
      `Basic ${Buffer.from(`loner@acme.test:${token}`).toString('base64')}`,
      token,
      `Bearer ${expired.token}`,
      'Bearer clt_../../../etc/passwd%00aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    ];
    for (const header of headers) {
      const response = await callWith(header, 'GET', '/api/customers');
      expect(response.statusCode, header.slice(0, 40)).toBe(401);
      expect(response.body).toBe(reference.body);
    }
    expect((await callWith(`bearer ${token}`, 'GET', '/api/customers')).statusCode).toBe(200);

    expect((await org.loner.client.request('DELETE', `/api/me/api-tokens/${id}`)).statusCode).toBe(204);
    const revoked = await bearer(token, 'GET', '/api/customers');
    expect(revoked.statusCode).toBe(401);
    expect(revoked.body).toBe(reference.body);
    // Idempotent, and the list no longer shows it.
    expect((await org.loner.client.request('DELETE', `/api/me/api-tokens/${id}`)).statusCode).toBe(204);
    const listed = (await org.loner.client.get('/api/me/api-tokens')).json<{ items: { id: string; expired: boolean }[] }>().items;
    expect(listed.map((item) => item.id)).not.toContain(id);
    expect(listed.find((item) => item.id === expired.id)?.expired).toBe(true);
  });

  it("another member cannot revoke or see my token (404 like a missing id); an admin can, except an owner's", async () => {
    const mine = await createToken(org.salesA.client);
    for (const intruder of [org.salesB, org.managerNorth, org.foreigner] as CrmMember[]) {
      const attempt = await intruder.client.request('DELETE', `/api/me/api-tokens/${mine.id}`);
      expect(errorOf(attempt), intruder.name).toEqual({ status: 404, code: 'not_found' });
    }
    expect(errorOf(await org.salesA.client.request('DELETE', '/api/me/api-tokens/not-a-uuid'))).toEqual({ status: 404, code: 'not_found' });
    expect((await bearer(mine.token, 'GET', '/api/customers')).statusCode).toBe(200);

    expect(errorOf(await org.salesA.client.get('/api/admin/api-tokens')).status).toBe(403);
    expect(errorOf(await org.managerNorth.client.request('DELETE', `/api/admin/api-tokens/${mine.id}`)).status).toBe(403);
    expect(errorOf(await org.foreigner.client.request('DELETE', `/api/admin/api-tokens/${mine.id}`))).toEqual({ status: 404, code: 'not_found' });
    const foreignList = (await org.foreigner.client.get('/api/admin/api-tokens')).json<{ items: { id: string }[] }>().items;
    expect(foreignList.map((item) => item.id)).not.toContain(mine.id);

    const adminView = (await org.admin.client.get('/api/admin/api-tokens')).json<{ items: { id: string; owner: { id: string } }[] }>().items;
    expect(adminView.find((item) => item.id === mine.id)?.owner.id).toBe(org.salesA.id);
    expect((await org.admin.client.request('DELETE', `/api/admin/api-tokens/${mine.id}`)).statusCode).toBe(204);
    expect((await bearer(mine.token, 'GET', '/api/customers')).statusCode).toBe(401);
    const [event] = await org.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'api_token_revoked'), eq(auditEvents.actorUserId, org.admin.id)));
    expect(event).toMatchObject({ targetUserId: org.salesA.id });

    const ownerToken = await createToken(org.owner.client);
    expect(errorOf(await org.admin.client.request('DELETE', `/api/admin/api-tokens/${ownerToken.id}`))).toEqual({ status: 403, code: 'forbidden' });
    expect((await bearer(ownerToken.token, 'GET', '/api/customers')).statusCode).toBe(200);
  });

  it('creation needs a recent step-up, a bounded expiry and a free slot (20 live tokens per member)', async () => {
    const client = org.managerSouth.client;
    await ageSession(org.db, client);
    expect(errorOf(await client.post('/api/me/api-tokens', { name: 'Stale', scopes: ['crm:read'], expiresAt: days(30) }))).toEqual({ status: 403, code: 'reauthentication_required' });
    expect((await client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD })).statusCode).toBe(200);

    for (const expiresAt of [days(-1), new Date(Date.now() + 60_000).toISOString(), days(367)]) {
      expect(errorOf(await client.post('/api/me/api-tokens', { name: 'Bad expiry', scopes: ['crm:read'], expiresAt })).code).toBe('api_token.expiry_invalid');
    }
    for (const body of [
      { name: '', scopes: ['crm:read'], expiresAt: days(30) },
      { name: 'x'.repeat(81), scopes: ['crm:read'], expiresAt: days(30) },
      { name: 'No scope', scopes: [], expiresAt: days(30) },
      { name: 'Unknown scope', scopes: ['admin'], expiresAt: days(30) },
      { name: 'Twice', scopes: ['crm:read', 'crm:read'], expiresAt: days(30) },
      { name: 'No expiry', scopes: ['crm:read'] },
      { name: 'Extra', scopes: ['crm:read'], expiresAt: days(30), userId: org.salesA.id },
    ]) {
      expect(errorOf(await client.post('/api/me/api-tokens', body)).status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }

    await createToken(client, { expiresAt: days(365) });
    const created = await Promise.all(Array.from({ length: 21 }, (_, index) => client.post('/api/me/api-tokens', { name: `Batch ${index}`, scopes: ['crm:read'], expiresAt: days(90) })));
    // Twenty-one at once after one existing: exactly nineteen fit, even when they race.
    expect(created.filter((response) => response.statusCode === 201)).toHaveLength(19);
    expect(created.filter((response) => errorOf(response).code === 'api_token.limit_reached')).toHaveLength(2);
    const listed = (await client.get('/api/me/api-tokens')).json<{ items: { id: string }[]; limit: number }>();
    expect(listed.items).toHaveLength(20);
    expect(listed.limit).toBe(20);
    // A revoked token frees its slot.
    expect((await client.request('DELETE', `/api/me/api-tokens/${listed.items[0]?.id ?? ''}`)).statusCode).toBe(204);
    await createToken(client);
  });

  it('the OpenAPI document declares the bearer scheme on CRM routes only, and the audit chain still verifies', async () => {
    const document = (await org.testApp.client().get('/api/openapi.json')).json<{
      components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
      paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
    }>();
    expect(document.components.securitySchemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/api/customers']?.get?.security).toEqual(expect.arrayContaining([{ apiToken: [] }]));
    expect(document.paths['/api/customers/{id}']?.delete?.security).toEqual(expect.arrayContaining([{ apiToken: [] }]));
    expect(document.paths['/api/me/api-tokens']?.post?.security).toBeUndefined();
    expect(document.paths['/api/teams']?.get?.security).toBeUndefined();

    const verified = (await org.owner.client.get('/api/audit/verify')).json<{ ok: boolean }>();
    expect(verified.ok).toBe(true);
  });
});
