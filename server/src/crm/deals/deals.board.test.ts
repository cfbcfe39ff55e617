import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { collectPages, createCustomer, errorOf, useCrmOrganization } from '../../../test/crm.ts';
import { createDeal, moveDeal, pipelineOf } from '../../../test/deals.ts';
import type { Deal } from './deal.schema.ts';
import { crmDeals } from './deal.tables.ts';

interface Column {
  stage: { id: string; key: string | null; kind: string };
  count: number;
  totals: { currency: string; amount: string }[];
  items: Deal[];
  nextCursor: string | null;
}

describe('deals: board, sums and paging', () => {
  const org = useCrmOrganization();

  it('totals per stage and currency are exact decimals summed in SQL, and follow moves', async () => {
    const stages = await pipelineOf(org.salesA.client);
    const [qualify, needs] = stages;
    const won = stages.find((stage) => stage.kind === 'won');
    const customer = await createCustomer(org.salesA.client);
    const amounts = ['0.10', '0.20', '1234567890123456.78', '0.01'];
    const deals: Deal[] = [];
    for (const amount of amounts) deals.push(await createDeal(org.salesA.client, customer.id, { amount }));
    await createDeal(org.salesA.client, customer.id, { amount: '99.99', currency: 'USD', stageId: needs?.id });
    await createDeal(org.salesA.client, customer.id, { amount: '0.01', currency: 'USD', stageId: needs?.id });

    const board = async () => (await org.salesA.client.get(`/api/deals/board?customerId=${customer.id}`)).json<{ columns: Column[] }>().columns;
    let columns = await board();
    expect(columns.map((column) => column.stage.id)).toEqual(stages.map((stage) => stage.id));
    expect(columns[0]).toMatchObject({ count: 4, totals: [{ currency: 'CNY', amount: '1234567890123457.09' }] });
    expect(columns[1]).toMatchObject({ count: 2, totals: [{ currency: 'USD', amount: '100.00' }] });
    expect(columns[0]?.items).toHaveLength(4);
    expect(columns.slice(2).every((column) => column.count === 0 && column.totals.length === 0 && column.items.length === 0)).toBe(true);

    const [first, second] = deals;
    if (!first || !second || !won || !qualify) throw new Error('setup failed');
    await moveDeal(org.salesA.client, first, won.id);
    await moveDeal(org.salesA.client, second, won.id);
    columns = await board();
    expect(columns[0]).toMatchObject({ count: 2, totals: [{ currency: 'CNY', amount: '1234567890123456.79' }] });
    expect(columns.find((column) => column.stage.kind === 'won')).toMatchObject({ count: 2, totals: [{ currency: 'CNY', amount: '0.30' }] });

    const list = (await org.salesA.client.get(`/api/deals?customerId=${customer.id}&limit=2`)).json<{ total: number; sums: unknown[]; nextCursor: string }>();
    expect(list.total).toBe(6);
    expect(list.sums).toEqual([
      { status: 'open', currency: 'CNY', amount: '1234567890123456.79', count: 2 },
      { status: 'open', currency: 'USD', amount: '100.00', count: 2 },
      { status: 'won', currency: 'CNY', amount: '0.30', count: 2 },
    ]);
    const next = (await org.salesA.client.get(`/api/deals?customerId=${customer.id}&limit=2&cursor=${list.nextCursor}`)).json<{ total: number | null; sums: unknown }>();
    expect(next).toMatchObject({ total: null, sums: null });
  });

  it('a column shows its first cards and loads the rest through the list cursor, each card exactly once', async () => {
    const customer = await createCustomer(org.salesA.client);
    const qualify = (await pipelineOf(org.salesA.client))[0];
    const ids: string[] = [];
    for (let index = 0; index < 7; index += 1) ids.push((await createDeal(org.salesA.client, customer.id, { amount: String(index % 2) })).id);
    // Ties on the board's sort key (updatedAt) across the page boundary.
    await org.db.update(crmDeals).set({ updatedAt: new Date(Date.UTC(2025, 0, 1)) }).where(inArray(crmDeals.id, ids));
    const board = (await org.salesA.client.get(`/api/deals/board?customerId=${customer.id}&limit=3`)).json<{ columns: Column[] }>();
    const column = board.columns[0];
    expect(column).toMatchObject({ count: 7 });
    expect(column?.items).toHaveLength(3);
    const seen = (column?.items ?? []).map((deal) => deal.id);
    let cursor = column?.nextCursor ?? null;
    let pages = 0;
    while (cursor && pages < 10) {
      const page = (await org.salesA.client.get(`/api/deals?customerId=${customer.id}&stageId=${qualify?.id}&limit=3&cursor=${cursor}`)).json<{ items: Deal[]; nextCursor: string | null }>();
      seen.push(...page.items.map((deal) => deal.id));
      cursor = page.nextCursor;
      pages += 1;
    }
    expect(pages).toBe(2);
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it('pages through ties and empty values: every deal exactly once, in order, for every sort', async () => {
    const customer = await createCustomer(org.salesA.client);
    const ids: string[] = [];
    for (let index = 0; index < 23; index += 1) {
      // Five names, amounts that order differently as text ("10.00" < "9.00") and as numbers, close dates with ties and gaps.
      const deal = await createDeal(org.salesA.client, customer.id, {
        name: `Paging ${index % 5}`,
        amount: ['9.00', '10.00', '0', '10.00', '123.45'][index % 5],
        expectedCloseDate: index % 4 === 0 ? null : `2025-0${(index % 3) + 1}-15`,
      });
      ids.push(deal.id);
    }
    await org.db
      .update(crmDeals)
      .set({ updatedAt: new Date(Date.UTC(2025, 0, 1)) })
      .where(inArray(crmDeals.id, ids.slice(0, 12)));
    const rows = await org.db.select().from(crmDeals).where(eq(crmDeals.customerId, customer.id));
    const value = (row: (typeof rows)[number], sort: string): number | string | null => {
      if (sort === 'amount') return Number(row.amount);
      if (sort === 'updatedAt') return row.updatedAt.getTime();
      if (sort === 'expectedCloseDate') return row.expectedCloseDate;
      return row.name;
    };
    const expected = (sort: string, order: 'asc' | 'desc') =>
      [...rows]
        .sort((left, right) => {
          const a = value(left, sort);
          const b = value(right, sort);
          if (a === null && b !== null) return 1;
          if (b === null && a !== null) return -1;
          const direction = order === 'asc' ? 1 : -1;
          // Names compare in the database's collation; the ones used here are plain ASCII.
          if (a !== null && b !== null && a !== b) return (a < b ? -1 : 1) * direction;
          return (left.id < right.id ? -1 : 1) * direction;
        })
        .map((row) => row.id);

    for (const sort of ['updatedAt', 'amount', 'expectedCloseDate', 'name'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        for (const limit of [1, 4, 7]) {
          const { items, pages } = await collectPages<Deal>(org.salesA.client, '/api/deals', { customerId: customer.id, sort, order, limit });
          const seen = items.map((item) => item.id);
          expect(seen, `${sort} ${order} ${limit}`).toEqual(expected(sort, order));
          expect(pages, `${sort} ${order} ${limit}`).toBe(Math.ceil(ids.length / limit));
        }
      }
    }
  });

  it('filters by stage, status, owner, amount, close date and name (Chinese and wildcards literally)', async () => {
    const stages = await pipelineOf(org.managerNorth.client);
    const lost = stages.find((stage) => stage.kind === 'lost');
    const customer = await createCustomer(org.managerNorth.client);
    const mine = await createDeal(org.managerNorth.client, customer.id, { name: '华东区 ERP 升级', amount: '500.00', expectedCloseDate: '2025-06-30' });
    const alices = await createDeal(org.managerNorth.client, customer.id, { name: '100% discount pilot', amount: '50.00', ownerId: org.salesA.id, stageId: stages[1]?.id });
    const closed = await createDeal(org.managerNorth.client, customer.id, { name: 'Lost tender', amount: '5000', stageId: lost?.id, lostReason: 'Budget cut', expectedCloseDate: '2025-01-10' });
    const ids = async (query: string) =>
      (await org.managerNorth.client.get(`/api/deals?customerId=${customer.id}&${query}`))
        .json<{ items: Deal[] }>()
        .items.map((deal) => deal.id)
        .sort();
    expect(await ids('')).toEqual([mine.id, alices.id, closed.id].sort());
    expect(await ids(`stageId=${stages[1]?.id}`)).toEqual([alices.id]);
    expect(await ids('status=lost')).toEqual([closed.id]);
    expect(await ids('status=open')).toEqual([mine.id, alices.id].sort());
    expect(await ids('ownerId=me')).toEqual([mine.id, closed.id].sort());
    expect(await ids(`ownerId=${org.salesA.id}`)).toEqual([alices.id]);
    expect(await ids('amountMin=50&amountMax=500.00')).toEqual([mine.id, alices.id].sort());
    expect(await ids('amountMin=500.01')).toEqual([closed.id]);
    expect(await ids('closeFrom=2025-02-01&closeTo=2025-12-31')).toEqual([mine.id]);
    expect(await ids(`q=${encodeURIComponent('华东')}`)).toEqual([mine.id]);
    expect(await ids(`q=${encodeURIComponent('100%')}`)).toEqual([alices.id]);
    expect(await ids('q=_')).toEqual([]);
    const lostColumn = (await org.managerNorth.client.get(`/api/deals/board?customerId=${customer.id}&status=lost`)).json<{ columns: Column[] }>().columns;
    expect(lostColumn.filter((column) => column.count > 0).map((column) => column.stage.kind)).toEqual(['lost']);

    for (const query of ['amountMin=-1', 'amountMin=1e3', 'closeFrom=2025-13-01', 'status=closed', 'stageId=nope', 'ownerId=someone', 'sort=password', 'limit=101', 'limit=0', 'unknown=1']) {
      expect(errorOf(await org.managerNorth.client.get(`/api/deals?${query}`)), query).toEqual({ status: 400, code: 'validation_failed' });
    }
    expect(errorOf(await org.managerNorth.client.get('/api/deals/board?limit=51'))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.managerNorth.client.get('/api/deals?customerId=not-a-uuid'))).toEqual({ status: 404, code: 'crm.not_found' });
  });

  it('refuses a tampered cursor with 400 crm.bad_cursor', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [sort, cursor] of [
      ['amount', 'garbage'],
      ['amount', encode({ s: 'amount', o: 'desc', v: '1; drop table crm_deals', i: id })],
      ['amount', encode({ s: 'amount', o: 'desc', v: null, i: id })],
      ['expectedCloseDate', encode({ s: 'expectedCloseDate', o: 'desc', v: '2025-02-30', i: id })],
      ['name', encode({ s: 'amount', o: 'desc', v: '1.00', i: id })],
      ['updatedAt', encode({ s: 'updatedAt', o: 'desc', v: '2025-01-01T00:00:00.000Z', i: 'x' })],
    ] as const) {
      expect(errorOf(await org.salesA.client.get(`/api/deals?sort=${sort}&cursor=${cursor}`)), cursor).toEqual({ status: 400, code: 'crm.bad_cursor' });
    }
    expect(errorOf(await org.salesA.client.get('/api/deals/trash?cursor=abc'))).toEqual({ status: 400, code: 'crm.bad_cursor' });
    expect((await org.salesA.client.get(`/api/deals?sort=expectedCloseDate&cursor=${encode({ s: 'expectedCloseDate', o: 'desc', v: null, i: id })}`)).statusCode).toBe(200);
  });
});
