import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/app.ts';
import { STRONG_PASSWORD } from '../../../test/app.ts';
import { ageSession } from '../../../test/channel-helpers.ts';
import { errorOf, uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import { csvRows, xlsxRows } from '../../../test/exports.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import type { Lead } from '../leads/lead.schema.ts';

const MAX_ROWS = 5;

async function createLead(client: TestClient, input: Record<string, unknown>): Promise<Lead> {
  const response = await client.post('/api/leads', input);
  if (response.statusCode !== 201) throw new Error(`lead not created: ${response.statusCode} ${response.body}`);
  return response.json<Lead>();
}

/** The lead list's export: the list's scope and filters, crm.export, session only, step-up, audited, bounded, neutralised. */
describe('CRM exports: leads', () => {
  const org = useCrmOrganization({ EXPORT_MAX_ROWS: String(MAX_ROWS) });

  const exportedNames = async (client: TestClient, path: string) => {
    const response = await client.get(path);
    expect(response.statusCode, response.body).toBe(200);
    return csvRows(response)
      .slice(1)
      .map((row) => row[0]);
  };

  it('exports exactly what each role sees in the lead list (IDOR: another salesperson, team or organisation gets nothing)', async () => {
    const marker = `scope${Date.now() % 100000}`;
    const ofA = await createLead(org.salesA.client, { name: `${marker} Alpha` });
    const ofB = await createLead(org.salesB.client, { name: `${marker} Bravo` });
    const pool = await createLead(org.owner.client, { name: `${marker} Pool`, ownerId: null });
    const path = `/api/leads/export?format=csv&q=${marker}&sort=name&order=asc`;
    expect(await exportedNames(org.salesA.client, path)).toEqual([ofA.name, pool.name]);
    expect(await exportedNames(org.salesB.client, path)).toEqual([ofB.name, pool.name]);
    expect(await exportedNames(org.managerNorth.client, path)).toEqual([ofA.name, pool.name]);
    expect(await exportedNames(org.owner.client, path)).toEqual([ofA.name, ofB.name, pool.name]);
    expect(await exportedNames(org.foreigner.client, path)).toEqual([]);
    // Filtering by another owner does not widen the scope.
    expect(await exportedNames(org.salesA.client, `${path}&ownerId=${org.salesB.id}`)).toEqual([]);
    expect(errorOf(await org.salesA.client.get('/api/leads/export?format=csv&status=archived'))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.salesA.client.get('/api/leads/export?format=csv&cursor=abc'))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.salesA.client.get('/api/leads/export?format=csv&limit=10'))).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('viewers get 403 before validation, an API token (even crm:write) 401, nobody signed in 401; no HEAD twin', async () => {
    expect(errorOf(await org.viewer.client.get('/api/leads/export?format=csv'))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await org.viewer.client.get('/api/leads/export?format=pdf'))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await org.testApp.client().get('/api/leads/export?format=csv'))).toEqual({ status: 401, code: 'unauthenticated' });
    const created = await org.salesA.client.post('/api/me/api-tokens', { name: uniqueName('Script'), scopes: ['crm:read', 'crm:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(created.statusCode, created.body).toBe(201);
    const headers = { authorization: `Bearer ${created.json<{ token: string }>().token}` };
    expect((await org.testApp.app.inject({ method: 'GET', url: '/api/leads/export?format=csv', headers })).statusCode).toBe(401);
    expect((await org.testApp.app.inject({ method: 'GET', url: '/api/leads', headers })).statusCode).toBe(200);
    const cookie = [...org.salesA.client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    expect([404, 405]).toContain((await org.testApp.app.inject({ method: 'HEAD', url: '/api/leads/export?format=csv', headers: { cookie } })).statusCode);
  });

  it('needs a recent step-up (nothing audited without it) and records one crm_exported row with type, format, rows and filters', async () => {
    const client = org.managerSouth.client;
    const marker = `audit${Date.now() % 100000}`;
    await createLead(client, { name: `${marker} One`, status: 'qualified' });
    await createLead(client, { name: `${marker} Two`, status: 'qualified' });
    const audited = async () => (await org.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'crm_exported'), eq(auditEvents.actorUserId, org.managerSouth.id)))).map((row) => row.details);
    await ageSession(org.db, client);
    expect(errorOf(await client.get(`/api/leads/export?format=xlsx&q=${marker}`))).toEqual({ status: 403, code: 'reauthentication_required' });
    expect(errorOf(await client.get('/api/leads/export?format=pdf'))).toEqual({ status: 400, code: 'validation_failed' });
    expect(await audited()).toEqual([]);
    expect((await client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD })).statusCode).toBe(200);
    const response = await client.get(`/api/leads/export?format=xlsx&q=${marker}&status=qualified`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['x-export-rows']).toBe('2');
    expect(await audited()).toEqual([{ recordType: 'lead', format: 'xlsx', rows: 2, filters: { q: marker, status: 'qualified', sort: 'updatedAt', order: 'desc' } }]);
  });

  it('localizes headers, labels and the file name; neutralises formulas in CSV and XLSX (AZ-06)', async () => {
    const marker = `file${Date.now() % 100000}`;
    const formula = `=HYPERLINK("http://evil.test","${marker}")`;
    await createLead(org.salesA.client, { name: formula, company: '+86 Holdings', phone: '+86 138 0013 8000', email: 'evil@example.test', source: 'exhibition', status: 'qualified', notes: '@cmd' });
    const today = new Date().toISOString().slice(0, 10);
    const chinese = await org.salesA.client.get(`/api/leads/export?format=csv&q=${marker}`, { 'accept-language': 'zh-CN' });
    expect(chinese.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(chinese.headers['x-content-type-options']).toBe('nosniff');
    expect(chinese.headers['content-disposition']).toBe(`attachment; filename="leads-${today}.csv"; filename*=UTF-8''${encodeURIComponent('线索')}-${today}.csv`);
    const [header, row, ...rest] = csvRows(chinese);
    expect(rest).toEqual([]);
    expect(header?.slice(0, 8)).toEqual(['姓名', '公司', '负责人', '线索状态', '无效原因', '线索来源', '电话', '邮箱']);
    expect(row?.slice(0, 8)).toEqual([`'${formula}`, "'+86 Holdings", org.salesA.name, '有意向', '', '展会', "'+86 138 0013 8000", 'evil@example.test']);
    expect(row?.at(-1)).toBe("'@cmd");

    const english = await org.salesA.client.get(`/api/leads/export?format=xlsx&q=${marker}`, { 'accept-language': 'en' });
    expect(english.headers['content-disposition']).toContain(`filename="leads-${today}.xlsx"`);
    const sheet = await xlsxRows(english);
    expect(sheet.name).toBe('Leads');
    expect(sheet.rows[0]?.slice(0, 6)).toEqual(['Name', 'Company', 'Owner', 'Status', 'Reason (unqualified)', 'Source']);
    expect(sheet.rows[1]?.slice(0, 6)).toEqual([`'${formula}`, "'+86 Holdings", org.salesA.name, 'Qualified', undefined, 'Trade show']);
  });

  it(`refuses more than EXPORT_MAX_ROWS (${MAX_ROWS}) rows with 400 crm.export_too_large instead of a cut file`, async () => {
    const marker = `many${Date.now() % 100000}`;
    for (let index = 0; index <= MAX_ROWS; index += 1) await createLead(org.loner.client, { name: `${marker} ${index}` });
    const tooMany = await org.loner.client.get(`/api/leads/export?format=csv&q=${marker}`);
    expect(errorOf(tooMany)).toEqual({ status: 400, code: 'crm.export_too_large' });
    expect(tooMany.json<{ error: { message: string } }>().error.message).toContain(String(MAX_ROWS));
    // Narrowed below the bound, the same list exports.
    expect(await exportedNames(org.loner.client, `/api/leads/export?format=csv&q=${encodeURIComponent(`${marker} 1`)}`)).toEqual([`${marker} 1`]);
  });
});
