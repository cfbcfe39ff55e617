import type { z } from 'zod';
import { AppError } from '../../http/app-error.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import type { CrmCaller } from '../access/access.service.ts';
import { contactCreateBody, type ContactCreateInput } from '../contacts/contact.schema.ts';
import type { ContactService } from '../contacts/contact.service.ts';
import { customerCreateBody, type CustomerCreateInput } from '../customers/customer.schema.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import type { Executor } from '../shared/database.ts';
import { booleanOf, enumValueOf, tagsOf, type ImportRecordType } from './import-fields.ts';
import type { ImportRow } from './import-file.ts';
import type { DuplicateMode } from './import.schema.ts';

/** A problem with one row, as stored (the message is rendered in the reader's language). */
export interface RowIssue {
  row: number;
  column: string | null;
  field: string | null;
  code: string;
  params: Record<string, string | number>;
  value: string | null;
  outcome: 'error' | 'skipped';
}

export type RowOutcome = { kind: 'created' | 'updated' } | { kind: 'skipped' | 'error'; issues: RowIssue[] };

/** What one run of an import needs to know: who imports, how columns map to fields, what to do with duplicates. */
export interface ImportPlan {
  caller: CrmCaller;
  recordType: ImportRecordType;
  headers: string[];
  /** Column index (string) → field key. */
  mapping: Record<string, string>;
  duplicateMode: DuplicateMode;
}

interface Cell {
  value: string;
  column: number;
}

type Prepared<Input> =
  { ok: true; input: Input; owner: Pick<UserRow, 'id' | 'name'> | null } | { ok: false; issues: RowIssue[] };

/** An import batch's contacts (ContactService.batchWithin). */
type ContactBatch = Awaited<ReturnType<ContactService['batchWithin']>>;

const MAX_VALUE_IN_REPORT = 500;
const CUSTOMER_ERROR_CODES: Record<string, string> = {
  'crm.owner_not_allowed': 'owner_not_allowed',
  'crm.invalid_new_owner': 'unknown_owner',
};

/**
 * Turns file rows into customers or contacts through the modules' own create/update (validation schemas, duplicate
 * checks, owner rules, history rows), inside the transaction of the batch. One instance per run: it caches the owner
 * and customer look-ups.
 */
export class ImportRows {
  private readonly owners = new Map<string, { owner: Pick<UserRow, 'id' | 'name'> } | { code: string }>();
  private customersByName = new Map<string, { id: string; name: string; canEdit: boolean }[]>();

  constructor(
    private readonly plan: ImportPlan,
    private readonly customers: CustomerService,
    private readonly contacts: ContactService,
  ) {}

  private cells(row: ImportRow): Map<string, Cell> {
    const values = new Map<string, Cell>();
    for (const [column, field] of Object.entries(this.plan.mapping)) {
      const index = Number(column);
      const value = row.cells[index]?.trim() ?? '';
      if (value !== '') values.set(field, { value, column: index });
    }
    return values;
  }

  issue(
    row: ImportRow,
    field: string | null,
    code: string,
    cell: Cell | undefined,
    outcome: 'error' | 'skipped' = 'error',
    params: Record<string, string | number> = {},
  ): RowIssue {
    const columnIndex =
      cell?.column ??
      (field === null
        ? undefined
        : Number(Object.entries(this.plan.mapping).find(([, mapped]) => mapped === field)?.[0] ?? Number.NaN));
    return {
      row: row.row,
      column: columnIndex === undefined || Number.isNaN(columnIndex) ? null : (this.plan.headers[columnIndex] ?? null),
      field,
      code,
      params,
      value: cell ? cell.value.slice(0, MAX_VALUE_IN_REPORT) : null,
      outcome,
    };
  }

