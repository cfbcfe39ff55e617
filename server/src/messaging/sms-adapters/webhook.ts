import { describeFailure, SMS_REQUEST_TIMEOUT_MS, SmsProviderError, type SmsAdapter } from './sms-adapter.ts';

/** Generic gateway: POST JSON {"to","text"} to a URL the operator runs. */
export function createWebhookAdapter(url: string): SmsAdapter {
  return {
    async send(delivery) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: delivery.to, text: delivery.text }),
        signal: AbortSignal.timeout(SMS_REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) throw new SmsProviderError(await describeFailure('SMS webhook', response));
      return 'sent';
    },
  };
}
