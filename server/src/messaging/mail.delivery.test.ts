import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STRONG_PASSWORD,
  buildTestApp,
  createMember,
  setupOrganization,
  type TestApp,
  type TestClient,
} from '../../test/app.ts';
import { startSmtpSink, type SmtpSink } from '../../test/smtp-sink.ts';
import { auditEvents } from '../db/schema.ts';

/** Mail through a real SMTP server (delivery, retry, language, links) and the outbox used when there is none. */

interface ErrorBody {
  error: { code: string; message: string };
}

interface MessageRow {
  id: string;
  toAddress: string;
  subject: string;
  template: string;
  status: string;
  transport: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

const EVIL_HOST_HEADERS = {
  host: 'evil.test',
  'x-forwarded-host': 'evil.test',
  'x-forwarded-proto': 'https',
  forwarded: 'host=evil.test;proto=https',
};

/** Polls the delivery log until the message reaches one of the statuses (the queue works in the background). */
async function waitForStatus(
  client: TestClient,
  id: string,
  statuses: string[],
  timeoutMs = 20_000,
): Promise<MessageRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = (await client.get('/api/mail/messages?limit=500')).json<MessageRow[]>();
    const row = rows.find((item) => item.id === id);
    if (row && statuses.includes(row.status)) return row;
    if (Date.now() > deadline) {
      throw new Error(`message ${id} still ${row?.status ?? 'missing'}, wanted ${statuses.join('/')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('mail over SMTP', () => {
  let sink: SmtpSink;
  let testApp: TestApp;
  let owner: TestClient;

  beforeAll(async () => {
    sink = await startSmtpSink();
    testApp = await buildTestApp({ SMTP_URL: sink.url });
    ({ owner } = await setupOrganization(testApp));
  });
  afterAll(async () => {
    await testApp.close();
    await sink.close();
  });

  it('delivers the test mail with text and HTML parts, in the language of the request', async () => {
    const response = await owner.post('/api/mail/test', {}, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    expect(response.statusCode).toBe(202);
    const { id } = response.json<{ id: string }>();
    const mail = await sink.waitForMail(
      (message) => message.to.includes('owner@acme.test') && message.subject.includes('测试邮件'),
      20_000,
    );
    expect(mail.subject).toBe('Clientele 测试邮件');
    expect(mail.text).toContain('Wang Li');
    expect(mail.html).toContain('<html lang="zh-CN">');
    expect(mail.headers['content-type']).toMatch(/multipart\/alternative/);
    expect(mail.from).toBe('no-reply@localhost');
    const row = await waitForStatus(owner, id, ['sent']);
    expect(row).toMatchObject({ transport: 'smtp', attempts: 1, lastError: null });
    expect(row.sentAt).not.toBeNull();
  });

  it('reports the transport and refuses the outbox while SMTP is configured (409 outbox_inactive)', async () => {
    const settings = (await owner.get('/api/mail/settings')).json<{ transport: string; smtpHost: string | null }>();
    expect(settings.transport).toBe('smtp');
    expect(settings.smtpHost).toBe(new URL(sink.url).host);
    for (const url of ['/api/mail/outbox', '/api/mail/outbox/00000000-0000-4000-8000-000000000000']) {
      const response = await owner.get(url);
      expect(response.statusCode).toBe(409);
      expect(response.json<ErrorBody>().error.code).toBe('outbox_inactive');
    }
  });

  it('a temporary SMTP failure is logged as failed with the server reply, then retried until sent', async () => {
    sink.failNext(1, 451, '4.3.0 Mailbox temporarily unavailable');
    const response = await owner.post('/api/mail/test', { to: 'retry@acme.test' });
    expect(response.statusCode).toBe(202);
    const { id } = response.json<{ id: string }>();
    const failed = await waitForStatus(owner, id, ['failed', 'sent']);
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toContain('451');
    expect(failed.lastError).toContain('Mailbox temporarily unavailable');
    expect(failed.attempts).toBe(1);

    await sink.waitForMail((message) => message.to.includes('retry@acme.test'), 25_000);
    const sent = await waitForStatus(owner, id, ['sent'], 25_000);
    expect(sent.attempts).toBe(2);
    expect(sent.lastError).toBeNull();
    expect(sink.rejectedCount).toBe(1);
    expect(sink.messages.filter((message) => message.to.includes('retry@acme.test'))).toHaveLength(1);
  });

  it('builds invitation links from PUBLIC_URL, never from Host or X-Forwarded-Host', async () => {
    const response = await owner.post(
      '/api/members/invitations',
      { email: 'hostile@acme.test', name: 'Hostile Host', role: 'viewer' },
      EVIL_HOST_HEADERS,
    );
    expect(response.statusCode).toBe(201);
    const mail = await sink.waitForMail((message) => message.to.includes('hostile@acme.test'), 20_000);
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/invite#token=[A-Za-z0-9_-]{43}/);
    expect(mail.html).toMatch(/href="http:\/\/localhost:3000\/invite#token=[A-Za-z0-9_-]{43}"/);
    expect(mail.raw).not.toContain('evil.test');
  });

  it('builds unlock links from PUBLIC_URL when the failed sign-ins carry a forged Host', async () => {
    await createMember(testApp, owner, { email: 'locked@acme.test', name: 'Locked Person', role: 'viewer' });
    const attacker = testApp.client({ ip: '203.0.113.66' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await attacker.post(
        '/api/auth/login',
        { identifier: 'locked@acme.test', password: `wrong password number ${attempt}` },
        EVIL_HOST_HEADERS,
      );
    }
    const mail = await sink.waitForMail(
      (message) => message.to.includes('locked@acme.test') && /unlock/i.test(message.text),
      20_000,
    );
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/unlock#token=[A-Za-z0-9_-]{43}/);
    expect(mail.raw).not.toContain('evil.test');
    expect(mail.text).toContain('203.0.113.66');
  });

  it('escapes names in HTML mail', async () => {
    const response = await owner.post('/api/members/invitations', {
      email: 'xss@acme.test',
      name: '<img src=x onerror=alert(1)>',
      role: 'viewer',
    });
    expect(response.statusCode).toBe(201);
    const mail = await sink.waitForMail((message) => message.to.includes('xss@acme.test'), 20_000);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });

  it('PW-06: a password change is announced by mail without the password', async () => {
    const member = await createMember(testApp, owner, { email: 'changer@acme.test', name: 'Sun Lei', role: 'viewer' });
    const newPassword = 'violet harbour compass 2231 meadow';
    expect(
      (await member.client.post('/api/auth/password/change', { currentPassword: STRONG_PASSWORD, newPassword }))
        .statusCode,
    ).toBe(200);
    const mail = await sink.waitForMail(
      (message) => message.to.includes('changer@acme.test') && /password/i.test(message.subject),
      20_000,
    );
    expect(mail.text).toContain('http://localhost:3000/settings/security');
    expect(mail.raw).not.toContain(newPassword);
    expect(mail.raw).not.toContain(STRONG_PASSWORD);
  });
});

describe('mail without SMTP (outbox)', () => {
  let testApp: TestApp;
  let owner: TestClient;
  let admin: { client: TestClient; id: string };
  let sales: { client: TestClient; id: string };

  beforeAll(async () => {
    testApp = await buildTestApp();
    ({ owner } = await setupOrganization(testApp));
    admin = await createMember(testApp, owner, { email: 'admin@acme.test', name: 'Admin Person', role: 'admin' });
    sales = await createMember(testApp, owner, { email: 'sales@acme.test', name: 'Sales Person', role: 'sales' });
  });
  afterAll(() => testApp.close());

  it('keeps the message in the outbox, which the owner can read (and the read is audited)', async () => {
    const response = await owner.post('/api/mail/test', {});
    expect(response.statusCode).toBe(202);
    const { id } = response.json<{ id: string }>();
    const [row] = await testApp.context.identity.mail.listMessages({ limit: 10 });
    expect(row).toMatchObject({ id, status: 'outbox', transport: 'outbox', subject: 'Clientele test mail' });
    expect((await owner.get('/api/mail/settings')).json()).toMatchObject({ transport: 'outbox', smtpHost: null });

    const list = await owner.get('/api/mail/outbox');
    expect(list.statusCode).toBe(200);
    expect(list.json<{ id: string; toAddress: string }[]>()).toEqual(
      expect.arrayContaining([expect.objectContaining({ id, toAddress: 'owner@acme.test' })]),
    );
    const message = await owner.get(`/api/mail/outbox/${id}`);
    expect(message.statusCode).toBe(200);
    expect(message.json()).toMatchObject({
      id,
      subject: 'Clientele test mail',
      textBody: expect.stringContaining('outbox') as unknown,
      htmlBody: expect.stringContaining('<html') as unknown,
    });
    const reads = await testApp.context.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'outbox_message_read'));
    expect(reads).toHaveLength(1);
    expect((await owner.get('/api/mail/outbox/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('outbox.read is for owners only: an admin gets 403 (the outbox holds other people’s sign-in links)', async () => {
    const [row] = await testApp.context.identity.mail.listMessages({ limit: 1 });
    for (const url of ['/api/mail/outbox', `/api/mail/outbox/${row?.id ?? ''}`]) {
      const response = await admin.client.get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json<ErrorBody>().error.code).toBe('forbidden');
    }
    // The delivery log (no bodies) is still the admin's to see.
    expect((await admin.client.get('/api/mail/messages')).statusCode).toBe(200);
  });

  it('sales can neither send test mail nor read the delivery log', async () => {
    expect((await sales.client.post('/api/mail/test', { to: 'anyone@example.test' })).statusCode).toBe(403);
    expect((await sales.client.get('/api/mail/messages')).statusCode).toBe(403);
    expect((await sales.client.get('/api/mail/outbox')).statusCode).toBe(403);
    expect((await testApp.client().get('/api/mail/outbox')).statusCode).toBe(401);
  });
});