  /** The schema's complaints as row issues, one per field. */
  private schemaIssues(
    row: ImportRow,
    cells: Map<string, Cell>,
    error: z.ZodError,
    fieldOf: (path: string) => string,
  ): RowIssue[] {
    const seen = new Set<string>();
    const issues: RowIssue[] = [];
    for (const problem of error.issues) {
      const field = fieldOf(String(problem.path[0] ?? ''));
      if (seen.has(field)) continue;
      seen.add(field);
      const cell = cells.get(field);
      if (problem.code === 'too_big') {
        issues.push(this.issue(row, field, 'too_long', cell, 'error', { max: Number(problem.maximum) }));
      } else if (problem.code === 'too_small' && !cell) issues.push(this.issue(row, field, 'required', cell));
      else if (problem.code === 'invalid_format' && problem.format === 'email') {
        issues.push(this.issue(row, field, 'invalid_email', cell));
      } else issues.push(this.issue(row, field, 'invalid_value', cell));
    }
    return issues;
  }

  /**
   * Resolves every owner e-mail of the file once, before any batch transaction: the look-ups use the identity
   * services' own connection, which on PGlite (one connection) must not run inside a transaction.
   */
  async loadOwners(rows: ImportRow[]): Promise<void> {
    const column = Object.entries(this.plan.mapping).find(([, field]) => field === 'ownerEmail')?.[0];
    if (column === undefined) return;
    for (const row of rows) {
      const email = row.cells[Number(column)]?.trim() ?? '';
      if (email !== '' && !this.owners.has(email.toLowerCase())) {
        this.owners.set(email.toLowerCase(), await this.resolveOwner(email));
      }
    }
  }

  /** The owner named by e-mail: a member of the caller's organisation whom the caller may give customers to. */
  private async resolveOwner(email: string): Promise<{ owner: Pick<UserRow, 'id' | 'name'> } | { code: string }> {
    const { caller } = this.plan;
    let result: { owner: Pick<UserRow, 'id' | 'name'> } | { code: string };
    const member = await this.customers.findMemberByEmail(caller.user.orgId, email);
    if (!member) result = { code: 'unknown_owner' };
    else {
      try {
        const owner = await this.customers.ownerForNewCustomer(caller, member.id);
        result = owner ? { owner } : { code: 'unknown_owner' };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        result = { code: CUSTOMER_ERROR_CODES[error.code] ?? 'owner_not_allowed' };
      }
    }
    return result;
  }

  /** Owners must have been loaded (loadOwners) for these rows. */
  prepareCustomer(row: ImportRow): Prepared<CustomerCreateInput> {
    const cells = this.cells(row);
    const issues: RowIssue[] = [];
    const input: Record<string, unknown> = {};
    for (const field of ['name', 'industry', 'phone', 'website', 'address', 'notes'] as const) {
      const cell = cells.get(field);
      if (cell) input[field] = cell.value;
    }
    if (!cells.has('name')) input.name = '';
    for (const field of ['level', 'source', 'status'] as const) {
      const cell = cells.get(field);
      if (!cell) continue;
      const value = enumValueOf(field, cell.value);
      if (value === undefined) issues.push(this.issue(row, field, 'invalid_choice', cell));
      else input[field] = value;
    }
    const tags = cells.get('tags');
    if (tags) input.tags = tagsOf(tags.value);
    const parsed = customerCreateBody.safeParse(input);
    if (!parsed.success) issues.push(...this.schemaIssues(row, cells, parsed.error, (path) => path));
    let owner: Pick<UserRow, 'id' | 'name'> | null = this.plan.caller.user;
    const ownerCell = cells.get('ownerEmail');
    if (ownerCell) {
      const resolved = this.owners.get(ownerCell.value.toLowerCase()) ?? { code: 'unknown_owner' };
      if ('code' in resolved) issues.push(this.issue(row, 'ownerEmail', resolved.code, ownerCell));
      else owner = resolved.owner;
    }
    if (issues.length > 0 || !parsed.success) return { ok: false, issues };
    return { ok: true, input: parsed.data, owner };
  }

