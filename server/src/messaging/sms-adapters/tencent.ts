import { createHash, createHmac } from 'node:crypto';
import { describeFailure, SMS_REQUEST_TIMEOUT_MS, SmsProviderError, type SmsAdapter } from './sms-adapter.ts';

export interface TencentSettings {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  /** Approved template whose single parameter is the code. */
  templateId: string;
  /** Approved template without parameters for security notices; without it notices are not texted. */
  noticeTemplateId: string | null;
  region: string;
  baseUrl: string;
}

const CONTENT_TYPE = 'application/json; charset=utf-8';

function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

function hmac(key: string | Buffer, value: string): Buffer {
  return createHmac('sha256', key).update(value, 'utf8').digest();
}

export interface Tc3Input {
  secretId: string;
  secretKey: string;
  service: string;
  host: string;
  /** Unix seconds, the X-TC-Timestamp header. */
  timestamp: number;
  payload: string;
}

/** Tencent Cloud API 3.0 signature TC3-HMAC-SHA256 for a JSON POST to '/' (signed headers content-type and host). */
export function signTc3(input: Tc3Input): { authorization: string; signature: string } {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = 'content-type;host';
  const canonicalRequest = ['POST', '/', '', `content-type:${CONTENT_TYPE}\nhost:${input.host}\n`, signedHeaders, sha256Hex(input.payload)].join('\n');
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return { signature, authorization: `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}` };
}

interface SendSmsResponse {
  Response?: { Error?: { Code?: string; Message?: string }; SendStatusSet?: { Code?: string; Message?: string }[] };
}

/** Tencent Cloud SMS (SendSms, API version 2021-01-11), template based. */
export function createTencentAdapter(settings: TencentSettings): SmsAdapter {
  const host = new URL(settings.baseUrl).host;
  return {
    async send(delivery) {
      const templateId = delivery.code ? settings.templateId : settings.noticeTemplateId;
      if (!templateId) return 'skipped';
      const payload = JSON.stringify({
        PhoneNumberSet: [delivery.to],
        SmsSdkAppId: settings.sdkAppId,
        SignName: settings.signName,
        TemplateId: templateId,
        TemplateParamSet: delivery.code ? [delivery.code] : [],
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const { authorization } = signTc3({ secretId: settings.secretId, secretKey: settings.secretKey, service: 'sms', host, timestamp, payload });
      const response = await fetch(`${settings.baseUrl}/`, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': CONTENT_TYPE,
          'x-tc-action': 'SendSms',
          'x-tc-version': '2021-01-11',
          'x-tc-timestamp': String(timestamp),
          'x-tc-region': settings.region,
        },
        body: payload,
        signal: AbortSignal.timeout(SMS_REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) throw new SmsProviderError(await describeFailure('Tencent SMS', response));
      const result = ((await response.json().catch(() => ({}))) as SendSmsResponse).Response;
      const status = result?.SendStatusSet?.[0];
      if (result?.Error || status?.Code !== 'Ok') {
        const reason = result?.Error ?? status;
        throw new SmsProviderError(`Tencent SMS refused: ${String(reason?.Code)} ${String(reason?.Message ?? '')}`.slice(0, 300));
      }
      return 'sent';
    },
  };
}
