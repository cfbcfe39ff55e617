import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCX_BYTES, EXE_BYTES, PDF_BYTES, PNG_BYTES, createFollowUp, uploadAttachment, zipOf, type FilePart } from '../../../test/crm-activities.ts';
import { createCustomer, errorOf, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';
import { attachmentDisposition, cleanFileName } from './attachment-types.ts';
import type { Attachment, FollowUp } from './follow-up.schema.ts';
import { crmAttachments } from './follow-up.tables.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'clientele-attachments-'));
mkdirSync(join(dataDir, 'attachments'));

describe('follow-up attachments', () => {
  const org = useCrmOrganization({ DATA_DIR: dataDir });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const upload = (member: CrmMember, followUpId: string, parts: FilePart | FilePart[], headers?: Record<string, string>, options?: { streamed?: boolean }) =>
    uploadAttachment(org.testApp, member.client, followUpId, parts, headers, options);
  /** Every file under DATA_DIR/attachments, temporary ones included. */
  const storedFiles = () =>
    readdirSync(join(dataDir, 'attachments'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  const rowsOf = (followUpId: string) => org.db.select().from(crmAttachments).where(eq(crmAttachments.followUpId, followUpId));
  const newFollowUp = async () => createFollowUp(org.salesA.client, (await createCustomer(org.salesA.client)).id);

  it('stores an allowed file under DATA_DIR/attachments/<org>/<id> with its SHA-256, and serves it only as a download', async () => {
    const followUp = await newFollowUp();
    const response = await upload(org.salesA, followUp.id, { fileName: '报价单 2025 (final).pdf', contentType: 'application/pdf', content: PDF_BYTES });
    expect(response.statusCode, response.body).toBe(201);
    const attachment = response.json<Attachment>();
    expect(attachment).toMatchObject({ fileName: '报价单 2025 (final).pdf', contentType: 'application/pdf', sizeBytes: PDF_BYTES.length });
    const [row] = await rowsOf(followUp.id);
    expect(row?.sha256).toBe(createHash('sha256').update(PDF_BYTES).digest('hex'));
    expect(readFileSync(join(dataDir, 'attachments', row?.orgId ?? '', attachment.id))).toEqual(PDF_BYTES);
    expect((await org.salesA.client.get(`/api/follow-ups/${followUp.id}`)).json<FollowUp>().attachments).toEqual([attachment]);

    const download = await org.managerNorth.client.get(`/api/attachments/${attachment.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload).toEqual(PDF_BYTES);
    expect(download.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(PDF_BYTES.length),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'content-disposition': `attachment; filename="___ 2025 (final).pdf"; filename*=UTF-8''%E6%8A%A5%E4%BB%B7%E5%8D%95%202025%20%28final%29.pdf`,
    });
    expect(download.headers['content-security-policy']).toContain('sandbox');
  });

  it('decides the type by the content: images, PDF, Office files and UTF-8 text pass; a renamed .exe or a plain zip does not', async () => {
    const followUp = await newFollowUp();
    const accepted: [FilePart, string][] = [
      [{ fileName: 'pixel.png', contentType: 'image/png', content: PNG_BYTES }, 'image/png'],
      [{ fileName: 'pixel.jpg', contentType: 'image/jpeg', content: PNG_BYTES }, 'image/png'],
      [{ fileName: 'proposal.docx', contentType: 'application/octet-stream', content: DOCX_BYTES }, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [{ fileName: 'notes.txt', contentType: 'text/plain', content: '会议纪要：下周二再谈价格。\n' }, 'text/plain; charset=utf-8'],
      [{ fileName: 'leads.csv', contentType: 'application/vnd.ms-excel', content: 'name,phone\n张伟,13800138000\n' }, 'text/csv; charset=utf-8'],
    ];
    for (const [part, type] of accepted) {
      const response = await upload(org.salesA, followUp.id, part);
      expect(response.statusCode, `${part.fileName} ${response.body}`).toBe(201);
      expect(response.json<Attachment>().contentType).toBe(type);
    }
    const refused: FilePart[] = [
      { fileName: 'invoice.pdf', contentType: 'application/pdf', content: EXE_BYTES },
      { fileName: 'archive.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: zipOf({ 'readme.txt': 'not a document' }) },
      { fileName: 'latin1.txt', contentType: 'text/plain', content: Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]) },
      { fileName: 'binary.txt', contentType: 'text/plain', content: Buffer.from('text\0with a NUL') },
      { fileName: 'page.html', contentType: 'text/html', content: '<html><script>alert(1)</script></html>' },
      { fileName: 'data.xml', contentType: 'text/plain', content: '<?xml version="1.0"?><a/>' },
    ];
    for (const part of refused) {
      const response = await upload(org.salesA, followUp.id, part, { 'accept-language': 'zh-CN' });
      expect(errorOf(response), part.fileName).toEqual({ status: 415, code: 'crm.attachment_type_not_allowed' });
      expect(response.json<{ error: { message: string } }>().error.message).toContain('不支持');
    }
    expect(await rowsOf(followUp.id)).toHaveLength(accepted.length);
    expect(storedFiles().filter((file) => file.includes('.incoming-'))).toEqual([]);
  });

  it('HTML sent as text/plain stays text: downloaded as an attachment, with nosniff', async () => {
    const followUp = await newFollowUp();
    const html = '<!doctype html><html><body><script>fetch("/api/members")</script></body></html>';
    const response = await upload(org.salesA, followUp.id, { fileName: 'report.html', contentType: 'text/plain', content: html });
    expect(response.statusCode, response.body).toBe(201);
    const download = await org.salesA.client.get(`/api/attachments/${response.json<Attachment>().id}`);
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.headers['content-disposition']).toMatch(/^attachment; /);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.body).toBe(html);
  });

  it('a file over 10 MB is refused with 413 and nothing is kept', async () => {
    const followUp = await newFollowUp();
    const before = storedFiles();
    const big = Buffer.concat([PDF_BYTES, Buffer.alloc(10 * 1024 * 1024)]);
    expect(errorOf(await upload(org.salesA, followUp.id, { fileName: 'big.pdf', contentType: 'application/pdf', content: big }))).toEqual({ status: 413, code: 'crm.attachment_too_large' });
    // Sent in chunks, without a Content-Length to refuse it early: the stream is cut at the limit.
    const body = { fileName: 'big.pdf', contentType: 'application/pdf', content: big };
    expect(errorOf(await upload(org.salesA, followUp.id, body, {}, { streamed: true }))).toEqual({ status: 413, code: 'crm.attachment_too_large' });
    expect(await rowsOf(followUp.id)).toEqual([]);
    expect(storedFiles()).toEqual(before);
    // Exactly at the limit is fine.
    const atLimit = Buffer.concat([PDF_BYTES, Buffer.alloc(10 * 1024 * 1024 - PDF_BYTES.length)]);
    expect((await upload(org.salesA, followUp.id, { fileName: 'max.pdf', contentType: 'application/pdf', content: atLimit })).statusCode).toBe(201);
  });

  it('takes one non-empty file per request, at most ten per follow-up', async () => {
    const followUp = await newFollowUp();
    const png = { fileName: 'a.png', contentType: 'image/png', content: PNG_BYTES };
    for (const parts of [[png, png], [{ fieldName: 'note', content: 'hello' }], [{ ...png, content: Buffer.alloc(0) }], [{ fieldName: 'note', content: 'hello' }, png]]) {
      expect(errorOf(await upload(org.salesA, followUp.id, parts))).toEqual({ status: 400, code: 'crm.attachment_upload_invalid' });
    }
    const json = await org.salesA.client.post(`/api/follow-ups/${followUp.id}/attachments`, { file: 'x' });
    expect(errorOf(json)).toEqual({ status: 400, code: 'crm.attachment_upload_invalid' });
    for (let index = 0; index < 10; index += 1) expect((await upload(org.salesA, followUp.id, png)).statusCode).toBe(201);
    expect(errorOf(await upload(org.salesA, followUp.id, png))).toEqual({ status: 409, code: 'crm.too_many_attachments' });
    expect(await rowsOf(followUp.id)).toHaveLength(10);
  });

  it('multipart is accepted on the upload route only, and the CSRF rule holds for it', async () => {
    const followUp = await newFollowUp();
    const png = { fileName: 'a.png', contentType: 'image/png', content: PNG_BYTES };
    expect(errorOf(await upload(org.salesA, followUp.id, png, { origin: 'https://evil.example' }))).toEqual({ status: 403, code: 'csrf_rejected' });
    // Elsewhere a form post is still an unsupported media type.
    const elsewhere = await org.testApp.app.inject({
      method: 'PATCH',
      url: `/api/follow-ups/${followUp.id}`,
      payload: 'x',
      headers: { 'content-type': 'multipart/form-data; boundary=x', origin: 'http://localhost:3000', cookie: [...org.salesA.client.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    expect(errorOf(elsewhere)).toEqual({ status: 415, code: 'unsupported_media_type' });
    expect(await rowsOf(followUp.id)).toEqual([]);
  });

  it('a client-chosen file name never reaches the disk and is cleaned for display', async () => {
    const followUp = await newFollowUp();
    const response = await upload(org.salesA, followUp.id, { fileName: '../../../../etc/passwd\u202egnp.txt', contentType: 'text/plain', content: 'root:x:0:0' });
    expect(response.statusCode, response.body).toBe(201);
    const attachment = response.json<Attachment>();
    expect(attachment.fileName).toBe('passwdgnp.txt');
    const [row] = await rowsOf(followUp.id);
    expect(readFileSync(join(dataDir, 'attachments', row?.orgId ?? '', attachment.id), 'utf8')).toBe('root:x:0:0');
    expect(cleanFileName('C:\\Users\\li\\合同.docx')).toBe('合同.docx');
    expect(cleanFileName('...')).toBe('attachment');
    expect(cleanFileName(`${'长'.repeat(300)}.xlsx`)).toBe(`${'长'.repeat(195)}.xlsx`);
    expect(attachmentDisposition('a"b\\c.txt')).toBe(`attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`);
  });

  it('removing an attachment deletes its file; it is gone for everyone', async () => {
    const followUp = await newFollowUp();
    const attachment = (await upload(org.salesA, followUp.id, { fileName: 'a.png', contentType: 'image/png', content: PNG_BYTES })).json<Attachment>();
    const [row] = await rowsOf(followUp.id);
    const path = join(dataDir, 'attachments', row?.orgId ?? '', attachment.id);
    expect(storedFiles()).toContain(path);
    expect((await org.salesA.client.request('DELETE', `/api/attachments/${attachment.id}`)).statusCode).toBe(200);
    expect(storedFiles()).not.toContain(path);
    expect(errorOf(await org.salesA.client.get(`/api/attachments/${attachment.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.request('DELETE', `/api/attachments/${attachment.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect((await org.salesA.client.get(`/api/follow-ups/${followUp.id}`)).json<FollowUp>().attachments).toEqual([]);
  });
});