  /** Loads the customers named in these rows (one query per batch) for prepareContact. */
  async loadCustomers(rows: ImportRow[], executor?: Executor): Promise<void> {
    const column = Object.entries(this.plan.mapping).find(([, field]) => field === 'customerName')?.[0];
    const names = [
      ...new Set(rows.map((row) => row.cells[Number(column)]?.trim() ?? '').filter((name) => name !== '')),
    ];
    const found = await this.customers.findVisibleByNames(this.plan.caller, names, executor);
    this.customersByName = new Map();
    for (const customer of found) {
      const key = customer.name.toLowerCase();
      this.customersByName.set(key, [...(this.customersByName.get(key) ?? []), customer]);
    }
  }

  prepareContact(row: ImportRow): Prepared<ContactCreateInput> {
    const cells = this.cells(row);
    const issues: RowIssue[] = [];
    const input: Record<string, unknown> = { customerId: '', name: cells.get('name')?.value ?? '' };
    for (const field of ['title', 'mobile', 'email', 'wechat'] as const) {
      const cell = cells.get(field);
      if (cell) input[field] = cell.value;
    }
    const primary = cells.get('isPrimary');
    if (primary) {
      const value = booleanOf(primary.value);
      if (value === undefined) issues.push(this.issue(row, 'isPrimary', 'invalid_boolean', primary));
      else input.isPrimary = value;
    }
    const customerCell = cells.get('customerName');
    if (!customerCell) issues.push(this.issue(row, 'customerName', 'required', undefined));
    else {
      const matches = this.customersByName.get(customerCell.value.toLowerCase()) ?? [];
      const [match] = matches;
      if (!match) issues.push(this.issue(row, 'customerName', 'customer_not_found', customerCell));
      else if (matches.length > 1) {
        issues.push(
          this.issue(row, 'customerName', 'customer_ambiguous', customerCell, 'error', { count: matches.length }),
        );
      } else if (!match.canEdit) issues.push(this.issue(row, 'customerName', 'not_editable', customerCell));
      else input.customerId = match.id;
    }
    const parsed = contactCreateBody.safeParse(input);
    if (!parsed.success) {
      issues.push(
        ...this.schemaIssues(row, cells, parsed.error, (path) =>
          path === 'customerId' ? 'customerName' : path,
        ).filter((issue) => issue.field !== 'customerName'),
      );
    }
    if (issues.length > 0 || !parsed.success) return { ok: false, issues };
    return { ok: true, input: parsed.data, owner: null };
  }

  /**
   * Imports a batch of rows in its transaction, outcomes in row order. New customers (skip and create modes) go
   * through CustomerService.createManyWithin: one duplicate query and one INSERT per batch instead of several round
   * trips per row; customer updates go row by row. Contacts go through a ContactBatch (applyContacts): a few
   * statements per batch, not several per row.
   */
  async applyBatch(transaction: Executor, rows: ImportRow[]): Promise<RowOutcome[]> {
    if (this.plan.recordType === 'contact') {
      await this.loadCustomers(rows, transaction);
      return this.applyContacts(transaction, rows);
    }
    if (this.plan.duplicateMode !== 'update') return this.createCustomers(transaction, rows);
    const outcomes: RowOutcome[] = [];
    for (const row of rows) outcomes.push(await this.applyCustomer(transaction, row));
    return outcomes;
  }

  /**
   * The customers of the batch's valid rows are locked (id order, before any contact, as the contacts module does)
   * and their live contacts read once (ContactService.batchWithin); each row then finds its customer and duplicates
   * in memory, and new contacts are written together at the end of the batch, so a batch costs a few statements
   * instead of several per row. A row repeating an earlier row of the file meets that row's contact.
   */
  private async applyContacts(transaction: Executor, rows: ImportRow[]): Promise<RowOutcome[]> {
    const prepared = rows.map((row) => ({ row, prepared: this.prepareContact(row) }));
    const customerIds = prepared.flatMap(({ prepared: entry }) => (entry.ok ? [entry.input.customerId] : []));
    const batch = await this.contacts.batchWithin(transaction, this.plan.caller, customerIds);
    const outcomes: RowOutcome[] = [];
    for (const { row, prepared: entry } of prepared) outcomes.push(await this.applyContact(batch, row, entry));
    await batch.flush();
    return outcomes;
  }

