import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** Mirrors server/src/crm/webhooks/webhook-events.ts. */
export const webhookRecordTypes = ['lead', 'customer', 'contact', 'deal', 'contract', 'follow_up', 'task'] as const;
export const webhookEventKinds = ['created', 'updated', 'deleted'] as const;

export interface Webhook {
  id: string;
  name: string;
  url: string;
  events: string[];
  allEvents: boolean;
  active: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookWithSecret extends Webhook {
  /** The signing secret: in this response only, never again. */
  secret: string;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface WebhookInput {
  name: string;
  url: string;
  events: string[];
  allEvents: boolean;
}

export const webhooksKey = ['webhooks'] as const;
const deliveriesKey = (id: string) => ['webhooks', id, 'deliveries'] as const;

export const webhooksApi = {
  list: () => api.get<{ items: Webhook[]; maxEndpoints: number }>('/webhooks'),
  create: (input: WebhookInput) => api.post<WebhookWithSecret>('/webhooks', input),
  update: (id: string, input: Partial<WebhookInput> & { active?: boolean }) =>
    api.patch<Webhook>(`/webhooks/${encodeURIComponent(id)}`, input),
  remove: (id: string) => api.delete<void>(`/webhooks/${encodeURIComponent(id)}`),
  rotateSecret: (id: string) => api.post<WebhookWithSecret>(`/webhooks/${encodeURIComponent(id)}/rotate-secret`),
  test: (id: string) => api.post<WebhookDelivery>(`/webhooks/${encodeURIComponent(id)}/test`),
  deliveries: (id: string) =>
    api.get<{ items: WebhookDelivery[]; nextCursor: string | null }>(`/webhooks/${encodeURIComponent(id)}/deliveries`, {
      limit: 50,
    }),
  redeliver: (deliveryId: string) =>
    api.post<WebhookDelivery>(`/webhooks/deliveries/${encodeURIComponent(deliveryId)}/redeliver`),
};

export function useWebhooks() {
  return useQuery({ queryKey: webhooksKey, queryFn: webhooksApi.list });
}

/** The delivery log refreshes itself every few seconds while it is open, so a new event shows up without a reload. */
export function useDeliveries(id: string) {
  return useQuery({ queryKey: deliveriesKey(id), queryFn: () => webhooksApi.deliveries(id), refetchInterval: 3000 });
}

export function refreshWebhooks(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: webhooksKey });
}
