import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createContact, createCustomer, errorOf, uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import { csvRows, xlsxRows } from '../../../test/exports.ts';
import { users } from '../../identity/users/user.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { nameKeyOf } from '../shared/fields.ts';

const chinese = { 'accept-language': 'zh-CN' };
const MAX_ROWS = 600;

/** What is in the file: encoding, headers, formula neutralisation, XLSX, batching and the row bound. */
describe('CRM exports: files', () => {
  const org = useCrmOrganization({ EXPORT_MAX_ROWS: String(MAX_ROWS) });

  it('CSV: UTF-8 with BOM, header in the requester’s language, Chinese names round-trip, dated attachment name', async () => {
    const tag = `zh${Date.now() % 100000}`;
    const name = uniqueName('深圳华强电子有限公司');
    const customer = await createCustomer(org.salesA.client, { name, tags: [tag, '重点'], status: 'active', source: 'exhibition', level: 'A', notes: '第一行\n第二行, "引号"' });
    await createContact(org.salesA.client, customer.id, { name: '张伟', title: '采购经理', email: 'zhang.wei@example.cn' });

    const response = await org.salesA.client.get(`/api/customers/export?format=csv&tag=${tag}`, chinese);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const today = new Date().toISOString().slice(0, 10);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="customers-${today}.csv"; filename*=UTF-8''${encodeURIComponent('客户')}-${today}.csv`);
    const [header, row, ...rest] = csvRows(response);
    expect(rest).toEqual([]);
    expect(header?.slice(0, 5)).toEqual(['客户名称', '负责人', '客户级别', '客户状态', '客户来源']);
    expect(row?.slice(0, 5)).toEqual([name, org.salesA.name, 'A', '合作中', '展会']);
    expect(row?.[9]).toBe(`${tag}、重点`);
    expect(row?.[10]).toBe('1');
    expect(row?.at(-1)).toBe('第一行\n第二行, "引号"');
    expect(row?.[13]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    const english = await org.salesA.client.get(`/api/contacts/export?format=csv&customerId=${customer.id}`, { 'accept-language': 'en' });
    expect(english.headers['content-disposition']).toContain(`filename="contacts-${today}.csv"`);
    const [contactHeader, contact] = csvRows(english);
    expect(contactHeader?.slice(0, 3)).toEqual(['Name', 'Customer', 'Job title']);
    expect(contact?.slice(0, 7)).toEqual(['张伟', name, '采购经理', '', 'zhang.wei@example.cn', '', 'Yes']);
  });

  it('neutralises formulas (= + - @) with a leading apostrophe, in CSV and XLSX alike (AZ-06)', async () => {
    const tag = `formula${Date.now() % 100000}`;
    // Leading tabs and carriage returns never reach the database (inputs are trimmed): export-format.test.ts covers them.
    const dangerous = ['=HYPERLINK("http://evil.test","x")', '+SUM(1,2)', '-2+3', '@cmd'];
    for (const name of dangerous) await createCustomer(org.owner.client, { name, tags: [tag], allowDuplicate: true });
    const customer = await createCustomer(org.owner.client, { name: uniqueName('Safe'), tags: [tag], phone: '+86 138 0013 8000', industry: '=1+1' });
    await createContact(org.owner.client, customer.id, { name: '=cmd|"/c calc"!A1', wechat: '@wechat' });

    const csv = csvRows(await org.owner.client.get(`/api/customers/export?format=csv&tag=${tag}&sort=createdAt&order=asc`));
    const names = csv.slice(1).map((row) => row[0]);
    expect(names.slice(0, dangerous.length)).toEqual(dangerous.map((name) => `'${name}`));
    const safe = csv.at(-1);
    expect(safe?.[0]).not.toMatch(/^'/);
    expect(safe?.[5]).toBe("'=1+1");
    expect(safe?.[6]).toMatch(/^'\+/);

    const xlsx = await xlsxRows(await org.owner.client.get(`/api/customers/export?format=xlsx&tag=${tag}&sort=createdAt&order=asc`));
    const cells = xlsx.rows.slice(1).map((row) => row[0]);
    expect(cells.slice(0, dangerous.length)).toEqual(names.slice(0, dangerous.length));
    expect(cells.every((cell) => typeof cell === 'string')).toBe(true);

    const contacts = csvRows(await org.owner.client.get(`/api/contacts/export?format=csv&customerId=${customer.id}`));
    expect(contacts[1]?.[0]).toBe(`'=cmd|"/c calc"!A1`);
    expect(contacts[1]?.[5]).toBe("'@wechat");
  });

  it('XLSX parses back with the same columns and rows, dates as dates, in the requester’s language', async () => {
    const tag = `xlsx${Date.now() % 100000}`;
    const first = await createCustomer(org.managerNorth.client, { name: uniqueName('北京'), tags: [tag], level: 'B' });
    const second = await createCustomer(org.salesA.client, { name: uniqueName('上海'), tags: [tag], level: 'C' });
    const response = await org.managerNorth.client.get(`/api/customers/export?format=xlsx&tag=${tag}&sort=level&order=asc`, chinese);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['x-export-rows']).toBe('2');
    const sheet = await xlsxRows(response);
    expect(sheet.name).toBe('客户');
    const csv = csvRows(await org.managerNorth.client.get(`/api/customers/export?format=csv&tag=${tag}&sort=level&order=asc`, chinese));
    expect(sheet.rows[0]).toEqual(csv[0]);
    expect(sheet.rows.slice(1).map((row) => [row[0], row[1], row[2]])).toEqual([
      [first.name, org.managerNorth.name, 'B'],
      [second.name, org.salesA.name, 'C'],
    ]);
    const created = sheet.rows[1]?.[13];
    expect(created).toBeInstanceOf(Date);
    expect(Math.abs((created as Date).getTime() - new Date(first.createdAt).getTime())).toBeLessThan(1000);
  });

  it('writes the file’s date and its timestamps in the requester’s time zone (tz), named in the headers; UTC without one', async () => {
    const tag = `tz${Date.now() % 100000}`;
    const customer = await createCustomer(org.salesA.client, { name: uniqueName('杭州'), tags: [tag] });
    // 20:30 UTC on 1 March is 04:30 on 2 March in Shanghai (UTC+8), and 15:30 on 1 March in New York (UTC−5).
    await org.db.update(crmCustomers).set({ createdAt: new Date('2026-03-01T20:30:00Z') }).where(eq(crmCustomers.id, customer.id));
    const todayIn = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());

    const shanghai = await org.salesA.client.get(`/api/customers/export?format=csv&tag=${tag}&tz=Asia%2FShanghai`, chinese);
    expect(shanghai.statusCode, shanghai.body).toBe(200);
    expect(shanghai.headers['content-disposition']).toContain(`filename="customers-${todayIn('Asia/Shanghai')}.csv"`);
    const [header, row] = csvRows(shanghai);
    expect(header?.[13]).toBe('创建时间（Asia/Shanghai）');
    expect(row?.[13]).toBe('2026-03-02 04:30:00');

    const newYork = await org.salesA.client.get(`/api/customers/export?format=xlsx&tag=${tag}&tz=America%2FNew_York`, { 'accept-language': 'en' });
    const sheet = await xlsxRows(newYork);
    expect(sheet.rows[0]?.[13]).toBe('Created (America/New_York)');
    // A spreadsheet date has no zone: the cell holds the wall-clock reading.
    expect((sheet.rows[1]?.[13] as Date).toISOString()).toBe('2026-03-01T15:30:00.000Z');

    const [utcHeader, utcRow] = csvRows(await org.salesA.client.get(`/api/customers/export?format=csv&tag=${tag}`, { 'accept-language': 'en' }));
    expect(utcHeader?.[13]).toBe('Created (UTC)');
    expect(utcRow?.[13]).toBe('2026-03-01 20:30:00');
  });

  it('bad input is 400 {"error":{…}}, never a 500', async () => {
    for (const query of ['', 'format=pdf', 'format=CSV', 'format=csv&sort=password', 'format=csv&level=Z', 'format=csv&limit=10', 'format=csv&cursor=abc', 'format=csv&ownerId=robert', 'format=csv&q=' + 'x'.repeat(101), 'format=csv&orgId=x', 'format=csv&tz=Mars%2FOlympus', 'format=csv&tz=..%2F..%2Fetc', 'format=csv&tz=' + 'A'.repeat(65)]) {
      const response = await org.owner.client.get(`/api/customers/export?${query}`);
      expect(errorOf(response), query).toEqual({ status: 400, code: 'validation_failed' });
      expect(response.json<{ error: { message: string } }>().error.message.length).toBeGreaterThan(0);
    }
    expect(errorOf(await org.owner.client.get('/api/contacts/export?format=xls'))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.owner.client.get('/api/contacts/export?format=csv&sort=level'))).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('streams in keyset batches in the list’s order, and refuses more than EXPORT_MAX_ROWS with a localized 400', async () => {
    const [owner] = await org.db.select().from(users).where(eq(users.id, org.owner.id));
    if (!owner) throw new Error('owner missing');
    const tag = `bulk${Date.now() % 100000}`;
    const values = Array.from({ length: 700 }, (_, index) => {
      const name = `Bulk ${tag} ${String(index).padStart(4, '0')}`;
      return { orgId: owner.orgId, ownerUserId: org.salesB.id, name, nameKey: nameKeyOf(name), tags: [tag], level: index < 550 ? 'A' : 'B', createdBy: org.owner.id };
    });
    await org.db.insert(crmCustomers).values(values);

    const response = await org.managerSouth.client.get(`/api/customers/export?format=csv&tag=${tag}&level=A&sort=name&order=desc`);
    expect(response.headers['x-export-rows']).toBe('550');
    const names = csvRows(response)
      .slice(1)
      .map((row) => row[0]);
    expect(names).toHaveLength(550);
    expect(names).toEqual(values.slice(0, 550).map((value) => value.name).reverse());
    const xlsx = await xlsxRows(await org.managerSouth.client.get(`/api/customers/export?format=xlsx&tag=${tag}&level=A&sort=name&order=desc`));
    expect(xlsx.rows).toHaveLength(551);

    const tooMany = await org.managerSouth.client.get(`/api/customers/export?format=xlsx&tag=${tag}`, chinese);
    expect(errorOf(tooMany)).toEqual({ status: 400, code: 'crm.export_too_large' });
    expect(tooMany.json<{ error: { message: string } }>().error.message).toContain('600');
    expect(tooMany.json<{ error: { message: string } }>().error.message).toContain('缩小筛选范围');
    // Sales A sees none of them, so the same request is a (small) export for him.
    expect((await org.salesA.client.get(`/api/customers/export?format=csv&tag=${tag}`)).headers['x-export-rows']).toBe('0');
  });
});
