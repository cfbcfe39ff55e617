import { createHash, createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { startProviderServer, type ProviderServer, type RecordedRequest } from '../../../test/provider-server.ts';
import { smsMessages } from '../messaging.tables.ts';
import { createAliyunAdapter, signAliyunRequest } from './aliyun.ts';
import { createTencentAdapter, signTc3 } from './tencent.ts';
import { createTwilioAdapter } from './twilio.ts';
import { createWebhookAdapter } from './webhook.ts';

const TWILIO_SID = `AC${'a1'.repeat(16)}`;
const TWILIO_TOKEN = 'f'.repeat(32);

/** Alibaba Cloud RPC signature checked the way the provider does (written apart from the adapter's signer). */
function aliyunSignatureIsValid(request: RecordedRequest, secret: string): boolean {
  const query = new URL(request.url, 'http://provider').searchParams;
  const given = query.get('Signature');
  const pairs = [...query.entries()].filter(([name]) => name !== 'Signature').sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  const encode = (value: string) => encodeURIComponent(value).replace(/!/g, '%21').replace(/'/g, '%27').replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\*/g, '%2A');
  const canonical = pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
  const expected = createHmac('sha1', `${secret}&`).update(`${request.method}&%2F&${encode(canonical)}`).digest('base64');
  return given === expected;
}

/** Tencent Cloud TC3-HMAC-SHA256 checked from the received headers and body. */
function tencentSignatureIsValid(request: RecordedRequest, secretKey: string): boolean {
  const authorization = String(request.headers.authorization ?? '');
  const match = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return false;
  const timestamp = String(request.headers['x-tc-timestamp']);
  const date = match[2] ?? '';
  if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date) return false;
  const sha = (value: string) => createHash('sha256').update(value).digest('hex');
  const canonical = `POST\n/\n\ncontent-type:${String(request.headers['content-type'])}\nhost:${String(request.headers.host)}\n\ncontent-type;host\n${sha(request.body)}`;
  const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/sms/tc3_request\n${sha(canonical)}`;
  let key: Buffer = createHmac('sha256', `TC3${secretKey}`).update(date).digest();
  key = createHmac('sha256', key).update('sms').digest();
  key = createHmac('sha256', key).update('tc3_request').digest();
  return createHmac('sha256', key).update(toSign).digest('hex') === match[3];
}

describe('SMS provider signing: documented known-answer examples', () => {
  it('Alibaba Cloud signature v1 (HMAC-SHA1) reproduces the documented DescribeRegions example', () => {
    const signature = signAliyunRequest(
      'GET',
      { AccessKeyId: 'testid', Action: 'DescribeRegions', Format: 'XML', SignatureMethod: 'HMAC-SHA1', SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', SignatureVersion: '1.0', Timestamp: '2016-02-23T12:46:24Z', Version: '2014-05-26' },
      'testsecret',
    );
    expect(signature).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('Tencent Cloud TC3-HMAC-SHA256 reproduces the documented CVM example', () => {
    const { signature } = signTc3({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      host: 'cvm.tencentcloudapi.com',
      timestamp: 1551113065,
      payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    });
    expect(signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
  });
});

describe('SMS adapters against a local provider endpoint', () => {
  let server: ProviderServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('webhook: POSTs JSON {to,text}; a non-2xx answer is a failure', async () => {
    let status = 200;
    server = await startProviderServer(() => ({ status, body: {} }));
    const adapter = createWebhookAdapter(`${server.url}/sms`);
    expect(await adapter.send({ to: '+8613800138000', text: 'hello 你好' })).toBe('sent');
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/sms' });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ to: '+8613800138000', text: 'hello 你好' });
    status = 502;
    await expect(adapter.send({ to: '+8613800138000', text: 'x' })).rejects.toThrow(/502/);
  });

  it('Twilio: form POST to the Messages resource with basic auth', async () => {
    server = await startProviderServer((request) => {
      const expected = `Basic ${Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString('base64')}`;
      return request.headers.authorization === expected ? { status: 201, body: { sid: 'SM1', status: 'queued' } } : { status: 401, body: { code: 20003, message: 'Authenticate' } };
    });
    const adapter = createTwilioAdapter({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, from: '+15005550006', baseUrl: server.url });
    expect(await adapter.send({ to: '+14155552671', text: 'Your code is 123456', code: '123456' })).toBe('sent');
    const [request] = server.requests;
    expect(request?.url).toBe(`/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({ To: '+14155552671', From: '+15005550006', Body: 'Your code is 123456' });
    const wrongToken = createTwilioAdapter({ accountSid: TWILIO_SID, authToken: 'e'.repeat(32), from: `MG${'b2'.repeat(16)}`, baseUrl: server.url });
    await expect(wrongToken.send({ to: '+14155552671', text: 'x' })).rejects.toThrow(/401/);
    expect(new URLSearchParams(server.requests[1]?.body).get('MessagingServiceSid')).toBe(`MG${'b2'.repeat(16)}`);
  });

  it('Aliyun: SendSms with a valid v1 signature, the code template and the number without +86', async () => {
    server = await startProviderServer((request) =>
      aliyunSignatureIsValid(request, 'aliyun-secret-123') ? { status: 200, body: { Code: 'OK', Message: 'OK', BizId: '1', RequestId: 'r' } } : { status: 400, body: { Code: 'SignatureDoesNotMatch', Message: 'bad signature' } },
    );
    const settings = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'aliyun-secret-123', signName: '客户管家', templateCode: 'SMS_123456789', noticeTemplateCode: null, baseUrl: server.url };
    expect(await createAliyunAdapter(settings).send({ to: '+8613800138000', text: '验证码 654321', code: '654321' })).toBe('sent');
    const query = new URL(server.requests[0]?.url ?? '', 'http://provider').searchParams;
    expect(server.requests[0]?.method).toBe('POST');
    expect(Object.fromEntries(query)).toMatchObject({ Action: 'SendSms', Version: '2017-05-25', PhoneNumbers: '13800138000', SignName: '客户管家', TemplateCode: 'SMS_123456789', TemplateParam: '{"code":"654321"}', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', Format: 'JSON' });
    expect(query.get('Timestamp')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // A second request has a fresh nonce; an international number keeps its country code.
    await createAliyunAdapter(settings).send({ to: '+85291234567', text: 'x', code: '111111' });
    const second = new URL(server.requests[1]?.url ?? '', 'http://provider').searchParams;
    expect(second.get('PhoneNumbers')).toBe('85291234567');
    expect(second.get('SignatureNonce')).not.toBe(query.get('SignatureNonce'));
    // Wrong secret → the provider refuses → the adapter throws (the job retries).
    await expect(createAliyunAdapter({ ...settings, accessKeySecret: 'wrong-secret-456' }).send({ to: '+8613800138000', text: 'x', code: '1' })).rejects.toThrow(/400/);
    // A notice without a notice template is skipped, not sent as free text.
    expect(await createAliyunAdapter(settings).send({ to: '+8613800138000', text: 'notice' })).toBe('skipped');
    expect(server.requests).toHaveLength(3);
  });

  it('Tencent: SendSms with a valid TC3 signature and the code as the template parameter', async () => {
    server = await startProviderServer((request) =>
      tencentSignatureIsValid(request, 'tencent-secret-key')
        ? { status: 200, body: { Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success' }], RequestId: 'r' } } }
        : { status: 200, body: { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'bad' }, RequestId: 'r' } } },
    );
    const settings = { secretId: 'AKID-test', secretKey: 'tencent-secret-key', sdkAppId: '1400000000', signName: '客户管家', templateId: '449739', noticeTemplateId: '449740', region: 'ap-guangzhou', baseUrl: server.url };
    expect(await createTencentAdapter(settings).send({ to: '+8613800138000', text: '验证码 654321', code: '654321' })).toBe('sent');
    const [request] = server.requests;
    expect(request?.headers).toMatchObject({ 'x-tc-action': 'SendSms', 'x-tc-version': '2021-01-11', 'x-tc-region': 'ap-guangzhou', 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(request?.body ?? '')).toEqual({ PhoneNumberSet: ['+8613800138000'], SmsSdkAppId: '1400000000', SignName: '客户管家', TemplateId: '449739', TemplateParamSet: ['654321'] });
    expect(await createTencentAdapter(settings).send({ to: '+8613800138000', text: 'notice' })).toBe('sent');
    expect(JSON.parse(server.requests[1]?.body ?? '')).toMatchObject({ TemplateId: '449740', TemplateParamSet: [] });
    await expect(createTencentAdapter({ ...settings, secretKey: 'not-the-key' }).send({ to: '+8613800138000', text: 'x', code: '1' })).rejects.toThrow(/SignatureFailure/);
  });
});

describe('SMS sending as a pg-boss job with retries', () => {
  let testApp: TestApp | undefined;
  let server: ProviderServer | undefined;
  afterEach(async () => {
    await testApp?.close();
    await server?.close();
  });

  it('a provider failure is recorded and retried until the text is sent', async () => {
    let answered = 0;
    server = await startProviderServer((request) => {
      answered += 1;
      if (answered === 1) return { status: 503, body: { Response: { Error: { Code: 'InternalError', Message: 'busy' } } } };
      return tencentSignatureIsValid(request, 'tencent-secret-key') ? { status: 200, body: { Response: { SendStatusSet: [{ Code: 'Ok' }] } } } : { status: 401, body: {} };
    });
    testApp = await buildTestApp({
      SMS_PROVIDER: 'tencent',
      SMS_TENCENT_SECRET_ID: 'AKID-test-id',
      SMS_TENCENT_SECRET_KEY: 'tencent-secret-key',
      SMS_TENCENT_SDK_APP_ID: '1400000000',
      SMS_TENCENT_SIGN_NAME: 'Clientele',
      SMS_TENCENT_TEMPLATE_ID: '449739',
      SMS_PROVIDER_TEST_BASE_URL: server.url,
    });
    await testApp.context.identity.sms.send('+8613800138000', 'code 246810', null, { code: '246810' });
    const requests = await server.waitForRequests(2, 30_000);
    expect(requests).toHaveLength(2);
    expect(JSON.parse(requests[1]?.body ?? '')).toMatchObject({ TemplateParamSet: ['246810'] });
    const db = testApp.context.database.db;
    let row: typeof smsMessages.$inferSelect | undefined;
    for (let round = 0; round < 100; round += 1) {
      [row] = await db.select().from(smsMessages).where(eq(smsMessages.toNumber, '+8613800138000'));
      if (row?.status === 'sent') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(row).toMatchObject({ status: 'sent', attempts: 2, provider: 'tencent' });
  }, 60_000);
});
