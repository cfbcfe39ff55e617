import { defineErrors } from '../../http/app-error.ts';

export const webhookErrors = defineErrors({
  /** Not a URL at all, or user:password@ in it (credentials belong in the receiver's check of the signature). */
  URL_INVALID: { status: 400, code: 'webhooks.url_invalid' },
  /** http:// without WEBHOOKS_ALLOW_PRIVATE: events carry customer data, so they travel encrypted. */
  URL_NOT_HTTPS: { status: 400, code: 'webhooks.url_not_https' },
  /** A literal address that is never allowed (metadata, link-local, multicast…) or private without the switch. */
  URL_ADDRESS_REFUSED: { status: 400, code: 'webhooks.url_address_refused' },
  /** Neither "all events" nor any event type chosen. */
  NO_EVENTS: { status: 400, code: 'webhooks.no_events' },
  LIMIT_REACHED: { status: 409, code: 'webhooks.limit_reached' },
  /** Test events and redeliveries go only to an active endpoint. */
  ENDPOINT_DISABLED: { status: 409, code: 'webhooks.endpoint_disabled' },
  BAD_CURSOR: { status: 400, code: 'webhooks.bad_cursor' },
});
