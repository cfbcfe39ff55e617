import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const twilio = { SMS_PROVIDER: 'twilio', SMS_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, SMS_TWILIO_AUTH_TOKEN: 'a'.repeat(32), SMS_TWILIO_FROM: '+15005550006' };
const aliyun = { SMS_PROVIDER: 'aliyun', SMS_ALIYUN_ACCESS_KEY_ID: 'LTAI5tExample', SMS_ALIYUN_ACCESS_KEY_SECRET: 'secret-secret', SMS_ALIYUN_SIGN_NAME: '客户管家', SMS_ALIYUN_TEMPLATE_CODE: 'SMS_154950909' };
const tencent = { SMS_PROVIDER: 'tencent', SMS_TENCENT_SECRET_ID: 'AKIDexample', SMS_TENCENT_SECRET_KEY: 'secretkey123', SMS_TENCENT_SDK_APP_ID: '1400006666', SMS_TENCENT_SIGN_NAME: '客户管家', SMS_TENCENT_TEMPLATE_ID: '449739' };

function configError(environment: Record<string, string>): string {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'no error';
}

describe('SMS provider configuration', () => {
  it('defaults to the outbox and builds each provider from its variables with the real endpoints', () => {
    expect(loadConfig({}).sms).toEqual({ provider: 'outbox' });
    expect(loadConfig({ SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'https://sms.example.com/send' }).sms).toEqual({ provider: 'webhook', url: 'https://sms.example.com/send' });
    expect(loadConfig(twilio).sms).toMatchObject({ provider: 'twilio', baseUrl: 'https://api.twilio.com' });
    expect(loadConfig(aliyun).sms).toMatchObject({ provider: 'aliyun', baseUrl: 'https://dysmsapi.aliyuncs.com', noticeTemplateCode: null });
    expect(loadConfig(tencent).sms).toMatchObject({ provider: 'tencent', baseUrl: 'https://sms.tencentcloudapi.com', region: 'ap-guangzhou' });
  });

  it('stops start-up with one line naming the missing or bad variable', () => {
    expect(configError({ SMS_PROVIDER: 'carrier-pigeon' })).toMatch(/^Invalid SMS_PROVIDER: /);
    expect(configError({ SMS_PROVIDER: 'webhook' })).toBe('Invalid SMS_WEBHOOK_URL: required when SMS_PROVIDER=webhook');
    expect(configError({ ...twilio, SMS_TWILIO_AUTH_TOKEN: '' })).toBe('Invalid SMS_TWILIO_AUTH_TOKEN: required when SMS_PROVIDER=twilio');
    expect(configError({ ...twilio, SMS_TWILIO_ACCOUNT_SID: 'XX123' })).toMatch(/^Invalid SMS_TWILIO_ACCOUNT_SID: must be AC/);
    expect(configError({ ...twilio, SMS_TWILIO_FROM: '555-1234' })).toMatch(/^Invalid SMS_TWILIO_FROM: /);
    expect(configError({ ...aliyun, SMS_ALIYUN_TEMPLATE_CODE: undefined as unknown as string })).toBe('Invalid SMS_ALIYUN_TEMPLATE_CODE: required when SMS_PROVIDER=aliyun');
    expect(configError({ ...aliyun, SMS_ALIYUN_TEMPLATE_CODE: 'verify-code' })).toMatch(/^Invalid SMS_ALIYUN_TEMPLATE_CODE: must look like SMS_/);
    expect(configError({ ...tencent, SMS_TENCENT_SDK_APP_ID: 'app' })).toMatch(/^Invalid SMS_TENCENT_SDK_APP_ID: /);
    expect(configError({ ...tencent, SMS_TENCENT_SECRET_KEY: '' })).toBe('Invalid SMS_TENCENT_SECRET_KEY: required when SMS_PROVIDER=tencent');
    for (const message of [configError({ SMS_PROVIDER: 'webhook' }), configError({ ...tencent, SMS_TENCENT_SDK_APP_ID: 'app' })]) expect(message).not.toContain('\n');
  });

  it('lets tests point a provider at a loopback server only', () => {
    expect(loadConfig({ ...tencent, SMS_PROVIDER_TEST_BASE_URL: 'http://127.0.0.1:4010' }).sms).toMatchObject({ baseUrl: 'http://127.0.0.1:4010' });
    expect(configError({ ...tencent, SMS_PROVIDER_TEST_BASE_URL: 'http://evil.example.com' })).toMatch(/^Invalid SMS_PROVIDER_TEST_BASE_URL: /);
    expect(configError({ ...tencent, SMS_PROVIDER_TEST_BASE_URL: 'https://127.0.0.1:4010' })).toMatch(/^Invalid SMS_PROVIDER_TEST_BASE_URL: /);
  });
});
