import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember } from '../../../test/app.ts';
import { createContract } from '../../../test/contracts.ts';
import { isPostgresMode } from '../../../test/database.ts';
import { createContact, createCustomer, errorOf, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';
import { createDeal, moveDeal, stageByKey } from '../../../test/deals.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import { crmContracts } from '../contracts/contract.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';
import { crmRecordChanges } from '../history/history.tables.ts';
import type { Task } from '../tasks/task.schema.ts';
import { crmTasks } from '../tasks/task.tables.ts';
import type { HandOverCounts } from './offboarding.schema.ts';

const NOTHING: HandOverCounts = { customers: 0, contacts: 0, deals: 0, openDeals: 0, contracts: 0, openTasks: 0, leads: 0 };
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

describe('offboarding: handing over what a leaving member is responsible for', () => {
  const org = useCrmOrganization();
  let sequence = 0;

  /** A fresh member, so each test counts only what it creates. */
  const member = async (name: string, role = 'sales'): Promise<CrmMember> => {
    sequence += 1;
    const email = `handover.${String(sequence)}@acme.test`;
    const created = await createMember(org.testApp, org.owner.client, { email, name, role });
    return { ...created, email, name };
  };

  const ok = async <Body>(response: Promise<{ statusCode: number; body: string; json: <T>() => T }>): Promise<Body> => {
    const settled = await response;
    expect(settled.statusCode, settled.body).toBe(200);
    return settled.json<Body>();
  };
  const owned = (userId: string) => ok<HandOverCounts>(org.admin.client.get(`/api/crm/owned/${userId}`));
  const transferAll = (from: CrmMember, to: CrmMember, client = org.admin.client) => client.post('/api/crm/transfer-all', { fromUserId: from.id, toUserId: to.id });

  const createTask = async (client: CrmMember['client'], input: Record<string, unknown>): Promise<Task> => {
    const response = await client.post('/api/tasks', { title: 'Call back', ...input });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Task>();
  };

  const ownersOf = async (table: typeof crmDeals | typeof crmContracts | typeof crmCustomers, ids: string[]) => {
    const rows = await org.db.select({ id: table.id, owner: table.ownerUserId }).from(table).where(inArray(table.id, ids));
    return new Map(rows.map((row) => [row.id, row.owner]));
  };
  const historyOf = (ids: string[]) =>
    org.db
      .select({ recordType: crmRecordChanges.recordType, recordId: crmRecordChanges.recordId, customerId: crmRecordChanges.customerId, action: crmRecordChanges.action, changes: crmRecordChanges.changes, actor: crmRecordChanges.actorUserId })
      .from(crmRecordChanges)
      .where(and(inArray(crmRecordChanges.recordId, ids), inArray(crmRecordChanges.action, ['transferred', 'deal_transferred', 'contract_transferred', 'task_updated'])));
  const auditsTo = (userId: string) =>
    org.db
      .select({ details: auditEvents.details, actor: auditEvents.actorUserId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'crm_records_transferred'), eq(auditEvents.targetUserId, userId)));

  /**
   * A leaving salesperson's book: two live customers (two contacts), an open and a won deal, a contract and two open
   * tasks of theirs, a task the admin assigned them on a colleague's customer, a done task; in the trash a customer
   * (with its deal and contract) and a deal of its own. A colleague's deal on the leaver's customer is not theirs.
   */
  const book = async (leaver: CrmMember) => {
    const first = await createCustomer(leaver.client);
    await createContact(leaver.client, first.id);
    await createContact(leaver.client, first.id);
    const second = await createCustomer(leaver.client);
    const openDeal = await createDeal(leaver.client, first.id);
    const wonDeal = await moveDeal(leaver.client, await createDeal(leaver.client, first.id), (await stageByKey(leaver.client, 'won')).id);
    const trashedDeal = await createDeal(leaver.client, second.id);
    expect((await org.admin.client.request('DELETE', `/api/deals/${trashedDeal.id}`)).statusCode).toBe(200);
    const colleaguesDeal = await createDeal(org.admin.client, first.id, { ownerId: org.salesB.id });
    const contract = await createContract(leaver.client, first.id);
    const onCustomer = await createTask(leaver.client, { customerId: first.id });
    const unlinked = await createTask(leaver.client, {});
    const elsewhere = await createTask(org.admin.client, { assigneeId: leaver.id, customerId: (await createCustomer(org.salesB.client)).id });
    const done = await createTask(leaver.client, { customerId: second.id });
    expect((await leaver.client.post(`/api/tasks/${done.id}/complete`)).statusCode).toBe(200);
    const gone = await createCustomer(leaver.client);
    const goneDeal = await createDeal(leaver.client, gone.id);
    const goneContract = await createContract(leaver.client, gone.id);
    expect((await org.admin.client.request('DELETE', `/api/customers/${gone.id}`)).statusCode).toBe(200);
    return { first, second, gone, openDeal, wonDeal, trashedDeal, goneDeal, colleaguesDeal, contract, goneContract, onCustomer, unlinked, elsewhere, done };
  };

  it('counts the live records a member is responsible for; the trash, done tasks and deals of colleagues are left out', async () => {
    const leaver = await member('Lena Leaving');
    expect(await owned(leaver.id)).toEqual(NOTHING);
    await book(leaver);
    expect(await owned(leaver.id)).toEqual({ customers: 2, contacts: 2, deals: 2, openDeals: 1, contracts: 1, openTasks: 3, leads: 0 });
  });

  it('moves customers, deals, contracts and open tasks (the trash included) in one go: history on each timeline, one audit event', async () => {
    const leaver = await member('Lars Leaving');
    const heir = await member('Hana Heir');
    const records = await book(leaver);
    const before = await owned(leaver.id);

    const moved = await ok<HandOverCounts>(transferAll(leaver, heir));
    expect(moved).toEqual(before);
    expect(await owned(leaver.id)).toEqual(NOTHING);
    expect(await owned(heir.id)).toEqual(before);

    const customerIds = [records.first.id, records.second.id, records.gone.id];
    const dealIds = [records.openDeal.id, records.wonDeal.id, records.trashedDeal.id, records.goneDeal.id];
    const contractIds = [records.contract.id, records.goneContract.id];
    const movedTaskIds = [records.onCustomer.id, records.unlinked.id, records.elsewhere.id];
    // Trashed records move too: restored later, they have a living owner.
    expect([...(await ownersOf(crmCustomers, customerIds)).values()]).toEqual(customerIds.map(() => heir.id));
    expect([...(await ownersOf(crmDeals, dealIds)).values()]).toEqual(dealIds.map(() => heir.id));
    expect([...(await ownersOf(crmContracts, contractIds)).values()]).toEqual(contractIds.map(() => heir.id));
    expect((await ownersOf(crmDeals, [records.colleaguesDeal.id])).get(records.colleaguesDeal.id)).toBe(org.salesB.id);
    const tasks = await org.db.select({ id: crmTasks.id, assignee: crmTasks.assigneeUserId, status: crmTasks.status }).from(crmTasks).where(inArray(crmTasks.id, [...movedTaskIds, records.done.id]));
    expect(Object.fromEntries(tasks.map((task) => [task.id, task.assignee]))).toEqual({
      ...Object.fromEntries(movedTaskIds.map((id) => [id, heir.id])),
      // Done work stays with whoever did it.
      [records.done.id]: leaver.id,
    });

    const owner = { owner: { from: 'Lars Leaving', to: 'Hana Heir' } };
    const rows = await historyOf([...customerIds, ...dealIds, ...contractIds, ...movedTaskIds, records.done.id, records.colleaguesDeal.id]);
    const expected = [
      ...customerIds.map((id) => ({ recordType: 'customer', recordId: id, customerId: id, action: 'transferred', changes: owner })),
      { recordType: 'deal', recordId: records.openDeal.id, customerId: records.first.id, action: 'deal_transferred', changes: owner },
      { recordType: 'deal', recordId: records.wonDeal.id, customerId: records.first.id, action: 'deal_transferred', changes: owner },
      { recordType: 'deal', recordId: records.trashedDeal.id, customerId: records.second.id, action: 'deal_transferred', changes: owner },
      { recordType: 'deal', recordId: records.goneDeal.id, customerId: records.gone.id, action: 'deal_transferred', changes: owner },
      { recordType: 'contract', recordId: records.contract.id, customerId: records.first.id, action: 'contract_transferred', changes: owner },
      { recordType: 'contract', recordId: records.goneContract.id, customerId: records.gone.id, action: 'contract_transferred', changes: owner },
      // A task without a customer has no timeline to appear on.
      { recordType: 'task', recordId: records.onCustomer.id, customerId: records.first.id, action: 'task_updated', changes: { assignee: { from: 'Lars Leaving', to: 'Hana Heir' } } },
      { recordType: 'task', recordId: records.elsewhere.id, customerId: records.elsewhere.customerId, action: 'task_updated', changes: { assignee: { from: 'Lars Leaving', to: 'Hana Heir' } } },
    ].map((row) => ({ ...row, actor: org.admin.id }));
    const byRecord = (left: { recordId: string }, right: { recordId: string }) => left.recordId.localeCompare(right.recordId);
    expect(rows.sort(byRecord)).toEqual(expected.sort(byRecord));

    // The customer's timeline shows the hand-over of its deal and contract to whoever may read it.
    const timeline = await ok<{ items: { action: string; recordId: string }[] }>(heir.client.get(`/api/customers/${records.first.id}/history`));
    expect(timeline.items.map((item) => item.action)).toEqual(expect.arrayContaining(['transferred', 'deal_transferred', 'contract_transferred', 'task_updated']));

    const audits = await auditsTo(heir.id);
    expect(audits).toEqual([
      {
        actor: org.admin.id,
        details: { recordType: 'customer', from: leaver.id, to: heir.id, count: 2, reason: 'offboarding', contacts: 2, deals: 2, openDeals: 1, contracts: 1, openTasks: 3, leads: 0 },
      },
    ]);

    // Nothing left: a second hand-over moves nothing and says so (still audited, as an admin action).
    const other = await member('Otto Other');
    expect(await ok<HandOverCounts>(transferAll(leaver, other))).toEqual(NOTHING);
    expect((await org.db.select({ assignee: crmTasks.assigneeUserId }).from(crmTasks).where(eq(crmTasks.id, records.done.id)))[0]?.assignee).toBe(leaver.id);
  });

  it('two hand-overs at once: every record moves once, to one successor, with one history row; opposite ones do not deadlock', async () => {
    const leaver = await member('Lina Leaving');
    const [first, second] = [await member('Fay First'), await member('Sid Second')];
    const customers = await Promise.all([createCustomer(leaver.client), createCustomer(leaver.client), createCustomer(leaver.client)]);
    const deals = await Promise.all(customers.map((customer) => createDeal(leaver.client, customer.id)));
    const contracts = await Promise.all(customers.map((customer) => createContract(leaver.client, customer.id)));
    const tasks = await Promise.all(customers.map((customer) => createTask(leaver.client, { customerId: customer.id })));

    const results = await Promise.all([transferAll(leaver, first), transferAll(leaver, second, org.owner.client)]);
    expect(results.map((response) => response.statusCode)).toEqual([200, 200]);
    const counts = results.map((response) => response.json<HandOverCounts>());
    expect(counts).toEqual(expect.arrayContaining([NOTHING, { customers: 3, contacts: 0, deals: 3, openDeals: 3, contracts: 3, openTasks: 3, leads: 0 }]));
    const winner = counts[0]?.customers === 3 ? first : second;
    const customerIds = customers.map((customer) => customer.id);
    expect(new Set([...(await ownersOf(crmCustomers, customerIds)).values(), ...(await ownersOf(crmDeals, deals.map((deal) => deal.id))).values(), ...(await ownersOf(crmContracts, contracts.map((contract) => contract.id))).values()])).toEqual(new Set([winner.id]));
    const assignees = await org.db.select({ assignee: crmTasks.assigneeUserId }).from(crmTasks).where(inArray(crmTasks.id, tasks.map((task) => task.id)));
    expect(new Set(assignees.map((row) => row.assignee))).toEqual(new Set([winner.id]));
    const rows = await historyOf([...customerIds, ...deals.map((deal) => deal.id), ...contracts.map((contract) => contract.id), ...tasks.map((task) => task.id)]);
    expect(rows).toHaveLength(12);

    // Opposite directions at once: one runs after the other, so everything ends up with one of the two, never a mix.
    const theirs = await createCustomer(first.client);
    await createDeal(first.client, theirs.id);
    const swapped = await Promise.all([transferAll(first, second), transferAll(second, first, org.owner.client)]);
    expect(swapped.map((response) => response.statusCode)).toEqual([200, 200]);
    const all = [...customerIds, theirs.id];
    expect(new Set((await ownersOf(crmCustomers, all)).values()).size).toBe(1);
    const dealOwners = await org.db.select({ owner: crmDeals.ownerUserId }).from(crmDeals).where(inArray(crmDeals.customerId, all));
    expect(new Set(dealOwners.map((row) => row.owner)).size).toBe(1);
  });

  // PostgreSQL only: PGlite has one connection, so a transaction held open by the test would block the app.
  it.runIf(isPostgresMode())('opposite hand-overs while a record is busy elsewhere: one waits for the other, nothing ends up mixed', async () => {
    const [amy, ben] = [await member('Amy Ahead'), await member('Ben Behind')];
    const books = await Promise.all(
      [amy, ben].map(async (someone) => {
        const customer = await createCustomer(someone.client);
        return { customer, deal: await createDeal(someone.client, customer.id), contract: await createContract(someone.client, customer.id) };
      }),
    );
    const bens = books[1];
    if (!bens) throw new Error('no book');
    // Another request holds one of Ben's deals: the Ben → Amy hand-over stops there for a while.
    let taken: () => void = () => undefined;
    let release: () => void = () => undefined;
    const lockTaken = new Promise<void>((resolve) => (taken = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const holder = org.db.transaction(async (transaction) => {
      await transaction.select({ id: crmDeals.id }).from(crmDeals).where(eq(crmDeals.id, bens.deal.id)).for('update');
      taken();
      await released;
    });
    await lockTaken;
    const racing = [transferAll(ben, amy, org.owner.client), transferAll(amy, ben)];
    await new Promise((resolve) => setTimeout(resolve, 400));
    release();
    await holder;
    expect((await Promise.all(racing)).map((response) => response.statusCode)).toEqual([200, 200]);
    const owners = new Set([
      ...(await ownersOf(crmCustomers, books.map((book) => book.customer.id))).values(),
      ...(await ownersOf(crmDeals, books.map((book) => book.deal.id))).values(),
      ...(await ownersOf(crmContracts, books.map((book) => book.contract.id))).values(),
    ]);
    expect(owners.size).toBe(1);
  });

  it('who may hand over: members.manage only; admins not the records of an owner; the successor must be an active CRM member of the org', async () => {
    const leaver = await member('Liv Leaving');
    const heir = await member('Hugo Heir');
    const customer = await createCustomer(leaver.client);
    const deal = await createDeal(leaver.client, customer.id);
    const untouched = async () => {
      expect((await ownersOf(crmDeals, [deal.id])).get(deal.id)).toBe(leaver.id);
      expect(await auditsTo(heir.id)).toEqual([]);
    };

    for (const caller of [org.managerNorth, org.salesA, org.viewer, leaver]) {
      expect(errorOf(await caller.client.get(`/api/crm/owned/${leaver.id}`)), caller.name).toEqual({ status: 403, code: 'forbidden' });
      expect(errorOf(await transferAll(leaver, heir, caller.client)), caller.name).toEqual({ status: 403, code: 'forbidden' });
    }
    await untouched();

    // Another organisation's member, as the leaving one: the same 404 as an id that does not exist.
    for (const fromUserId of [org.foreigner.id, MISSING_ID]) {
      expect(errorOf(await org.admin.client.post('/api/crm/transfer-all', { fromUserId, toUserId: heir.id }))).toEqual({ status: 404, code: 'crm.not_found' });
      expect(errorOf(await org.admin.client.get(`/api/crm/owned/${fromUserId}`))).toEqual({ status: 404, code: 'crm.not_found' });
    }
    // As the successor: the same refusal as for an unknown id, a viewer, a deactivated member or the leaver himself.
    const gone = await member('Gil Gone');
    await org.db.update(users).set({ status: 'deactivated', deactivatedAt: new Date() }).where(eq(users.id, gone.id));
    const refused = await Promise.all([org.foreigner.id, MISSING_ID, org.viewer.id, gone.id, leaver.id].map((toUserId) => org.admin.client.post('/api/crm/transfer-all', { fromUserId: leaver.id, toUserId })));
    expect(refused.map(errorOf)).toEqual(refused.map(() => ({ status: 400, code: 'crm.invalid_new_owner' })));
    expect(new Set(refused.map((response) => response.body)).size).toBe(1);
    for (const body of [{ fromUserId: leaver.id }, { fromUserId: leaver.id, toUserId: 'nobody' }, { fromUserId: leaver.id, toUserId: heir.id, orgId: MISSING_ID }]) {
      expect(errorOf(await org.admin.client.post('/api/crm/transfer-all', body)), JSON.stringify(body)).toEqual({ status: 400, code: 'validation_failed' });
    }
    await untouched();

    // Only owners act on owners: an admin may not give away the book of a co-owner; the other owner may.
    const coOwner = await member('Olga Owner', 'owner');
    const owners = await createCustomer(coOwner.client);
    expect(errorOf(await transferAll(coOwner, heir))).toEqual({ status: 403, code: 'role_not_allowed' });
    expect((await ownersOf(crmCustomers, [owners.id])).get(owners.id)).toBe(coOwner.id);
    expect(await ok<HandOverCounts>(transferAll(coOwner, heir, org.owner.client))).toMatchObject({ customers: 1 });
    expect((await ownersOf(crmCustomers, [owners.id])).get(owners.id)).toBe(heir.id);
  });

  it('is one transaction: a failure half-way leaves every record with the leaving member', async () => {
    const leaver = await member('Lou Leaving');
    const heir = await member('Hal Heir');
    const customer = await createCustomer(leaver.client);
    const deal = await createDeal(leaver.client, customer.id);
    const task = await createTask(leaver.client, { customerId: customer.id });
    // The task update fails inside the hand-over (after customers, deals and contracts have moved).
    await org.db.execute(sql.raw(`create function offboarding_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`));
    await org.db.execute(sql.raw(`create trigger offboarding_test_refuse before update on crm_tasks for each row when (new.id = '${task.id}') execute function offboarding_test_refuse()`));
    try {
      expect((await transferAll(leaver, heir)).statusCode).toBe(500);
    } finally {
      await org.db.execute(sql.raw('drop trigger offboarding_test_refuse on crm_tasks'));
      await org.db.execute(sql.raw('drop function offboarding_test_refuse()'));
    }
    expect((await ownersOf(crmCustomers, [customer.id])).get(customer.id)).toBe(leaver.id);
    expect((await ownersOf(crmDeals, [deal.id])).get(deal.id)).toBe(leaver.id);
    expect(await historyOf([customer.id, deal.id, task.id])).toEqual([]);
    expect(await auditsTo(heir.id)).toEqual([]);
    expect(await ok<HandOverCounts>(transferAll(leaver, heir))).toMatchObject({ customers: 1, deals: 1, openTasks: 1 });
  });
});
