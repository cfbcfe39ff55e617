import type { Database } from '../../db/client.ts';
import type { CrmCaller } from '../access/access.service.ts';
import type { ContactService } from '../contacts/contact.service.ts';
import type { Duplicate } from '../customers/customer.schema.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import { nameKeyOf, phoneDigitsOf, websiteDomainOf } from '../shared/fields.ts';
import type { ImportRow } from './import-file.ts';
import { ImportRows, type ImportPlan, type RowIssue } from './import-rows.ts';

const BATCH_SIZE = 500;
const ISSUES_SHOWN = 100;

export interface CheckResult {
  rows: number;
  valid: number;
  invalid: number;
  duplicates: number;
  issues: RowIssue[];
}

/**
 * The dry run: every row through the same preparation as the import (validation, owner rules, customer look-up) and
 * the same duplicate rules, against the database and the rows above it in the file; nothing is written.
 */
export async function checkImport(
  plan: ImportPlan,
  rows: ImportRow[],
  customers: CustomerService,
  contacts: ContactService,
  db: Database,
): Promise<CheckResult> {
  const processor = new ImportRows(plan, customers, contacts);
  await processor.loadOwners(rows);
  const seen = new Set<string>();
  const issues: RowIssue[] = [];
  let invalid = 0;
  let duplicates = 0;
  const note = (found: RowIssue[]) => {
    for (const issue of found) if (issues.length < ISSUES_SHOWN) issues.push(issue);
  };
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const batch = rows.slice(start, start + BATCH_SIZE);
    if (plan.recordType === 'contact') {
      // The batch's customers in one query (by name), then their live contacts in one more.
      await processor.loadCustomers(batch);
      const prepared = batch.map((row) => processor.prepareContact(row));
      const customerIds = prepared.flatMap((entry) => (entry.ok ? [entry.input.customerId] : []));
      const contactsByCustomer = await contacts.liveContactsByCustomer(db, [...new Set(customerIds)]);
      for (const [index, row] of batch.entries()) {
        const entry = prepared[index];
        if (!entry) continue;
        const outcome = checkContact(plan, processor, contacts, contactsByCustomer, seen, row, entry);
        if (outcome.kind === 'error') invalid += 1;
        if (outcome.kind === 'duplicate') duplicates += 1;
        note(outcome.issues);
      }
      continue;
    }
    // Customers: the batch's matches among existing customers in one query.
    const prepared = batch.map((row) => processor.prepareCustomer(row));
    const valid = prepared.flatMap((entry) => (entry.ok ? [entry.input] : []));
    const matches = await customers.duplicatesAmong(plan.caller, valid);
    let validIndex = 0;
    for (const [index, row] of batch.entries()) {
      const entry = prepared[index];
      if (!entry) continue;
      const existing = entry.ok ? (matches[validIndex++] ?? []) : [];
      const outcome = await checkCustomer(plan, processor, customers, seen, row, entry, existing);
      if (outcome.kind === 'error') invalid += 1;
      if (outcome.kind === 'duplicate') duplicates += 1;
      note(outcome.issues);
    }
  }
  return { rows: rows.length, valid: rows.length - invalid, invalid, duplicates, issues };
}

type CheckOutcome = { kind: 'new' | 'duplicate' | 'error'; issues: RowIssue[] };

async function checkCustomer(
  plan: ImportPlan,
  processor: ImportRows,
  customers: CustomerService,
  seen: Set<string>,
  row: ImportRow,
  prepared: ReturnType<ImportRows['prepareCustomer']>,
  existing: Duplicate[],
): Promise<CheckOutcome> {
  if (!prepared.ok) return { kind: 'error', issues: prepared.issues };
  const { input } = prepared;
  const keys = [
    `n:${nameKeyOf(input.name)}`,
    `p:${phoneDigitsOf(input.phone, plan.caller.phoneRegion) ?? ''}`,
    `w:${websiteDomainOf(input.website) ?? ''}`,
  ].filter((key) => !key.endsWith(':'));
  const inFile = keys.some((key) => seen.has(key));
  for (const key of keys) seen.add(key);
  if (existing.length === 0 && !inFile) return { kind: 'new', issues: [] };
  if (plan.duplicateMode === 'create') return { kind: 'duplicate', issues: [] };
  const nameCell = {
    value: input.name,
    column: Number(Object.entries(plan.mapping).find(([, field]) => field === 'name')?.[0]),
  };
  const [first] = existing;
  if (plan.duplicateMode === 'skip') {
    return {
      kind: 'duplicate',
      issues: [processor.issue(row, 'name', 'duplicate', nameCell, 'skipped', { name: first?.name ?? input.name })],
    };
  }
  // Update: an earlier row of the file will have created the record this one updates.
  if (!first) return { kind: 'duplicate', issues: [] };
  const target = existing.find((duplicate) => duplicate.id !== null);
  const editable = target?.id ? await canEdit(customers, plan.caller, target.id) : false;
  if (!editable) {
    return {
      kind: 'error',
      issues: [processor.issue(row, 'name', 'not_editable', nameCell, 'error', { name: target?.name ?? first.name })],
    };
  }
  return { kind: 'duplicate', issues: [] };
}

async function canEdit(customers: CustomerService, caller: CrmCaller, id: string): Promise<boolean> {
  try {
    return (await customers.get(caller, id)).canEdit;
  } catch {
    return false;
  }
}

function checkContact(
  plan: ImportPlan,
  processor: ImportRows,
  contacts: ContactService,
  contactsByCustomer: Map<string, Parameters<ContactService['duplicateAmong']>[0]>,
  seen: Set<string>,
  row: ImportRow,
  prepared: ReturnType<ImportRows['prepareContact']>,
): CheckOutcome {
  if (!prepared.ok) return { kind: 'error', issues: prepared.issues };
  const { input } = prepared;
  const mobile = contacts.normalizedMobile(input.mobile, plan.caller);
  const keys = [
    input.email ? `${input.customerId}|e:${input.email.toLowerCase()}` : '',
    mobile ? `${input.customerId}|m:${mobile}` : '',
  ].filter((key) => key !== '');
  const inFile = keys.some((key) => seen.has(key));
  for (const key of keys) seen.add(key);
  const existing = inFile
    ? undefined
    : contacts.duplicateAmong(contactsByCustomer.get(input.customerId) ?? [], plan.caller, input);
  if (!inFile && !existing) return { kind: 'new', issues: [] };
  if (plan.duplicateMode !== 'skip') return { kind: 'duplicate', issues: [] };
  const nameColumn = Number(Object.entries(plan.mapping).find(([, field]) => field === 'name')?.[0]);
  return {
    kind: 'duplicate',
    issues: [
      processor.issue(row, 'name', 'duplicate_contact', { value: input.name, column: nameColumn }, 'skipped', {
        name: existing?.name ?? input.name,
      }),
    ],
  };
}
