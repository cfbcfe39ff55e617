/** What an adapter needs to deliver one text. `code` is set for verification/recovery codes. */
export interface SmsDelivery {
  /** E.164, e.g. +8613800138000. */
  to: string;
  text: string;
  code?: string | undefined;
}

/**
 * One provider's API. `send` throws on any failure (the pg-boss job retries); it returns 'skipped' when the provider
 * cannot carry this kind of message (template providers without a notice template configured).
 */
export interface SmsAdapter {
  send(delivery: SmsDelivery): Promise<'sent' | 'skipped'>;
}

export class SmsProviderError extends Error {}

export const SMS_REQUEST_TIMEOUT_MS = 10_000;

/** Reads the body for an error message without trusting its size or shape. */
export async function describeFailure(provider: string, response: Response): Promise<string> {
  const body = (await response.text().catch(() => '')).slice(0, 300);
  return `${provider} answered ${response.status}${body ? `: ${body}` : ''}`;
}
