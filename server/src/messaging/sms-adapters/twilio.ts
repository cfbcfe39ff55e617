import { describeFailure, SMS_REQUEST_TIMEOUT_MS, SmsProviderError, type SmsAdapter } from './sms-adapter.ts';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** A sender number (E.164) or a Messaging Service SID (MG…). */
  from: string;
  baseUrl: string;
}

/** Twilio Programmable Messaging: form-encoded POST to the account's Messages resource with HTTP basic auth. */
export function createTwilioAdapter(settings: TwilioSettings): SmsAdapter {
  const url = `${settings.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
  return {
    async send(delivery) {
      const form = new URLSearchParams({ To: delivery.to, Body: delivery.text });
      form.set(settings.from.startsWith('MG') ? 'MessagingServiceSid' : 'From', settings.from);
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(SMS_REQUEST_TIMEOUT_MS),
      });
      if (response.status !== 201 && response.status !== 200) throw new SmsProviderError(await describeFailure('Twilio', response));
      return 'sent';
    },
  };
}
