import { z } from 'zod';
import { webhookEventTypes } from './webhook-events.ts';

/** Endpoints one organisation may have. */
export const MAX_ENDPOINTS = 20;

const eventsField = z.array(z.enum(webhookEventTypes)).max(webhookEventTypes.length);

export const webhookCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  url: z.string().trim().min(1).max(2000),
  events: eventsField.default([]),
  allEvents: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type WebhookCreateInput = z.infer<typeof webhookCreateBody>;

export const webhookUpdateBody = z.strictObject({
  name: z.string().trim().min(1).max(80).optional(),
  url: z.string().trim().min(1).max(2000).optional(),
  events: eventsField.optional(),
  allEvents: z.boolean().optional(),
  active: z.boolean().optional(),
});
export type WebhookUpdateInput = z.infer<typeof webhookUpdateBody>;

export const webhookParams = z.strictObject({ id: z.string().max(100) });
export const deliveryParams = z.strictObject({ deliveryId: z.string().max(100) });
export const deliveryListQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const webhookSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  allEvents: z.boolean(),
  active: z.boolean(),
  /** 'failing' when deliveries failed for days and the server switched it off. */
  disabledReason: z.string().nullable(),
  failingSince: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Webhook = z.infer<typeof webhookSchema>;

/** Creation and rotation only: the signing secret, shown this once. */
export const webhookWithSecretSchema = webhookSchema.extend({ secret: z.string() });
export const webhookListSchema = z.object({ items: z.array(webhookSchema), eventTypes: z.array(z.string()), maxEndpoints: z.number() });

export const deliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  /** timeout, http_status, redirect, address_refused, dns_failed, connection_failed, invalid_url, endpoint_disabled, secret_unreadable. */
  lastError: z.string().nullable(),
  lastDurationMs: z.number().nullable(),
  lastAttemptAt: z.date().nullable(),
  /** Null unless another attempt is planned. */
  nextAttemptAt: z.date().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
});
export type Delivery = z.infer<typeof deliverySchema>;
export const deliveryPageSchema = z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() });
