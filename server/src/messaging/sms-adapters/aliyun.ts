import { createHmac, randomUUID } from 'node:crypto';
import { describeFailure, SMS_REQUEST_TIMEOUT_MS, SmsProviderError, type SmsAdapter } from './sms-adapter.ts';

export interface AliyunSettings {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** Approved template with a ${code} variable (verification and recovery codes). */
  templateCode: string;
  /** Approved template without variables for security notices; without it notices are not texted. */
  noticeTemplateCode: string | null;
  baseUrl: string;
}

/** RFC 3986 encoding as Alibaba Cloud's RPC signature requires (space → %20, and * ' ( ) ! encoded too). */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Signature version 1.0 (HMAC-SHA1) over the sorted, encoded parameters; the key is the secret followed by '&'. */
export function signAliyunRequest(method: 'GET' | 'POST', parameters: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(parameters)
    .sort()
    .map((name) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(parameters[name] ?? '')}`)
    .join('&');
  const stringToSign = `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Mainland numbers are sent without +86; others as country code and number without '+'. */
function aliyunPhoneNumber(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164.replace(/^\+/, '');
}

/** Alibaba Cloud SMS (dysmsapi 2017-05-25 SendSms), template based: China requires approved templates. */
export function createAliyunAdapter(settings: AliyunSettings): SmsAdapter {
  return {
    async send(delivery) {
      const templateCode = delivery.code ? settings.templateCode : settings.noticeTemplateCode;
      if (!templateCode) return 'skipped';
      const parameters: Record<string, string> = {
        AccessKeyId: settings.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: aliyunPhoneNumber(delivery.to),
        RegionId: 'cn-hangzhou',
        SignName: settings.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: templateCode,
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      };
      if (delivery.code) parameters.TemplateParam = JSON.stringify({ code: delivery.code });
      const signature = signAliyunRequest('POST', parameters, settings.accessKeySecret);
      const query = Object.entries({ ...parameters, Signature: signature })
        .map(([name, value]) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(value)}`)
        .join('&');
      const response = await fetch(`${settings.baseUrl}/?${query}`, { method: 'POST', signal: AbortSignal.timeout(SMS_REQUEST_TIMEOUT_MS) });
      if (!response.ok) throw new SmsProviderError(await describeFailure('Aliyun SMS', response));
      const result = (await response.json().catch(() => ({}))) as { Code?: string; Message?: string };
      if (result.Code !== 'OK') throw new SmsProviderError(`Aliyun SMS refused: ${result.Code ?? 'no code'} ${result.Message ?? ''}`.slice(0, 300));
      return 'sent';
    },
  };
}
