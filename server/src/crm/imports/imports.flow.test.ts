import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCustomer, createContact, uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import { csvFile, runImport, uploaded, uploadImport, waitForImport } from '../../../test/imports.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { crmContacts } from '../contacts/contact.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmRecordChanges } from '../history/history.tables.ts';
import type { Import, ImportPreview, Issue } from './import.schema.ts';
import { crmImportFiles } from './import.tables.ts';

/** Upload → preview → dry run → start → progress → report, for customers and contacts, CSV and XLSX. */
describe('CRM imports: the flow', () => {
  const org = useCrmOrganization();

  /** The names are unique per test run, so no other organisation's rows can match. */
  const customersNamed = async (names: string[]) =>
    org.db.select().from(crmCustomers).where(inArray(crmCustomers.name, names));

  it('imports customers from a UTF-8 CSV with Chinese headers: preview, suggested mapping, dry run, then the job with history and audit', async () => {
    const tag = `imp${Date.now() % 100000}`;
    const [alpha, beta, gamma] = [uniqueName('Alpha'), uniqueName('Beta'), uniqueName('Gamma')];
    const formula = `=HYPERLINK("http://evil.test","${uniqueName('x')}")`;
    const file = csvFile([
      ['客户名称', '级别', '客户来源', '电话', '标签', '负责人邮箱', '备注'],
      [alpha, 'A', '转介绍', '+86 755 8888 1234', `${tag}、vip`, '', 'first'],
      [beta, 'b', 'Trade show', '', `${tag}，east`, org.salesA.email, ''],
      ['', 'A', '', '', tag, '', 'no name'],
      [gamma, 'Z', 'referral', '', tag, '', ''],
      [formula, '', '', '', tag, '', ''],
    ]);
    const response = await uploadImport(org.testApp, org.owner.client, 'customer', {
      fileName: '客户.csv',
      contentType: 'text/csv',
      content: file,
    });
    expect(response.statusCode, response.body).toBe(201);
    const { import: created, preview } = response.json<{ import: Import; preview: ImportPreview }>();
    expect(created).toMatchObject({
      status: 'uploaded',
      recordType: 'customer',
      format: 'csv',
      totalRows: 5,
      processedRows: 0,
      createdBy: { id: org.owner.id, name: org.owner.name },
    });
    expect(preview.headers[0]).toBe('客户名称');
    expect(preview.sampleRows).toHaveLength(5);
    expect(preview.suggestedMapping).toEqual({
      '0': 'name',
      '1': 'level',
      '2': 'source',
      '3': 'phone',
      '4': 'tags',
      '5': 'ownerEmail',
      '6': 'notes',
    });
    expect(preview.fields).toContainEqual({ key: 'name', required: true });
    expect((await org.owner.client.get(`/api/imports/${created.id}/preview`)).json<ImportPreview>()).toEqual(preview);

    const check = await org.owner.client.post(`/api/imports/${created.id}/check`, {
      mapping: preview.suggestedMapping,
      duplicateMode: 'skip',
    });
    expect(check.statusCode, check.body).toBe(200);
    const dryRun = check.json<{ rows: number; valid: number; invalid: number; duplicates: number; issues: Issue[] }>();
    expect(dryRun).toMatchObject({ rows: 5, valid: 3, invalid: 2, duplicates: 0 });
    expect(dryRun.issues).toEqual([
      { row: 4, field: 'name', code: 'required', message: 'This field is required.', value: null, outcome: 'error' },
      {
        row: 5,
        field: 'level',
        code: 'invalid_choice',
        message: 'Not one of the allowed values.',
        value: 'Z',
        outcome: 'error',
      },
    ]);
    // The dry run wrote nothing.
    expect(await customersNamed([alpha, beta, gamma, formula])).toEqual([]);

    const done = await runImport(org.owner.client, created.id, preview.suggestedMapping, 'skip');
    expect(done).toMatchObject({
      status: 'completed',
      processedRows: 5,
      createdCount: 3,
      updatedCount: 0,
      skippedCount: 0,
      errorCount: 2,
      failureReason: null,
    });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();

    const rows = await customersNamed([alpha, beta, formula]);
    expect(rows).toHaveLength(3);
    const byName = new Map(rows.map((row) => [row.name, row]));
    expect(byName.get(alpha)).toMatchObject({
      level: 'A',
      source: 'referral',
      tags: [tag, 'vip'],
      notes: 'first',
      ownerUserId: org.owner.id,
      createdBy: org.owner.id,
    });
    expect(byName.get(alpha)?.phoneDigits).toBe('867558888' + '1234');
    expect(byName.get(beta)).toMatchObject({
      level: 'B',
      source: 'exhibition',
      tags: [tag, 'east'],
      ownerUserId: org.salesA.id,
    });
    // A formula-looking cell is stored as the text it is.
    expect(byName.get(formula)?.name).toBe(formula);
    const history = await org.db
      .select()
      .from(crmRecordChanges)
      .where(
        inArray(
          crmRecordChanges.recordId,
          rows.map((row) => row.id),
        ),
      );
    expect(history.map((entry) => entry.action).sort()).toEqual(['created', 'created', 'created']);
    expect(history.find((entry) => entry.recordId === byName.get(beta)?.id)?.changes).toMatchObject({
      name: { from: null, to: beta },
      owner: { from: null, to: org.salesA.name },
    });

    // The bytes are gone once it ended; the preview stays.
    expect(await org.db.select().from(crmImportFiles).where(eq(crmImportFiles.importId, created.id))).toEqual([]);
    expect((await org.owner.client.get(`/api/imports/${created.id}/preview`)).statusCode).toBe(200);

    const issues = await org.owner.client.get(`/api/imports/${created.id}/issues`, { 'accept-language': 'zh-CN' });
    expect(issues.json<{ items: Issue[] }>().items.map((issue) => [issue.row, issue.code, issue.message])).toEqual([
      [4, 'required', '此项为必填。'],
      [5, 'invalid_choice', '不是允许的取值。'],
    ]);
    const report = await org.owner.client.get(`/api/imports/${created.id}/issues.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(report.body).toContain('Row,Column,Field,Problem,Value');
    expect(report.body).toContain('5,级别,level,Not one of the allowed values.,Z');

    const [audit] = await org.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'crm_imported'), eq(auditEvents.actorUserId, org.owner.id)));
    expect(audit?.details).toMatchObject({
      recordType: 'customer',
      status: 'completed',
      rows: 5,
      created: 3,
      updated: 0,
      skipped: 0,
      errors: 2,
    });

    const list = await org.owner.client.get('/api/imports?recordType=customer');
    expect(list.json<{ items: Import[] }>().items[0]?.id).toBe(created.id);
  });

  it('reads a GB18030 CSV as Excel on Chinese Windows saves it, and a semicolon-separated one', async () => {
    const name = `深圳${uniqueName('华强')}`;
    const gb = Buffer.from(new Uint8Array([...encodeGb18030(`客户名称,行业\r\n${name},制造业\r\n`)]));
    const id = await uploaded(org.testApp, org.owner.client, 'customer', 'gbk.csv', gb);
    const preview = (await org.owner.client.get(`/api/imports/${id}/preview`)).json<ImportPreview>();
    expect(preview.headers).toEqual(['客户名称', '行业']);
    expect(preview.sampleRows).toEqual([[name, '制造业']]);
    const semicolons = await uploaded(
      org.testApp,
      org.owner.client,
      'customer',
      'eu.csv',
      Buffer.from('Name;Industry\n"Müller; Söhne";Metal\n'),
    );
    expect((await org.owner.client.get(`/api/imports/${semicolons}/preview`)).json<ImportPreview>().sampleRows).toEqual(
      [['Müller; Söhne', 'Metal']],
    );
  });

  it('duplicates: skip reports them, update changes the existing record (history "updated"), create adds another; rows repeating an earlier row count too', async () => {
    const existing = await createCustomer(org.salesA.client, {
      name: uniqueName('Dup Co'),
      phone: '0755-2222 3333',
      industry: 'old',
    });
    const fresh = uniqueName('Fresh');
    const rows = [
      ['Name', 'Phone', 'Industry'],
      [existing.name.toUpperCase(), '', 'new industry'],
      [fresh, '', 'x'],
      [`${fresh} `, '', 'y'],
    ];
    const mapping = { '0': 'name', '1': 'phone', '2': 'industry' };

    const skipId = await uploaded(org.testApp, org.salesA.client, 'customer', 'd.csv', csvFile(rows));
    const dryRun = (
      await org.salesA.client.post(`/api/imports/${skipId}/check`, { mapping, duplicateMode: 'skip' })
    ).json<{ duplicates: number; valid: number; issues: Issue[] }>();
    expect(dryRun).toMatchObject({ valid: 3, duplicates: 2 });
    expect(dryRun.issues.map((issue) => [issue.row, issue.code, issue.outcome])).toEqual([
      [2, 'duplicate', 'skipped'],
      [4, 'duplicate', 'skipped'],
    ]);
    const skip = await runImport(org.salesA.client, skipId, mapping, 'skip');
    expect(skip).toMatchObject({ createdCount: 1, skippedCount: 2, errorCount: 0, updatedCount: 0 });
    const issues = (await org.salesA.client.get(`/api/imports/${skip.id}/issues`)).json<{ items: Issue[] }>().items;
    expect(issues.map((issue) => [issue.row, issue.code, issue.outcome])).toEqual([
      [2, 'duplicate', 'skipped'],
      [4, 'duplicate', 'skipped'],
    ]);
    expect(issues[0]?.message).toContain(existing.name);

    const update = await runImport(
      org.salesA.client,
      await uploaded(org.testApp, org.salesA.client, 'customer', 'd.csv', csvFile(rows)),
      mapping,
      'update',
    );
    expect(update).toMatchObject({ createdCount: 0, updatedCount: 3, skippedCount: 0, errorCount: 0 });
    const [after] = await org.db.select().from(crmCustomers).where(eq(crmCustomers.id, existing.id));
    expect(after?.industry).toBe('new industry');
    const changes = await org.db
      .select()
      .from(crmRecordChanges)
      .where(and(eq(crmRecordChanges.recordId, existing.id), eq(crmRecordChanges.action, 'updated')));
    expect(changes.at(-1)?.changes).toMatchObject({ industry: { from: 'old', to: 'new industry' } });

    const create = await runImport(
      org.salesA.client,
      await uploaded(org.testApp, org.salesA.client, 'customer', 'd.csv', csvFile(rows)),
      mapping,
      'create',
    );
    expect(create).toMatchObject({ createdCount: 3, updatedCount: 0, skippedCount: 0 });
    expect(
      (
        await org.db
          .select()
          .from(crmCustomers)
          .where(eq(crmCustomers.nameKey, existing.name.toLowerCase().replace(/\s+/g, '')))
      ).length,
    ).toBe(2);
  });

  it('imports contacts from XLSX onto customers matched by name (case-insensitive), with 是/否, duplicates by e-mail or mobile', async () => {
    const customer = await createCustomer(org.salesA.client, { name: uniqueName('Contact Target') });
    const known = await createContact(org.salesA.client, customer.id, {
      name: 'Known Person',
      email: 'known@target.test',
    });
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('联系人');
    sheet.addRow(['姓名', '客户名称', '手机', '邮箱', '主联系人', '职位']);
    sheet.addRow(['Zhang San', customer.name.toLowerCase(), '13800138000', 'zs@target.test', '是', '=1+1']);
    sheet.addRow(['Known Again', customer.name, '', 'KNOWN@target.test', '否', '']);
    sheet.addRow(['Nobody', 'No Such Customer Ltd', '', '', '', '']);
    sheet.addRow(['Bad Mail', customer.name, '', 'not-an-email', 'maybe', '']);
    sheet.getCell('F2').value = { formula: 'SUM(A1:A3)', result: 6 };
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await uploadImport(org.testApp, org.salesA.client, 'contact', {
      fileName: 'contacts.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content,
    });
    expect(response.statusCode, response.body).toBe(201);
    const { import: created, preview } = response.json<{ import: Import; preview: ImportPreview }>();
    expect(created.format).toBe('xlsx');
    expect(preview.suggestedMapping).toEqual({
      '0': 'name',
      '1': 'customerName',
      '2': 'mobile',
      '3': 'email',
      '4': 'isPrimary',
      '5': 'title',
    });
    const done = await runImport(org.salesA.client, created.id, preview.suggestedMapping, 'skip');
    expect(done).toMatchObject({ status: 'completed', createdCount: 1, skippedCount: 1, errorCount: 2 });
    const contacts = await org.db.select().from(crmContacts).where(eq(crmContacts.customerId, customer.id));
    const zhang = contacts.find((contact) => contact.name === 'Zhang San');
    expect(zhang).toMatchObject({
      isPrimary: true,
      mobile: '+8613800138000',
      email: 'zs@target.test',
      title: '=SUM(A1:A3)',
    });
    expect(contacts.find((contact) => contact.id === known.id)?.isPrimary).toBe(false);
    const issues = (await org.salesA.client.get(`/api/imports/${created.id}/issues`)).json<{ items: Issue[] }>().items;
    expect(issues.map((issue) => [issue.row, issue.field, issue.code])).toEqual([
      [3, 'name', 'duplicate_contact'],
      [4, 'customerName', 'customer_not_found'],
      [5, 'isPrimary', 'invalid_boolean'],
      [5, 'email', 'invalid_email'],
    ]);
  });

  it('contacts are written per batch with the row-by-row rules: primary hand-overs in row order, earlier rows count as duplicates, updates see them, the dry run agrees', async () => {
    const first = await createCustomer(org.salesA.client, { name: uniqueName('Batch One') });
    const second = await createCustomer(org.salesA.client, { name: uniqueName('Batch Two') });
    const existing = await createContact(org.salesA.client, first.id, {
      name: 'Existing Primary',
      email: 'old@batch.test',
    });
    const rows = [
      ['Name', 'Customer', 'E-mail', 'Mobile', 'Primary'],
      ['Ann', first.name, 'ann@batch.test', '', 'yes'],
      ['Bob', first.name, 'bob@batch.test', '', 'yes'],
      ['Ann Again', first.name, 'ANN@batch.test', '', ''],
      ['Cid', second.name, '', '13800138001', ''],
      ['Cid Renamed', second.name, 'cid@batch.test', '+86 138 0013 8001', ''],
      ['Old Again', first.name, 'old@batch.test', '', 'no'],
    ];
    const mapping = { '0': 'name', '1': 'customerName', '2': 'email', '3': 'mobile', '4': 'isPrimary' };
    const skipId = await uploaded(org.testApp, org.salesA.client, 'contact', 'batch.csv', csvFile(rows));
    const check = await org.salesA.client.post(`/api/imports/${skipId}/check`, { mapping, duplicateMode: 'skip' });
    expect(check.statusCode, check.body).toBe(200);
    // Rows 4 (Ann's e-mail), 6 (Cid's mobile) and 7 (the existing contact) are duplicates.
    expect(check.json<{ duplicates: number; invalid: number }>()).toMatchObject({ duplicates: 3, invalid: 0 });
    expect(await runImport(org.salesA.client, skipId, mapping, 'skip')).toMatchObject({
      createdCount: 3,
      skippedCount: 3,
    });
    const contactsOf = async (customerId: string) =>
      org.db.select().from(crmContacts).where(eq(crmContacts.customerId, customerId));
    const firstContacts = await contactsOf(first.id);
    expect(firstContacts.map((contact) => [contact.name, contact.isPrimary, contact.version]).sort()).toEqual([
      ['Ann', false, 2],
      ['Bob', true, 1],
      ['Existing Primary', false, 2],
    ]);
    const ann = firstContacts.find((contact) => contact.name === 'Ann');
    const history = await org.db
      .select()
      .from(crmRecordChanges)
      .where(eq(crmRecordChanges.customerId, first.id))
      .orderBy(crmRecordChanges.seq);
    // After the customer's and the existing contact's own rows, as row by row: the existing primary un-marked, Ann
    // added as primary, Ann un-marked, Bob added.
    expect(
      history.slice(2).map((change) => [change.recordId, change.action, change.changes?.isPrimary ?? null]),
    ).toEqual([
      [existing.id, 'contact_updated', { from: true, to: false }],
      [ann?.id, 'contact_added', { from: null, to: true }],
      [ann?.id, 'contact_updated', { from: true, to: false }],
      [firstContacts.find((contact) => contact.name === 'Bob')?.id, 'contact_added', { from: null, to: true }],
    ]);

    // Update mode: a row meeting a contact created by an earlier row of the same batch updates it.
    const third = await createCustomer(org.salesA.client, { name: uniqueName('Batch Three') });
    const updateId = await uploaded(
      org.testApp,
      org.salesA.client,
      'contact',
      'update.csv',
      csvFile([
        ['Name', 'Customer', 'E-mail', 'Mobile', 'Primary'],
        ['Dee', third.name, 'dee@batch.test', '', ''],
        ['Dee Renamed', third.name, 'dee@batch.test', '13800138002', ''],
        ['Eve', third.name, '', '13800138002', 'yes'],
        ['Fay', third.name, 'fay@batch.test', '', ''],
      ]),
    );
    expect(await runImport(org.salesA.client, updateId, mapping, 'update')).toMatchObject({
      createdCount: 2,
      updatedCount: 2,
    });
    const thirdContacts = await contactsOf(third.id);
    expect(
      thirdContacts.map((contact) => [contact.name, contact.email, contact.mobile, contact.isPrimary]).sort(),
    ).toEqual([
      ['Eve', 'dee@batch.test', '+8613800138002', true],
      ['Fay', 'fay@batch.test', null, false],
    ]);
  });

  it('cancel stops a queued import; rows already imported stay; a finished one cannot be cancelled', async () => {
    const id = await uploaded(
      org.testApp,
      org.owner.client,
      'customer',
      'c.csv',
      csvFile([['Name'], [uniqueName('Cancel')]]),
    );
    const cancelled = await org.owner.client.post(`/api/imports/${id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<{ import: Import }>().import.status).toBe('cancelled');
    expect((await org.owner.client.post(`/api/imports/${id}/cancel`)).statusCode).toBe(409);
    expect(
      (await org.owner.client.post(`/api/imports/${id}/start`, { mapping: { '0': 'name' }, duplicateMode: 'skip' }))
        .statusCode,
    ).toBe(409);
    expect((await waitForImport(org.owner.client, id)).status).toBe('cancelled');
  });
});

/** GB18030 bytes for the few characters these tests use (Node has no GB18030 encoder). */
function encodeGb18030(text: string): number[] {
  const table: Record<string, number[]> = {};
  const decoder = new TextDecoder('gb18030');
  // Search the two-byte GBK range for each character once.
  const wanted = new Set([...text].filter((character) => character.charCodeAt(0) > 0x7f));
  for (let lead = 0x81; lead <= 0xfe && wanted.size > 0; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      const character = decoder.decode(new Uint8Array([lead, trail]));
      if (wanted.has(character)) {
        table[character] = [lead, trail];
        wanted.delete(character);
      }
    }
  }
  return [...text].flatMap((character) => table[character] ?? [character.charCodeAt(0)]);
}
