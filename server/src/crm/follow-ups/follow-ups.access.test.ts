import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG_BYTES, createFollowUp, uploadAttachment } from '../../../test/crm-activities.ts';
import { createContact, createCustomer, errorOf, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';
import type { Customer } from '../customers/customer.schema.ts';
import type { Attachment, FollowUp } from './follow-up.schema.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'clientele-follow-up-access-'));
const MISSING = '00000000-0000-4000-8000-000000000000';

/**
 * Who may see and change follow-ups and their attachments: the customer's scope decides (sales their own, managers
 * their team, owner/admin/viewer everyone), authorship or crm.writeAll decides changes. Anything out of scope answers
 * exactly like an id that does not exist.
 */
describe('follow-ups and attachments: access', () => {
  const org = useCrmOrganization({ DATA_DIR: dataDir });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  let customer: Customer;
  let followUp: FollowUp;
  let attachment: Attachment;

  beforeAll(async () => {
    customer = await createCustomer(org.salesA.client);
    followUp = await createFollowUp(org.salesA.client, customer.id, { content: 'Confidential pricing talk' });
    const uploaded = await uploadAttachment(org.testApp, org.salesA.client, followUp.id, { fileName: 'price.png', contentType: 'image/png', content: PNG_BYTES });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    attachment = uploaded.json<Attachment>();
  });

  /** Every way to reach the follow-up and its attachment by id, reading and writing. */
  const attempts = (member: CrmMember, ids: { followUp: string; attachment: string }) => [
    () => member.client.get(`/api/follow-ups/${ids.followUp}`),
    () => member.client.request('PATCH', `/api/follow-ups/${ids.followUp}`, { version: 1, content: 'Overwritten' }),
    () => member.client.request('DELETE', `/api/follow-ups/${ids.followUp}`),
    () => member.client.post(`/api/follow-ups/${ids.followUp}/restore`),
    () => uploadAttachment(org.testApp, member.client, ids.followUp, { fileName: 'x.png', contentType: 'image/png', content: PNG_BYTES }),
    () => member.client.get(`/api/attachments/${ids.attachment}`),
    () => member.client.request('DELETE', `/api/attachments/${ids.attachment}`),
  ];

  it('other salespeople, the other team\'s manager and another organisation get 404, byte for byte like a missing id', async () => {
    const missing = await org.salesB.client.get(`/api/follow-ups/${MISSING}`);
    for (const member of [org.salesB, org.managerSouth, org.loner, org.foreigner]) {
      for (const attempt of attempts(member, { followUp: followUp.id, attachment: attachment.id })) {
        const response = await attempt();
        expect(errorOf(response), `${member.name} ${response.raw.req.method} ${response.raw.req.url}`).toEqual({ status: 404, code: 'crm.not_found' });
        expect(response.body).toBe(missing.body);
      }
      // The same for ids that do not exist, and for ids that are not ids at all.
      for (const ids of [{ followUp: MISSING, attachment: MISSING }, { followUp: 'not-a-uuid', attachment: '1%20or%201=1' }]) {
        for (const attempt of attempts(member, ids)) expect(errorOf(await attempt())).toEqual({ status: 404, code: 'crm.not_found' });
      }
      // Lists are scoped, not filtered afterwards: naming the customer shows nothing.
      const listed = await member.client.get(`/api/follow-ups?customerId=${customer.id}`);
      expect(listed.json<{ items: FollowUp[] }>().items).toEqual([]);
      expect((await member.client.get('/api/follow-ups?limit=100')).json<{ items: FollowUp[] }>().items.map((item) => item.id)).not.toContain(followUp.id);
      // Nor can they log a follow-up on it.
      expect(errorOf(await member.client.post('/api/follow-ups', { customerId: customer.id, type: 'call', content: 'Hijack' }))).toEqual({ status: 404, code: 'crm.not_found' });
    }
    // Nothing changed.
    expect((await org.salesA.client.get(`/api/follow-ups/${followUp.id}`)).json<FollowUp>()).toMatchObject({ content: 'Confidential pricing talk', version: 1, attachments: [attachment] });
  });

  it('AZ-01: every follow-up, attachment and task route is documented and refuses anonymous callers with 401', async () => {
    const document = (await org.testApp.client().get('/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const paths = Object.keys(document.paths).filter((path) => /^\/api\/(follow-ups|attachments|tasks)\b/.test(path));
    expect(paths.sort()).toEqual(
      [
        '/api/attachments/{id}',
        '/api/follow-ups',
        '/api/follow-ups/{id}',
        '/api/follow-ups/{id}/attachments',
        '/api/follow-ups/{id}/restore',
        '/api/tasks',
        '/api/tasks/counts',
        '/api/tasks/{id}',
        '/api/tasks/{id}/complete',
        '/api/tasks/{id}/reopen',
        '/api/tasks/{id}/restore',
      ].sort(),
    );
    const anonymous = org.testApp.client();
    for (const path of paths) {
      for (const method of Object.keys(document.paths[path] ?? {})) {
        const url = path.replace('{id}', path.startsWith('/api/attachments') ? attachment.id : followUp.id);
        const response = await anonymous.request(method.toUpperCase() as 'GET', url, method === 'get' || method === 'delete' ? undefined : {});
        expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(401);
      }
    }
  });

  it('viewers read everything and change nothing: 403 crm.read_only before any lookup', async () => {
    expect((await org.viewer.client.get(`/api/follow-ups/${followUp.id}`)).json<FollowUp>()).toMatchObject({ id: followUp.id, canEdit: false });
    expect((await org.viewer.client.get(`/api/attachments/${attachment.id}`)).statusCode).toBe(200);
    for (const ids of [{ followUp: followUp.id, attachment: attachment.id }, { followUp: MISSING, attachment: MISSING }]) {
      for (const attempt of attempts(org.viewer, ids).slice(1).filter((_, index) => index !== 4)) {
        expect(errorOf(await attempt())).toEqual({ status: 403, code: 'crm.read_only' });
      }
    }
    expect(errorOf(await org.viewer.client.post('/api/follow-ups', { customerId: customer.id, type: 'call', content: 'Hi' }))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await org.viewer.client.post('/api/follow-ups', { bogus: true }))).toEqual({ status: 403, code: 'crm.read_only' });
  });

  it('a customer one only sees (the public pool) takes no follow-up from him; another author\'s follow-up is read-only', async () => {
    const pool = await createCustomer(org.admin.client, { ownerId: null });
    expect(errorOf(await org.salesA.client.post('/api/follow-ups', { customerId: pool.id, type: 'call', content: 'Hi' }))).toEqual({ status: 403, code: 'forbidden' });
    const adminNote = await createFollowUp(org.admin.client, pool.id);
    expect((await org.salesA.client.get(`/api/follow-ups/${adminNote.id}`)).json<FollowUp>().canEdit).toBe(false);
    expect(errorOf(await uploadAttachment(org.testApp, org.salesA.client, adminNote.id, { fileName: 'x.png', contentType: 'image/png', content: PNG_BYTES }))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/follow-ups/${adminNote.id}`, { version: 1, content: 'Mine' }))).toEqual({ status: 403, code: 'forbidden' });
  });

  it('ids swapped in the body: another customer\'s contact is not found', async () => {
    const bobs = await createCustomer(org.salesB.client);
    const bobsContact = await createContact(org.salesB.client, bobs.id);
    const ownContact = await createContact(org.salesA.client, customer.id);
    expect(errorOf(await org.salesA.client.post('/api/follow-ups', { customerId: customer.id, type: 'call', content: 'Hi', contactId: bobsContact.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    const mine = await createFollowUp(org.salesA.client, customer.id, { contactId: ownContact.id });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/follow-ups/${mine.id}`, { version: 1, contactId: bobsContact.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.get(`/api/follow-ups?customerId=not-a-uuid`))).toEqual({ status: 404, code: 'crm.not_found' });
  });

  it('the team\'s manager, the admin and the owner see and correct the salesperson\'s follow-up', async () => {
    for (const member of [org.managerNorth, org.admin, org.owner]) {
      const response = await member.client.get(`/api/follow-ups/${followUp.id}`);
      expect(response.json<FollowUp>(), member.name).toMatchObject({ id: followUp.id, canEdit: true });
      expect((await member.client.get(`/api/attachments/${attachment.id}`)).statusCode).toBe(200);
    }
    const corrected = await org.managerNorth.client.request('PATCH', `/api/follow-ups/${followUp.id}`, { version: 1, content: 'Pricing talk' });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect((await org.salesA.client.get(`/api/follow-ups/${followUp.id}`)).json<FollowUp>()).toMatchObject({ content: 'Pricing talk', authorId: org.salesA.id, canEdit: true });
  });
});
