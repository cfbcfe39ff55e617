import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createCustomer, errorOf, uniqueName, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';
import { csvFile, runImport, uploaded, uploadImport } from '../../../test/imports.ts';
import { deflateBomb, deflated, zipOf } from '../../../test/zip-archives.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import type { Import, Issue } from './import.schema.ts';
import { XLSX_MAX_UNPACKED_BYTES } from './xlsx-archive.ts';

const MAX_ROWS = 5;

/** Who may import what, and every way the API refuses: IDOR, other organisations, tokens, races, replays, bad files. */
describe('CRM imports: access and attacks', () => {
  const org = useCrmOrganization({ IMPORT_MAX_ROWS: String(MAX_ROWS) });
  const nameOnly = { '0': 'name' };
  const simpleFile = () => csvFile([['Name'], [uniqueName('Row')]]);
  const upload = (
    member: CrmMember,
    content: Buffer,
    fileName = 'a.csv',
    recordType = 'customer',
    headers: Record<string, string> = {},
  ) => uploadImport(org.testApp, member.client, recordType, { fileName, contentType: 'text/csv', content }, headers);

  it('viewers get 403 crm.read_only, API tokens and anonymous callers 401, before anything is read or validated', async () => {
    expect(errorOf(await upload(org.viewer, simpleFile()))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await org.viewer.client.get('/api/imports'))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await org.viewer.client.get('/api/imports?recordType=bogus'))).toEqual({
      status: 403,
      code: 'crm.read_only',
    });
    expect(errorOf(await org.testApp.client().get('/api/imports'))).toEqual({ status: 401, code: 'unauthenticated' });

    const created = await org.owner.client.post('/api/me/api-tokens', {
      name: uniqueName('Script'),
      scopes: ['crm:read', 'crm:write'],
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = created.json<{ token: string }>().token;
    const id = await uploaded(org.testApp, org.owner.client, 'customer', 'a.csv', simpleFile());
    for (const [method, url] of [
      ['GET', '/api/imports'],
      ['GET', `/api/imports/${id}`],
      ['POST', `/api/imports/${id}/start`],
      ['POST', '/api/imports?recordType=customer'],
    ] as const) {
      const response = await org.testApp.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: method === 'POST' ? JSON.stringify({ mapping: nameOnly, duplicateMode: 'skip' }) : undefined,
      });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
    // A cross-site upload with the session cookie is refused by the CSRF rule.
    expect(
      errorOf(await upload(org.salesA, simpleFile(), 'a.csv', 'customer', { origin: 'https://evil.example' })),
    ).toEqual({ status: 403, code: 'csrf_rejected' });
  });

  it('someone else’s import answers 404 on every route (another salesperson, a manager, another organisation); owners and admins read it but cannot start it', async () => {
    const id = await uploaded(org.testApp, org.salesA.client, 'customer', 'mine.csv', simpleFile());
    const routes = (target: string) =>
      [
        ['GET', `/api/imports/${target}`],
        ['GET', `/api/imports/${target}/preview`],
        ['GET', `/api/imports/${target}/issues`],
        ['GET', `/api/imports/${target}/issues.csv`],
        ['POST', `/api/imports/${target}/check`],
        ['POST', `/api/imports/${target}/start`],
        ['POST', `/api/imports/${target}/cancel`],
      ] as const;
    const body = { mapping: nameOnly, duplicateMode: 'skip' };
    for (const member of [org.salesB, org.managerNorth, org.foreigner]) {
      for (const [method, url] of routes(id)) {
        const response =
          method === 'GET'
            ? await member.client.get(url)
            : await member.client.post(url, url.endsWith('cancel') ? undefined : body);
        expect(errorOf(response), `${member.email} ${method} ${url}`).toEqual({ status: 404, code: 'crm.not_found' });
      }
    }
    // Unknown and malformed ids answer the same.
    for (const target of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      for (const [method, url] of routes(target)) {
        const response =
          method === 'GET'
            ? await org.owner.client.get(url)
            : await org.owner.client.post(url, url.endsWith('cancel') ? undefined : body);
        expect(errorOf(response), `${method} ${url}`).toEqual({ status: 404, code: 'crm.not_found' });
      }
    }
    expect(
      (await org.salesB.client.get('/api/imports')).json<{ items: Import[] }>().items.map((item) => item.id),
    ).not.toContain(id);
    expect((await org.foreigner.client.get('/api/imports')).json<{ items: Import[] }>().items).toEqual([]);

    expect((await org.owner.client.get(`/api/imports/${id}`)).statusCode).toBe(200);
    expect((await org.admin.client.get(`/api/imports/${id}/preview`)).statusCode).toBe(200);
    expect(
      (await org.admin.client.get('/api/imports')).json<{ items: Import[] }>().items.map((item) => item.id),
    ).toContain(id);
    expect(errorOf(await org.admin.client.post(`/api/imports/${id}/start`, body))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect(errorOf(await org.owner.client.post(`/api/imports/${id}/check`, body))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect((await org.salesA.client.get(`/api/imports/${id}`)).json<{ import: Import }>().import.status).toBe(
      'uploaded',
    );
  });

  it('two concurrent starts: exactly one 202, the other 409; a replayed start after completion is 409 and imports nothing twice', async () => {
    const name = uniqueName('Once');
    const id = await uploaded(org.testApp, org.salesA.client, 'customer', 'once.csv', csvFile([['Name'], [name]]));
    const body = { mapping: nameOnly, duplicateMode: 'create' };
    const results = await Promise.all([
      org.salesA.client.post(`/api/imports/${id}/start`, body),
      org.salesA.client.post(`/api/imports/${id}/start`, body),
    ]);
    expect(results.map((response) => response.statusCode).sort()).toEqual([202, 409]);
    expect(results.map((response) => errorOf(response).code)).toContain('crm.import_already_started');
    const { waitForImport } = await import('../../../test/imports.ts');
    expect((await waitForImport(org.salesA.client, id)).createdCount).toBe(1);
    expect(errorOf(await org.salesA.client.post(`/api/imports/${id}/start`, body))).toEqual({
      status: 409,
      code: 'crm.import_already_started',
    });
    expect(errorOf(await org.salesA.client.post(`/api/imports/${id}/check`, body))).toEqual({
      status: 409,
      code: 'crm.import_already_started',
    });
    expect(await org.db.select().from(crmCustomers).where(eq(crmCustomers.name, name))).toHaveLength(1);
  });

  it('bad files answer a localized 400: malformed, empty, wrong type, too large, too many rows, no file part', async () => {
    const zh = { 'accept-language': 'zh-CN' };
    const cases: [Buffer, string, string][] = [
      [Buffer.from('Name\n"unterminated\n'), 'bad.csv', 'crm.import_file_malformed'],
      [Buffer.from('PK\u0003\u0004 not really a zip'), 'bad.xlsx', 'crm.import_file_malformed'],
      [Buffer.from('just text'), 'notes.xlsx', 'crm.import_file_malformed'],
      [Buffer.from('Name\n'), 'headers-only.csv', 'crm.import_file_empty'],
      [Buffer.from('\n\n , \n'), 'blank.csv', 'crm.import_file_empty'],
      [Buffer.from(''), 'zero.csv', 'crm.import_file_empty'],
      [Buffer.from('%PDF-1.4'), 'doc.pdf', 'crm.import_file_unsupported'],
      [
        csvFile([['Name'], ...Array.from({ length: MAX_ROWS + 1 }, (_, index) => [`Row ${index}`])]),
        'many.csv',
        'crm.import_too_many_rows',
      ],
    ];
    for (const [content, fileName, code] of cases) {
      const response = await upload(org.salesA, content, fileName, 'customer', zh);
      expect(errorOf(response), fileName).toEqual({ status: 400, code });
      expect(response.json<{ error: { message: string } }>().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // Exactly the limit is fine.
    expect(
      (
        await upload(
          org.salesA,
          csvFile([['Name'], ...Array.from({ length: MAX_ROWS }, (_, index) => [`Row ${index}`])]),
        )
      ).statusCode,
    ).toBe(201);
    const tooLarge = await upload(org.salesA, Buffer.alloc(32 * 1024 * 1024 + 1, 0x41), 'huge.csv');
    expect(errorOf(tooLarge)).toEqual({ status: 400, code: 'crm.import_file_too_large' });
    expect(tooLarge.json<{ error: { message: string } }>().error.message).toContain('32 MB');
    const cookie = [...org.salesA.client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const json = await org.testApp.app.inject({
      method: 'POST',
      url: '/api/imports?recordType=customer',
      headers: { cookie, origin: 'http://localhost:3000', 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(errorOf(json)).toEqual({ status: 400, code: 'crm.import_file_missing' });
    expect(errorOf(await upload(org.salesA, simpleFile(), 'a.csv', 'deal'))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
  });

  it('attack workbooks answer a localized 400 and nothing is stored: an unpacking bomb, a lying entry, 300 columns', async () => {
    const zh = { 'accept-language': 'zh-CN' };
    const megabyte = Buffer.alloc(1024 * 1024, 'A');
    const copies = XLSX_MAX_UNPACKED_BYTES / megabyte.length + 16;
    const bomb = deflateBomb(megabyte, copies);
    const sheet = deflated(
      'xl/worksheets/sheet1.xml',
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
    );
    const wide = new ExcelJS.Workbook();
    const wideSheet = wide.addWorksheet('Wide');
    wideSheet.addRow(Array.from({ length: 300 }, (_, index) => `Column ${index + 1}`));
    wideSheet.addRow(Array.from({ length: 300 }, () => uniqueName('Cell')));
    const cases: [Buffer, string][] = [
      [
        zipOf([sheet, { name: 'xl/sharedStrings.xml', data: bomb, declaredSize: copies * megabyte.length }]),
        'crm.import_xlsx_too_large',
      ],
      [zipOf([sheet, { name: 'xl/sharedStrings.xml', data: bomb, declaredSize: 4096 }]), 'crm.import_file_malformed'],
      [Buffer.from(await wide.xlsx.writeBuffer()), 'crm.import_too_many_columns'],
    ];
    const before = (await org.managerSouth.client.get('/api/imports')).json<{ items: Import[] }>().items.length;
    for (const [content, code] of cases) {
      const response = await uploadImport(
        org.testApp,
        org.managerSouth.client,
        'customer',
        {
          fileName: 'attack.xlsx',
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          content,
        },
        zh,
      );
      expect(errorOf(response), code).toEqual({ status: 400, code });
      expect(response.json<{ error: { message: string } }>().error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await org.managerSouth.client.get('/api/imports')).json<{ items: Import[] }>().items).toHaveLength(before);
  });

  it('at most 30 uploads per member and hour: the next one is 429 before its body is parsed; others are unaffected', async () => {
    for (let index = 0; index < 30; index += 1) expect((await upload(org.loner, simpleFile())).statusCode).toBe(201);
    const refused = await upload(org.loner, simpleFile());
    expect(errorOf(refused)).toEqual({ status: 429, code: 'rate_limited' });
    expect(refused.headers['retry-after']).toBe('3600');
    expect((await upload(org.managerSouth, simpleFile())).statusCode).toBe(201);
  });

  it('a wrong mapping or body is a 400: unknown field, unknown column, a field twice, a required field unmapped, unknown keys', async () => {
    const id = await uploaded(
      org.testApp,
      org.salesA.client,
      'contact',
      'c.csv',
      csvFile([
        ['Name', 'Customer', 'Mail'],
        ['A', 'B', 'a@b.test'],
      ]),
    );
    const post = (body: unknown) => org.salesA.client.post(`/api/imports/${id}/check`, body);
    expect(
      errorOf(await post({ mapping: { '0': 'name', '1': 'customerName', '2': 'ownerEmail' }, duplicateMode: 'skip' })),
    ).toEqual({ status: 400, code: 'crm.import_mapping_unknown_field' });
    expect(
      errorOf(await post({ mapping: { '0': 'name', '1': 'customerName', '7': 'email' }, duplicateMode: 'skip' })),
    ).toEqual({ status: 400, code: 'crm.import_mapping_unknown_column' });
    expect(
      errorOf(await post({ mapping: { '0': 'name', '1': 'customerName', '2': 'name' }, duplicateMode: 'skip' })),
    ).toEqual({ status: 400, code: 'crm.import_mapping_field_twice' });
    const missing = await post({ mapping: { '0': 'name', '2': 'email' }, duplicateMode: 'skip' });
    expect(errorOf(missing)).toEqual({ status: 400, code: 'crm.import_mapping_required_missing' });
    expect(missing.json<{ error: { message: string } }>().error.message).toContain('customerName');
    expect(errorOf(await post({ mapping: { '0': 'name', '1': 'customerName' }, duplicateMode: 'merge' }))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
    expect(
      errorOf(
        await post({ mapping: { '0': 'name', '1': 'customerName' }, duplicateMode: 'skip', ownerId: org.owner.id }),
      ),
    ).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await post({ mapping: { x: 'name' }, duplicateMode: 'skip' }))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
    expect(
      errorOf(
        await org.salesA.client.post(`/api/imports/${id}/start`, { mapping: { '0': 'name' }, duplicateMode: 'skip' }),
      ),
    ).toEqual({ status: 400, code: 'crm.import_mapping_required_missing' });
    expect((await org.salesA.client.get(`/api/imports/${id}`)).json<{ import: Import }>().import.status).toBe(
      'uploaded',
    );
  });

  it('sales cannot make others owners, managers only their team, owners anyone; update mode never writes records outside the caller’s scope', async () => {
    const rows = [
      ['Name', 'Owner'],
      [uniqueName('Mine'), ''],
      [uniqueName('For B'), org.salesB.email],
      [uniqueName('For me'), org.salesA.email.toUpperCase()],
      [uniqueName('Ghost'), 'ghost@nowhere.test'],
      [uniqueName('Foreign'), org.foreigner.email],
    ];
    const mapping = { '0': 'name', '1': 'ownerEmail' };
    const sales = await runImport(
      org.salesA.client,
      await uploaded(org.testApp, org.salesA.client, 'customer', 'o.csv', csvFile(rows)),
      mapping,
      'skip',
    );
    expect(sales).toMatchObject({ createdCount: 2, errorCount: 3 });
    const codes = (await org.salesA.client.get(`/api/imports/${sales.id}/issues`))
      .json<{ items: Issue[] }>()
      .items.map((issue) => [issue.row, issue.field, issue.code]);
    expect(codes).toEqual([
      [3, 'ownerEmail', 'owner_not_allowed'],
      [5, 'ownerEmail', 'unknown_owner'],
      [6, 'ownerEmail', 'unknown_owner'],
    ]);
    const owned = await org.db.select().from(crmCustomers).where(eq(crmCustomers.createdBy, org.salesA.id));
    expect(owned.every((row) => row.ownerUserId === org.salesA.id)).toBe(true);

    const managerRows = [
      ['Name', 'Owner'],
      [uniqueName('Team'), org.salesA.email],
      [uniqueName('Other team'), org.salesB.email],
    ];
    const manager = await runImport(
      org.managerNorth.client,
      await uploaded(org.testApp, org.managerNorth.client, 'customer', 'm.csv', csvFile(managerRows)),
      mapping,
      'skip',
    );
    expect(manager).toMatchObject({ createdCount: 1, errorCount: 1 });
    const ownerRun = await runImport(
      org.owner.client,
      await uploaded(
        org.testApp,
        org.owner.client,
        'customer',
        'w.csv',
        csvFile([
          ['Name', 'Owner'],
          [uniqueName('Given to B'), org.salesB.email],
        ]),
      ),
      mapping,
      'skip',
    );
    expect(ownerRun).toMatchObject({ createdCount: 1, errorCount: 0 });

    // B's customer is a duplicate A may not see: update mode reports it and leaves it alone.
    const ofB = await createCustomer(org.salesB.client, { name: uniqueName('B private'), industry: 'kept' });
    const update = await runImport(
      org.salesA.client,
      await uploaded(
        org.testApp,
        org.salesA.client,
        'customer',
        'u.csv',
        csvFile([
          ['Name', 'Industry'],
          [ofB.name, 'overwritten'],
        ]),
      ),
      { '0': 'name', '1': 'industry' },
      'update',
    );
    expect(update).toMatchObject({ createdCount: 0, updatedCount: 0, errorCount: 1 });
    const [issue] = (await org.salesA.client.get(`/api/imports/${update.id}/issues`)).json<{ items: Issue[] }>().items;
    expect(issue).toMatchObject({ row: 2, code: 'not_editable', outcome: 'error' });
    const [after] = await org.db.select().from(crmCustomers).where(eq(crmCustomers.id, ofB.id));
    expect(after).toMatchObject({ industry: 'kept', version: ofB.version });

    // Contacts: a customer A cannot see is "not found", never written to.
    const contacts = await runImport(
      org.salesA.client,
      await uploaded(
        org.testApp,
        org.salesA.client,
        'contact',
        'c.csv',
        csvFile([
          ['Name', 'Customer'],
          ['Sneaky', ofB.name],
        ]),
      ),
      { '0': 'name', '1': 'customerName' },
      'skip',
    );
    expect(contacts).toMatchObject({ createdCount: 0, errorCount: 1 });
  });
});
