import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/app.ts';
import { createContract, recordPayment } from '../../../test/contracts.ts';
import { createFollowUp } from '../../../test/crm-activities.ts';
import { createCustomer, errorOf, useCrmOrganization } from '../../../test/crm.ts';
import { createDeal, stageByKey } from '../../../test/deals.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';

const PERIOD = 'from=2025-01-01&to=2025-06-30';
const MISSING = '00000000-0000-4000-8000-000000000000';

async function report<Body>(client: TestClient, path: string): Promise<Body> {
  const response = await client.get(`/api/reports/${path}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Body>();
}

interface Funnel {
  stages: { key: string | null; kind: string; count: number; totals: { currency: string; amount: string }[] }[];
}
interface Months<Row> {
  currency: string;
  months: (Row & { month: string })[];
  total: Record<string, unknown>;
}
interface Weekly {
  weeks: { start: string; isoWeek: string }[];
  people: { name: string | null; counts: number[]; total: number }[];
  total: number;
}
interface Sources {
  sources: { source: string; count: number }[];
  total: number;
}
interface Stale {
  total: number;
  items: { id: string; name: string; ownerName: string | null; lastFollowUpAt: string | null; idleDays: number }[];
}

/** Compact views of the answers, so each expectation reads as the figures a user would check. */
type FunnelView = Record<string, { count: number; totals: Record<string, string> } | undefined>;
const funnelOf = (body: Funnel): FunnelView =>
  Object.fromEntries(body.stages.map((stage): [string, { count: number; totals: Record<string, string> }] => [stage.key ?? stage.kind, { count: stage.count, totals: Object.fromEntries(stage.totals.map((total): [string, string] => [total.currency, total.amount])) }]));
const nonZeroMonths = <Row extends object>(body: Months<Row>) => body.months.filter((month) => Object.entries(month).some(([key, value]: [string, unknown]) => key !== 'month' && value !== 0 && value !== '0.00'));

describe('reports', () => {
  const org = useCrmOrganization();
  const names: Record<string, string> = {};

  beforeAll(async () => {
    const { db } = org;
    const won = await stageByKey(org.owner.client, 'won');
    const lost = await stageByKey(org.owner.client, 'lost');
    const proposal = await stageByKey(org.owner.client, 'proposal');
    const customer = async (key: string, client: TestClient, createdAt: string, source?: string) => {
      const created = await createCustomer(client, source === undefined ? {} : { source });
      if (createdAt !== 'now') await db.update(crmCustomers).set({ createdAt: new Date(createdAt) }).where(eq(crmCustomers.id, created.id));
      names[key] = created.name;
      return created.id;
    };
    const closedAt = async (dealId: string, at: string) => db.update(crmDeals).set({ closedAt: new Date(at) }).where(eq(crmDeals.id, dealId));

    const a1 = await customer('a1', org.salesA.client, '2025-02-10T08:00:00Z', 'referral');
    const a2 = await customer('a2', org.salesA.client, '2025-03-05T08:00:00Z');
    await customer('fresh', org.salesA.client, 'now', 'website');
    const b1 = await customer('b1', org.salesB.client, '2025-02-20T08:00:00Z', 'referral');
    await customer('b2', org.salesB.client, '2025-07-15T08:00:00Z', 'website');
    const l1 = await customer('l1', org.loner.client, '2025-04-01T08:00:00Z', 'exhibition');

    // Deals: open ones count wherever they are; won and lost ones by their closing time.
    await createDeal(org.salesA.client, a1, { amount: '1000.00' });
    await closedAt((await createDeal(org.salesA.client, a1, { amount: '2500.50', stageId: won.id })).id, '2025-03-15T10:00:00Z');
    await closedAt((await createDeal(org.salesA.client, a2, { amount: '300.00', currency: 'USD', stageId: won.id })).id, '2025-03-20T10:00:00Z');
    await closedAt((await createDeal(org.salesA.client, a2, { amount: '700.00', stageId: lost.id, lostReason: 'Price' })).id, '2025-04-02T10:00:00Z');
    await closedAt((await createDeal(org.salesA.client, a1, { amount: '999.00', stageId: won.id })).id, '2024-12-31T23:59:59.999Z');
    const trashed = await createDeal(org.salesA.client, a1, { amount: '100.00', stageId: won.id });
    await closedAt(trashed.id, '2025-03-01T10:00:00Z');
    expect((await org.owner.client.request('DELETE', `/api/deals/${trashed.id}`)).statusCode).toBe(200);
    await createDeal(org.salesB.client, b1, { amount: '5000.00', stageId: proposal.id });
    await closedAt((await createDeal(org.salesB.client, b1, { amount: '4000.00', stageId: won.id })).id, '2025-06-30T23:30:00Z');
    await closedAt((await createDeal(org.loner.client, l1, { amount: '50.00', currency: 'EUR', stageId: won.id })).id, '2025-06-01T10:00:00Z');

    // Follow-ups in ISO weeks 10 (from Monday 3 March 2025) and 11.
    await createFollowUp(org.salesA.client, a1, { occurredAt: '2025-03-03T10:00:00Z' });
    await createFollowUp(org.salesA.client, a1, { occurredAt: '2025-03-05T10:00:00Z' });
    await createFollowUp(org.salesA.client, a1, { occurredAt: '2025-03-12T10:00:00Z' });
    await createFollowUp(org.salesB.client, b1, { occurredAt: '2025-03-04T10:00:00Z' });
    await createFollowUp(org.owner.client, a1, { occurredAt: '2025-03-06T10:00:00Z' });
    await createFollowUp(org.salesA.client, a1, { occurredAt: '2025-03-17T00:00:00Z' });

    // Contracts (a draft is not signed yet) and payments received.
    const kA1 = await createContract(org.salesA.client, a1, { amount: '10000.00', status: 'active', signedDate: '2025-02-14' });
    await recordPayment(org.salesA.client, kA1.id, { amount: '3000.00', receivedDate: '2025-02-20' });
    await recordPayment(org.salesA.client, kA1.id, { amount: '2000.00', receivedDate: '2025-04-01' });
    const kA2 = await createContract(org.salesA.client, a2, { amount: '800.00', currency: 'USD', status: 'active', signedDate: '2025-03-01' });
    await recordPayment(org.salesA.client, kA2.id, { amount: '800.00', receivedDate: '2025-03-05' });
    await createContract(org.salesA.client, a1, { amount: '999.00', status: 'draft', signedDate: '2025-02-01' });
    const kB1 = await createContract(org.salesB.client, b1, { amount: '6000.00', status: 'active', signedDate: '2025-04-10' });
    await recordPayment(org.salesB.client, kB1.id, { amount: '1500.00', receivedDate: '2025-05-02' });
    await recordPayment(org.salesB.client, kB1.id, { amount: '10.00', receivedDate: '2025-07-01' });
  });

  it('funnel: open deals per stage now, won and lost in the period, amounts per currency, stages in board order', async () => {
    const body = await report<Funnel>(org.owner.client, `funnel?${PERIOD}`);
    expect(body.stages.map((stage) => stage.key)).toEqual(['qualify', 'needs', 'proposal', 'negotiation', 'won', 'lost']);
    expect(funnelOf(body)).toEqual({
      qualify: { count: 1, totals: { CNY: '1000.00' } },
      needs: { count: 0, totals: {} },
      proposal: { count: 1, totals: { CNY: '5000.00' } },
      negotiation: { count: 0, totals: {} },
      won: { count: 4, totals: { CNY: '6500.50', EUR: '50.00', USD: '300.00' } },
      lost: { count: 1, totals: { CNY: '700.00' } },
    });
    // Another period keeps the open deals and changes the closed ones.
    const winter = funnelOf(await report<Funnel>(org.owner.client, 'funnel?from=2024-12-01&to=2024-12-31'));
    expect(winter.won).toEqual({ count: 1, totals: { CNY: '999.00' } });
    expect(winter.qualify?.count).toBe(1);
  });

  it('won by month: zero-filled months in one currency, the period’s last day included', async () => {
    const body = await report<Months<{ count: number; amount: string }>>(org.owner.client, `won-by-month?${PERIOD}&currency=CNY`);
    expect(body.months.map((month) => month.month)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    expect(nonZeroMonths(body)).toEqual([
      { month: '2025-03', count: 1, amount: '2500.50' },
      { month: '2025-06', count: 1, amount: '4000.00' },
    ]);
    expect(body.total).toEqual({ count: 2, amount: '6500.50' });
    const dollars = await report<Months<{ count: number; amount: string }>>(org.owner.client, `won-by-month?${PERIOD}&currency=usd`);
    expect(dollars.currency).toBe('USD');
    expect(nonZeroMonths(dollars)).toEqual([{ month: '2025-03', count: 1, amount: '300.00' }]);
  });

  it('follow-ups per author and ISO week, zero-filled, the busiest first', async () => {
    const body = await report<Weekly>(org.owner.client, 'follow-ups-by-week?from=2025-03-03&to=2025-03-16');
    expect(body.weeks).toEqual([
      { start: '2025-03-03', isoWeek: '2025-W10' },
      { start: '2025-03-10', isoWeek: '2025-W11' },
    ]);
    expect(body.people.map(({ name, counts, total }) => ({ name, counts, total }))).toEqual([
      { name: 'Alice Sales', counts: [2, 1], total: 3 },
      { name: 'Bob Sales', counts: [1, 0], total: 1 },
      { name: 'Wang Li', counts: [1, 0], total: 1 },
    ]);
    expect(body.total).toBe(5);
    // A period from mid-week starts at that week's Monday; the week of 2024-12-30 is 2025-W01.
    const turn = await report<Weekly>(org.owner.client, 'follow-ups-by-week?from=2025-01-01&to=2025-01-06');
    expect(turn.weeks).toEqual([
      { start: '2024-12-30', isoWeek: '2025-W01' },
      { start: '2025-01-06', isoWeek: '2025-W02' },
    ]);
  });

  it('new customers by source: created in the period, no source as "unknown"', async () => {
    const body = await report<Sources>(org.owner.client, `new-customers?${PERIOD}`);
    expect(body.sources).toEqual([
      { source: 'referral', count: 2 },
      { source: 'exhibition', count: 1 },
      { source: 'unknown', count: 1 },
    ]);
    expect(body.total).toBe(4);
  });

  it('contracts against payments received per month, drafts left out, one currency at a time', async () => {
    const body = await report<Months<{ contracts: number; contracted: string; received: string }>>(org.owner.client, `contracts-vs-payments?${PERIOD}&currency=CNY`);
    expect(nonZeroMonths(body)).toEqual([
      { month: '2025-02', contracts: 1, contracted: '10000.00', received: '3000.00' },
      { month: '2025-04', contracts: 1, contracted: '6000.00', received: '2000.00' },
      { month: '2025-05', contracts: 0, contracted: '0.00', received: '1500.00' },
    ]);
    expect(body.total).toEqual({ contracts: 2, contracted: '16000.00', received: '6500.00' });
    const dollars = await report<Months<{ contracts: number; contracted: string; received: string }>>(org.owner.client, `contracts-vs-payments?${PERIOD}&currency=USD`);
    expect(dollars.total).toEqual({ contracts: 1, contracted: '800.00', received: '800.00' });
  });

  it('currencies: the most used in the scope is the default of the money reports', async () => {
    expect(await report(org.owner.client, 'currencies')).toEqual({
      currencies: [
        { currency: 'CNY', records: 9 },
        { currency: 'USD', records: 2 },
        { currency: 'EUR', records: 1 },
      ],
      defaultCurrency: 'CNY',
    });
    expect((await report<Months<object>>(org.owner.client, `won-by-month?${PERIOD}`)).currency).toBe('CNY');
    // The loner only ever sold in euros: his reports default to EUR and never show another currency's money.
    const loner = await report<Months<{ count: number; amount: string }>>(org.loner.client, `won-by-month?${PERIOD}`);
    expect(loner.currency).toBe('EUR');
    expect(loner.total).toEqual({ count: 1, amount: '50.00' });
    expect((await report<{ defaultCurrency: string }>(org.foreigner.client, 'currencies')).defaultCurrency).toBe('CNY');
  });

  it('counts days, weeks and months in the caller\'s time zone (tz), UTC without one', async () => {
    // Won 2024-12-31 23:59:59.999 UTC is New Year's Day in Shanghai; won 2025-06-30 23:30 UTC is already 1 July there.
    const shanghai = await report<Months<{ count: number; amount: string }>>(org.owner.client, `won-by-month?${PERIOD}&currency=CNY&tz=Asia/Shanghai`);
    expect(nonZeroMonths(shanghai)).toEqual([
      { month: '2025-01', count: 1, amount: '999.00' },
      { month: '2025-03', count: 1, amount: '2500.50' },
    ]);
    const july = await report<Months<{ count: number; amount: string }>>(org.owner.client, 'won-by-month?from=2025-07-01&to=2025-07-31&currency=CNY&tz=Asia/Shanghai');
    expect(nonZeroMonths(july)).toEqual([{ month: '2025-07', count: 1, amount: '4000.00' }]);
    expect(funnelOf(await report<Funnel>(org.owner.client, 'funnel?from=2024-12-01&to=2024-12-31&tz=Asia/Shanghai')).won).toEqual({ count: 0, totals: {} });
    // Monday 17 March 2025 00:00 UTC is still Sunday evening in New York: the week of 10 March there.
    const newYork = await report<Weekly>(org.owner.client, 'follow-ups-by-week?from=2025-03-03&to=2025-03-16&tz=America/New_York');
    expect(newYork.weeks.map((week) => week.start)).toEqual(['2025-03-03', '2025-03-10']);
    expect(newYork.people.map(({ name, counts }) => ({ name, counts }))).toEqual([
      { name: 'Alice Sales', counts: [2, 2] },
      { name: 'Bob Sales', counts: [1, 0] },
      { name: 'Wang Li', counts: [1, 0] },
    ]);
    // A customer created 2025-02-10 08:00 UTC: midnight in Los Angeles, still 9 February in Honolulu.
    const tenth = 'new-customers?from=2025-02-10&to=2025-02-10';
    expect((await report<Sources>(org.owner.client, `${tenth}&tz=America/Los_Angeles`)).sources).toEqual([{ source: 'referral', count: 1 }]);
    expect((await report<Sources>(org.owner.client, `${tenth}&tz=Pacific/Honolulu`)).total).toBe(0);
    // Without `to`, the period ends today where the caller is (a day ahead of UTC in Kiritimati, behind in Pago Pago).
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
      const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
      const before = today();
      const body = await report<{ to: string }>(org.owner.client, `new-customers?tz=${zone}`);
      expect([before, today()], zone).toContain(body.to);
    }
  });

  it('customers not followed up in N days: never followed up counted from creation, the longest first, with the owner', async () => {
    const body = await report<Stale>(org.owner.client, 'stale-customers?days=30');
    expect(body.total).toBe(5);
    expect(body.items.map((item) => [item.name, item.ownerName])).toEqual([
      [names.b1, 'Bob Sales'],
      [names.a2, 'Alice Sales'],
      [names.a1, 'Alice Sales'],
      [names.l1, 'Leo Loner'],
      [names.b2, 'Bob Sales'],
    ]);
    expect(body.items[1]?.lastFollowUpAt).toBeNull();
    expect(body.items[2]?.lastFollowUpAt).toBe('2025-03-17T00:00:00.000Z');
    const page = await report<Stale>(org.owner.client, 'stale-customers?days=30&limit=2');
    expect([page.total, page.items.length]).toEqual([5, 2]);
    // Nobody is idle for a whole year and more except the customers of early 2025 (the test runs later).
    const idle = (await report<Stale>(org.owner.client, 'stale-customers?days=1')).items.map((item) => item.name);
    expect(idle).not.toContain(names.fresh);
  });

  it('sales see only their own records, managers their team, viewers everything, another organisation nothing', async () => {
    const alice = funnelOf(await report<Funnel>(org.salesA.client, `funnel?${PERIOD}`));
    expect([alice.qualify, alice.proposal, alice.won, alice.lost]).toEqual([
      { count: 1, totals: { CNY: '1000.00' } },
      { count: 0, totals: {} },
      { count: 2, totals: { CNY: '2500.50', USD: '300.00' } },
      { count: 1, totals: { CNY: '700.00' } },
    ]);
    // The owner's follow-up on Alice's customer is not Alice's work.
    const aliceWeeks = await report<Weekly>(org.salesA.client, 'follow-ups-by-week?from=2025-03-03&to=2025-03-16');
    expect(aliceWeeks.people.map((person) => [person.name, person.total])).toEqual([['Alice Sales', 3]]);
    expect((await report<Sources>(org.salesA.client, `new-customers?${PERIOD}`)).sources).toEqual([
      { source: 'referral', count: 1 },
      { source: 'unknown', count: 1 },
    ]);
    expect((await report<Months<object>>(org.salesA.client, `contracts-vs-payments?${PERIOD}&currency=CNY`)).total).toEqual({ contracts: 1, contracted: '10000.00', received: '5000.00' });
    expect((await report<Stale>(org.salesA.client, 'stale-customers?days=30')).items.map((item) => item.name)).toEqual([names.a2, names.a1]);

    const south = await report<Funnel>(org.managerSouth.client, `funnel?${PERIOD}`);
    expect(funnelOf(south).won).toEqual({ count: 1, totals: { CNY: '4000.00' } });
    expect((await report<Stale>(org.managerSouth.client, 'stale-customers?days=30')).items.map((item) => item.name)).toEqual([names.b1, names.b2]);
    expect((await report<Weekly>(org.managerNorth.client, 'follow-ups-by-week?from=2025-03-03&to=2025-03-16')).people.map((person) => person.name)).toEqual(['Alice Sales']);

    expect(await report(org.viewer.client, `funnel?${PERIOD}`)).toEqual(await report(org.owner.client, `funnel?${PERIOD}`));
    expect((await report<Stale>(org.viewer.client, 'stale-customers?days=30')).total).toBe(5);

    const foreign = org.foreigner.client;
    expect((await report<Funnel>(foreign, `funnel?${PERIOD}`)).stages.every((stage) => stage.count === 0)).toBe(true);
    expect((await report<Months<object>>(foreign, `won-by-month?${PERIOD}&currency=CNY`)).total).toEqual({ count: 0, amount: '0.00' });
    expect((await report<Weekly>(foreign, `follow-ups-by-week?${PERIOD}`)).people).toEqual([]);
    expect((await report<Sources>(foreign, `new-customers?${PERIOD}`)).total).toBe(0);
    expect((await report<Months<object>>(foreign, `contracts-vs-payments?${PERIOD}&currency=CNY`)).total).toEqual({ contracts: 0, contracted: '0.00', received: '0.00' });
    expect(await report(foreign, 'stale-customers')).toEqual({ days: 30, total: 0, items: [] });
  });

  it('team and owner filters narrow the scope and never widen it', async () => {
    const { north, south } = org.teams;
    expect((await report<Stale>(org.owner.client, `stale-customers?teamId=${north}`)).items.map((item) => item.name)).toEqual([names.a2, names.a1]);
    expect((await report<Stale>(org.owner.client, `stale-customers?ownerId=${org.salesB.id}`)).items.map((item) => item.name)).toEqual([names.b1, names.b2]);
    expect((await report<Weekly>(org.owner.client, `follow-ups-by-week?from=2025-03-03&to=2025-03-16&ownerId=${org.owner.id}`)).people.map((person) => person.name)).toEqual(['Wang Li']);
    expect(funnelOf(await report<Funnel>(org.owner.client, `funnel?${PERIOD}&teamId=${south}`)).won).toEqual({ count: 1, totals: { CNY: '4000.00' } });
    expect((await report<Sources>(org.owner.client, `new-customers?${PERIOD}&teamId=${north}&ownerId=${org.salesB.id}`)).total).toBe(0);
    // Outside the caller's scope, unknown or of another organisation: an empty report, exactly like a team without records.
    for (const path of [`teamId=${south}`, `ownerId=${org.salesB.id}`, `teamId=${MISSING}`]) {
      expect((await report<Stale>(org.managerNorth.client, `stale-customers?${path}`)).total, path).toBe(0);
      expect((await report<Months<object>>(org.managerNorth.client, `contracts-vs-payments?${PERIOD}&currency=CNY&${path}`)).total, path).toEqual({ contracts: 0, contracted: '0.00', received: '0.00' });
    }
    expect((await report<Stale>(org.salesA.client, `stale-customers?ownerId=${org.salesB.id}`)).total).toBe(0);
    expect((await report<Sources>(org.foreigner.client, `new-customers?${PERIOD}&teamId=${north}`)).total).toBe(0);
  });

  it('refuses bad input with 400 validation_failed', async () => {
    const bad = [
      'funnel?from=2025-02-01&to=2025-01-31',
      'won-by-month?from=2020-01-01&to=2023-01-01',
      'won-by-month?from=2000-01-01',
      'won-by-month?to=2025-02-30',
      'won-by-month?currency=XYZW',
      'contracts-vs-payments?currency=',
      'new-customers?from=yesterday',
      `new-customers?ownerId=not-a-uuid`,
      `follow-ups-by-week?teamId=${MISSING}0`,
      'follow-ups-by-week?week=1',
      'funnel?currency=CNY',
      'stale-customers?days=0',
      'stale-customers?days=1000',
      'stale-customers?days=abc',
      'stale-customers?limit=101',
      'stale-customers?from=2025-01-01',
      'currencies?teamId=x',
      'won-by-month?tz=Mars/Olympus',
      'funnel?tz=Asia/Shanghai%3B%20drop',
      'stale-customers?tz=UTC',
    ];
    for (const path of bad) expect(errorOf(await org.owner.client.get(`/api/reports/${path}`)), path).toEqual({ status: 400, code: 'validation_failed' });
    // Three years to the day are allowed.
    expect((await org.owner.client.get('/api/reports/won-by-month?from=2022-01-01&to=2024-12-31')).statusCode).toBe(200);
  });

  it('needs a session', async () => {
    const anonymous = org.testApp.client();
    expect(errorOf(await anonymous.get('/api/reports/funnel')).status).toBe(401);
  });
});