  private async createCustomers(transaction: Executor, rows: ImportRow[]): Promise<RowOutcome[]> {
    const allowDuplicate = this.plan.duplicateMode === 'create';
    const prepared = rows.map((row) => ({ row, prepared: this.prepareCustomer(row) }));
    const valid = prepared.flatMap((entry) =>
      entry.prepared.ok
        ? [{ row: entry.row, input: { ...entry.prepared.input, allowDuplicate }, owner: entry.prepared.owner }]
        : [],
    );
    const results = await this.customers.createManyWithin(transaction, this.plan.caller, valid);
    const byRow = new Map(valid.map((entry, index) => [entry.row, results[index]]));
    return prepared.map(({ row, prepared: entry }): RowOutcome => {
      if (!entry.ok) return { kind: 'error', issues: entry.issues };
      const result = byRow.get(row);
      if (!result || 'id' in result) return { kind: 'created' };
      return {
        kind: 'skipped',
        issues: [
          this.issue(row, 'name', 'duplicate', this.cells(row).get('name'), 'skipped', {
            name: result.duplicates[0]?.name ?? '',
          }),
        ],
      };
    });
  }

  private async applyCustomer(transaction: Executor, row: ImportRow): Promise<RowOutcome> {
    const prepared = this.prepareCustomer(row);
    if (!prepared.ok) return { kind: 'error', issues: prepared.issues };
    const { caller, duplicateMode } = this.plan;
    const allowDuplicate = duplicateMode === 'create';
    // The create-time duplicate warning (same name, phone or website domain), under the organisation's creation lock;
    // rows committed earlier in this batch or run count like any other customer.
    const created = await this.customers.createWithin(
      transaction,
      caller,
      { ...prepared.input, allowDuplicate },
      prepared.owner,
    );
    if ('id' in created) return { kind: 'created' };
    const nameCell = this.cells(row).get('name');
    const [first] = created.duplicates;
    if (duplicateMode === 'skip' || !first) {
      return {
        kind: 'skipped',
        issues: [this.issue(row, 'name', 'duplicate', nameCell, 'skipped', { name: first?.name ?? '' })],
      };
    }
    const target = created.duplicates.find((duplicate) => duplicate.id !== null);
    if (!target?.id) {
      return {
        kind: 'error',
        issues: [this.issue(row, 'name', 'not_editable', nameCell, 'error', { name: first.name })],
      };
    }
    try {
      await this.customers.updateWithin(transaction, caller, target.id, prepared.input);
      return { kind: 'updated' };
    } catch (error) {
      if (error instanceof AppError && (error.status === 403 || error.status === 404)) {
        return {
          kind: 'error',
          issues: [this.issue(row, 'name', 'not_editable', nameCell, 'error', { name: target.name })],
        };
      }
      throw error;
    }
  }

  private async applyContact(
    batch: ContactBatch,
    row: ImportRow,
    prepared: Prepared<ContactCreateInput>,
  ): Promise<RowOutcome> {
    if (!prepared.ok) return { kind: 'error', issues: prepared.issues };
    const { duplicateMode } = this.plan;
    const customerCell = this.cells(row).get('customerName');
    // A customer that stopped being editable (or was trashed) since the look-up by name is an error.
    if (!batch.canEdit(prepared.input.customerId)) {
      return { kind: 'error', issues: [this.issue(row, 'customerName', 'not_editable', customerCell)] };
    }
    if (duplicateMode !== 'create') {
      const duplicate = batch.duplicate(prepared.input.customerId, prepared.input);
      if (duplicate && duplicateMode === 'skip') {
        return {
          kind: 'skipped',
          issues: [
            this.issue(row, 'name', 'duplicate_contact', this.cells(row).get('name'), 'skipped', {
              name: duplicate.name,
            }),
          ],
        };
      }
      if (duplicate) {
        const { customerId: _customerId, ...fields } = prepared.input;
        await batch.update(duplicate, fields);
        return { kind: 'updated' };
      }
    }
    batch.create(prepared.input);
    return { kind: 'created' };
  }
}
