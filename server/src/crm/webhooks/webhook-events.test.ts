import { describe, expect, it } from 'vitest';
import { historyActions } from '../history/history.schema.ts';
import { eventTypeOf, webhookEventTypes } from './webhook-events.ts';
import { recordFields, webhookBody } from './webhook-payload.ts';

describe('webhook events', () => {
  it('maps every history action to created, updated or deleted', () => {
    for (const action of historyActions) expect(eventTypeOf('customer', action)).toMatch(/^customer\.(created|updated|deleted)$/);
    expect(eventTypeOf('customer', 'created')).toBe('customer.created');
    expect(eventTypeOf('contact', 'contact_added')).toBe('contact.created');
    expect(eventTypeOf('customer', 'deleted')).toBe('customer.deleted');
    expect(eventTypeOf('task', 'task_deleted')).toBe('task.deleted');
    expect(eventTypeOf('customer', 'restored')).toBe('customer.updated');
    expect(eventTypeOf('customer', 'claimed')).toBe('customer.updated');
    expect(eventTypeOf('deal', 'deal_stage_changed')).toBe('deal.updated');
    expect(eventTypeOf('contract', 'payment_recorded')).toBe('contract.updated');
    expect(eventTypeOf('lead', 'lead_converted')).toBe('lead.updated');
    expect(eventTypeOf('follow_up', 'attachment_added')).toBe('follow_up.updated');
    expect(eventTypeOf('payment', 'created')).toBeNull();
    expect(webhookEventTypes).toHaveLength(21);
  });

  it('sends the record in camelCase without internal columns, timestamps in UTC, or just the id when it is gone', () => {
    expect(recordFields({ id: 'a', org_id: 'o', name_key: 'k', phone_digits: '1', last_follow_up_at: '2026-12-06T02:30:00.5+00:00', amount: '12.30' }, 'a')).toEqual({
      id: 'a',
      lastFollowUpAt: '2026-12-06T02:30:00.500Z',
      amount: '12.30',
    });
    expect(recordFields(null, 'gone')).toEqual({ id: 'gone' });
    const body = JSON.parse(
      webhookBody({ eventId: 'e', eventType: 'customer.updated', orgId: 'o', createdAt: new Date(0), payload: { occurredAt: '2026-12-06T02:30:00+00:00', action: 'updated', recordId: 'r', record: { id: 'r', name: 'N' }, changes: { name: { from: 'M', to: 'N' } } } }),
    ) as unknown;
    expect(body).toEqual({ id: 'e', type: 'customer.updated', occurredAt: '2026-12-06T02:30:00.000Z', orgId: 'o', action: 'updated', data: { id: 'r', name: 'N', changes: { name: { from: 'M', to: 'N' } } } });
  });
});
