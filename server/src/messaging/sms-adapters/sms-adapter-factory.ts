import type { SmsProviderConfig } from '../../config.ts';
import { createAliyunAdapter } from './aliyun.ts';
import type { SmsAdapter } from './sms-adapter.ts';
import { createTencentAdapter } from './tencent.ts';
import { createTwilioAdapter } from './twilio.ts';
import { createWebhookAdapter } from './webhook.ts';

/** The adapter for the configured provider; undefined for the outbox (nothing leaves the server). */
export function createSmsAdapter(settings: SmsProviderConfig): SmsAdapter | undefined {
  switch (settings.provider) {
    case 'outbox':
      return undefined;
    case 'webhook':
      return createWebhookAdapter(settings.url);
    case 'twilio':
      return createTwilioAdapter(settings);
    case 'aliyun':
      return createAliyunAdapter(settings);
    case 'tencent':
      return createTencentAdapter(settings);
  }
}
