import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { STRONG_PASSWORD } from '../../../test/app.ts';
import { ageSession } from '../../../test/channel-helpers.ts';
import { errorOf, uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import { classifyAddress, urlProblem } from './webhook-address.ts';
import { sendWebhook } from './webhook-sender.ts';
import { webhookEndpoints } from './webhook.tables.ts';

/** Who may manage webhooks, where they may point, and what is never shown again. */
describe('CRM webhooks: access and SSRF', () => {
  const org = useCrmOrganization({ WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOK_DELIVERY_SECONDS: '0' });
  const body = (extra: Record<string, unknown> = {}) => ({ name: uniqueName('Hook'), url: 'http://127.0.0.1:9/hooks', events: ['deal.created'], ...extra });

  it('only crm.configure (owner, admin) manages webhooks: others 403 before validation, no session 401, an API token 401', async () => {
    for (const member of [org.managerNorth, org.salesA, org.viewer]) {
      expect(errorOf(await member.client.get('/api/webhooks'))).toEqual({ status: 403, code: 'forbidden' });
      expect(errorOf(await member.client.post('/api/webhooks', { nonsense: true }))).toEqual({ status: 403, code: 'forbidden' });
    }
    expect(errorOf(await org.testApp.client().get('/api/webhooks'))).toEqual({ status: 401, code: 'unauthenticated' });
    const token = await org.owner.client.post('/api/me/api-tokens', { name: uniqueName('Script'), scopes: ['crm:read', 'crm:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    const viaToken = await org.testApp.app.inject({ method: 'GET', url: '/api/webhooks', headers: { authorization: `Bearer ${token.json<{ token: string }>().token}` } });
    expect(viaToken.statusCode).toBe(401);
    expect((await org.admin.client.get('/api/webhooks')).statusCode).toBe(200);
  });

  it('every webhook route is in the OpenAPI document and refuses anonymous callers with 401', async () => {
    const document = (await org.testApp.client().get('/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const paths = Object.keys(document.paths).filter((path) => path.startsWith('/api/webhooks'));
    expect(paths.sort()).toEqual(['/api/webhooks', '/api/webhooks/deliveries/{deliveryId}/redeliver', '/api/webhooks/{id}', '/api/webhooks/{id}/deliveries', '/api/webhooks/{id}/rotate-secret', '/api/webhooks/{id}/test']);
    const anonymous = org.testApp.client();
    for (const path of paths) {
      for (const method of Object.keys(document.paths[path] ?? {})) {
        const url = path.replace('{id}', '00000000-0000-4000-8000-000000000000').replace('{deliveryId}', '00000000-0000-4000-8000-000000000000');
        const response = await anonymous.request(method.toUpperCase() as 'GET', url, method === 'get' || method === 'delete' ? undefined : {});
        expect(errorOf(response), `${method} ${path}`).toEqual({ status: 401, code: 'unauthenticated' });
      }
    }
  });

  it('the secret is shown on creation and rotation only; lists and reads never carry it; rotation changes it', async () => {
    const created = await org.owner.client.post('/api/webhooks', body());
    expect(created.statusCode, created.body).toBe(201);
    const { id, secret } = created.json<{ id: string; secret: string }>();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    for (const response of [await org.owner.client.get('/api/webhooks'), await org.owner.client.get(`/api/webhooks/${id}`), await org.owner.client.request('PATCH', `/api/webhooks/${id}`, { name: 'Renamed' })]) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain(secret);
      expect(response.body).not.toContain('secret');
    }
    const rotated = await org.owner.client.post(`/api/webhooks/${id}/rotate-secret`);
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json<{ secret: string }>().secret).not.toBe(secret);
    // Stored sealed, not in the clear.
    const [stored] = await org.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(stored?.secretSealed).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toContain(rotated.json<{ secret: string }>().secret);
  });

  it("another organisation's endpoints and deliveries are 404, like unknown and malformed ids", async () => {
    const created = (await org.owner.client.post('/api/webhooks', body())).json<{ id: string }>();
    const ping = (await org.owner.client.post(`/api/webhooks/${created.id}/test`)).json<{ id: string }>();
    const foreign = org.foreigner.client;
    for (const [method, path] of [
      ['GET', `/api/webhooks/${created.id}`],
      ['PATCH', `/api/webhooks/${created.id}`],
      ['DELETE', `/api/webhooks/${created.id}`],
      ['POST', `/api/webhooks/${created.id}/test`],
      ['POST', `/api/webhooks/${created.id}/rotate-secret`],
      ['GET', `/api/webhooks/${created.id}/deliveries`],
      ['POST', `/api/webhooks/deliveries/${ping.id}/redeliver`],
      ['GET', '/api/webhooks/not-a-uuid'],
      ['POST', '/api/webhooks/deliveries/00000000-0000-4000-8000-000000000000/redeliver'],
    ] as const) {
      const response = await foreign.request(method, path, method === 'PATCH' ? { name: 'Mine now' } : undefined);
      expect(errorOf(response), `${method} ${path}`).toEqual({ status: 404, code: 'not_found' });
    }
    expect((await foreign.get('/api/webhooks')).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await org.owner.client.get(`/api/webhooks/${created.id}`)).json<{ name: string }>().name).not.toBe('Mine now');
  });

  it('creating, changing the URL and rotating need a recent step-up; renaming does not; the password opens it', async () => {
    const created = (await org.admin.client.post('/api/webhooks', body())).json<{ id: string; url: string }>();
    await ageSession(org.db, org.admin.client);
    expect(errorOf(await org.admin.client.post('/api/webhooks', body()))).toEqual({ status: 403, code: 'reauthentication_required' });
    expect(errorOf(await org.admin.client.request('PATCH', `/api/webhooks/${created.id}`, { url: 'http://127.0.0.1:10/other' }))).toEqual({ status: 403, code: 'reauthentication_required' });
    expect(errorOf(await org.admin.client.post(`/api/webhooks/${created.id}/rotate-secret`))).toEqual({ status: 403, code: 'reauthentication_required' });
    expect((await org.admin.client.request('PATCH', `/api/webhooks/${created.id}`, { name: 'Only a new name', url: created.url })).statusCode).toBe(200);
    expect((await org.admin.client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD })).statusCode).toBe(200);
    expect((await org.admin.client.request('PATCH', `/api/webhooks/${created.id}`, { url: 'http://127.0.0.1:10/other' })).statusCode).toBe(200);
  });

  it('refuses bad input with localized 400s: unknown fields, no events, unknown event types, metadata addresses, credentials', async () => {
    const post = (extra: Record<string, unknown>, locale?: string) => org.owner.client.post('/api/webhooks', body(extra), locale ? { 'accept-language': locale } : {});
    expect(errorOf(await post({ secret: 'mine' }))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await post({ events: [] }))).toEqual({ status: 400, code: 'webhooks.no_events' });
    expect(errorOf(await post({ events: ['customer.exploded'] }))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await post({ url: 'http://169.254.169.254/latest/meta-data' }))).toEqual({ status: 400, code: 'webhooks.url_address_refused' });
    expect(errorOf(await post({ url: 'http://[fd00:ec2::254]/' }))).toEqual({ status: 400, code: 'webhooks.url_address_refused' });
    expect(errorOf(await post({ url: 'http://0.0.0.0:8080/' }))).toEqual({ status: 400, code: 'webhooks.url_address_refused' });
    expect(errorOf(await post({ url: 'https://user:pw@example.com/' }))).toEqual({ status: 400, code: 'webhooks.url_invalid' });
    expect(errorOf(await post({ url: 'ftp://example.com/' }))).toEqual({ status: 400, code: 'webhooks.url_not_https' });
    expect(errorOf(await post({ url: 'x'.repeat(3000) }))).toEqual({ status: 400, code: 'validation_failed' });
    const chinese = await post({ url: 'http://169.254.169.254/' }, 'zh-CN');
    expect(chinese.json<{ error: { message: string } }>().error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('without WEBHOOKS_ALLOW_PRIVATE: https only, and loopback/private targets are refused when saved and when sent (a host name resolving to loopback too)', async () => {
    expect(urlProblem('http://127.0.0.1:8080/', false)).toBe('scheme');
    expect(urlProblem('https://127.0.0.1/', false)).toBe('address');
    expect(urlProblem('https://10.1.2.3/', false)).toBe('address');
    expect(urlProblem('https://[::ffff:169.254.169.254]/', true)).toBe('address');
    expect(urlProblem('https://erp.example.com/hooks', false)).toBeNull();
    expect(classifyAddress('169.254.169.254')).toBe('forbidden');
    expect(classifyAddress('fd00:ec2::254')).toBe('forbidden');
    expect(classifyAddress('224.0.0.1')).toBe('forbidden');
    expect(classifyAddress('::')).toBe('forbidden');
    expect(classifyAddress('192.168.1.5')).toBe('private');
    expect(classifyAddress('8.8.8.8')).toBe('public');
    // `localhost` passes the save-time check (a name) but resolves to loopback at delivery: refused, nothing sent.
    const outcome = await sendWebhook({ url: 'https://localhost:9/hooks', body: '{}', headers: {}, allowPrivate: false });
    expect(outcome).toMatchObject({ ok: false, error: 'address_refused', statusCode: null });
    // Even with the switch on, link-local stays refused at delivery.
    expect(await sendWebhook({ url: 'http://169.254.169.254/', body: '{}', headers: {}, allowPrivate: true })).toMatchObject({ ok: false, error: 'invalid_url' });
  });
});
