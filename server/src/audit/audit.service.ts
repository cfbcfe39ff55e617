import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, ilike, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { TypedQueryBuilder } from 'drizzle-orm/query-builders/query-builder';
import type { Database } from '../db/client.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import type { AuditAction } from './audit-actions.ts';
import { auditEvents } from './audit.tables.ts';

/** Who did it, from where: filled from the request by the route layer. */
export interface AuditContext {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  sessionHash?: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  outcome?: 'success' | 'failure';
  orgId?: string | null;
  actorUserId?: string | null;
  actorLabel?: string | null;
  targetUserId?: string | null;
  targetLabel?: string | null;
  details?: Record<string, unknown>;
}

const GENESIS_HASH = '0'.repeat(64);
/** The unique index on previous_hash (see audit.tables.ts): a second successor of one row is refused. */
const CHAIN_LINK_INDEX = 'audit_events_previous_hash_key';
/** Each refused link means another process appended meanwhile; this many in a row is not contention but a fault. */
const MAX_LINK_ATTEMPTS = 25;

type AuditRow = typeof auditEvents.$inferSelect;

/** An unexecuted insert or update (a Drizzle builder without `returning`) to commit together with an audit event. */
export type CompanionWrite = TypedQueryBuilder<undefined>;

/** Control characters are escaped so a crafted identifier cannot forge lines in any log view. */
function sanitizeLabel(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value.replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, (character) => `\\u${character.codePointAt(0)?.toString(16).padStart(4, '0')}`).slice(0, 320);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function computeAuditHash(row: Omit<AuditRow, 'id' | 'hash'>): string {
  const payload = canonicalJson({ ...row, occurredAt: row.occurredAt.toISOString() });
  return createHash('sha256').update(row.previousHash).update('\n').update(payload).digest('hex');
}

function buildAuditRow(entry: AuditEntry, context: AuditContext, previousHash: string) {
  const row = {
    occurredAt: new Date(),
    orgId: entry.orgId ?? null,
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    actorUserId: entry.actorUserId ?? null,
    actorLabel: sanitizeLabel(entry.actorLabel),
    targetUserId: entry.targetUserId ?? null,
    targetLabel: sanitizeLabel(entry.targetLabel),
    ip: context.ip ?? null,
    userAgent: sanitizeLabel(context.userAgent),
    requestId: context.requestId ?? null,
    sessionHash: context.sessionHash ?? null,
    details: entry.details ?? {},
    previousHash,
  };
  return { ...row, hash: computeAuditHash(row) };
}

export interface AuditQuery {
  orgId: string;
  action?: string | undefined;
  actor?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  before?: number | undefined;
  limit: number;
}

export class AuditService {
  /** The hash of the newest event this process knows; read from the table when unknown or found stale. */
  private chainHead: string | undefined;
  private writeQueue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly onRecorded: (action: string, outcome: string) => void = () => undefined,
  ) {}

  async record(entry: AuditEntry, context: AuditContext = {}): Promise<void> {
    await this.recordAlongside(entry, context, []);
  }

  /**
   * Records an event in the same statement as the caller's writes (each becomes a data-modifying CTE of the audit
   * insert): one round trip and one commit on the sign-in hot path, and the event is stored exactly when the writes are.
   * Events of this process are appended one after another (a promise queue), each linked to the head kept in memory;
   * another process that appended meanwhile makes the unique index refuse the link, and the event (with its writes,
   * rolled back with it) is linked again to the head read afresh. No lock is held across round trips.
   */
  async recordAlongside(entry: AuditEntry, context: AuditContext, writes: readonly CompanionWrite[]): Promise<void> {
    const write = this.writeQueue.then(() => this.append(entry, context, writes));
    this.writeQueue = write.catch(() => undefined);
    await write;
    this.onRecorded(entry.action, entry.outcome ?? 'success');
  }

  private async append(entry: AuditEntry, context: AuditContext, writes: readonly CompanionWrite[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      this.chainHead ??= await this.readChainHead();
      const row = buildAuditRow(entry, context, this.chainHead);
      try {
        await this.insert(row, writes);
        this.chainHead = row.hash;
        return;
      } catch (error) {
        this.chainHead = undefined;
        if (!isUniqueViolation(error, CHAIN_LINK_INDEX) || attempt === MAX_LINK_ATTEMPTS) throw error;
      }
    }
  }

  private async insert(row: ReturnType<typeof buildAuditRow>, writes: readonly CompanionWrite[]): Promise<void> {
    if (writes.length === 0) {
      await this.db.insert(auditEvents).values(row);
      return;
    }
    const companions = writes.map((write, index) => this.db.$with(`companion_${index}`).as(write));
    await this.db
      .with(...companions)
      .insert(auditEvents)
      .values(row);
  }

  private async readChainHead(): Promise<string> {
    const [last] = await this.db.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    return last?.hash ?? GENESIS_HASH;
  }

  async list(query: AuditQuery) {
    // Events before the organisation existed or without one (failed sign-ins for unknown identifiers) belong to
    // this single-organisation installation's log as well.
    const conditions: SQL[] = [or(eq(auditEvents.orgId, query.orgId), isNull(auditEvents.orgId)) as SQL];
    if (query.action) conditions.push(eq(auditEvents.action, query.action));
    if (query.actor) {
      const pattern = `%${query.actor.replace(/[%_\\]/g, (character) => `\\${character}`)}%`;
      const actorCondition = or(ilike(auditEvents.actorLabel, pattern), ilike(auditEvents.targetLabel, pattern));
      if (actorCondition) conditions.push(actorCondition);
    }
    if (query.from) conditions.push(gte(auditEvents.occurredAt, query.from));
    if (query.to) conditions.push(lte(auditEvents.occurredAt, query.to));
    if (query.before) conditions.push(lt(auditEvents.id, query.before));
    const rows = await this.db
      .select()
      .from(auditEvents)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(auditEvents.id))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    return { events: page, nextBefore: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
  }

  /** A member's recent events, as actor or as target (the member detail drawer). */
  async listForUser(userId: string, limit: number) {
    return this.db
      .select()
      .from(auditEvents)
      .where(or(eq(auditEvents.targetUserId, userId), eq(auditEvents.actorUserId, userId)))
      .orderBy(desc(auditEvents.id))
      .limit(limit);
  }

  /** An organisation's events of one action, newest first, optionally only those after `since` (owner notices). */
  async listByAction(orgId: string, action: AuditAction, options: { since?: Date; limit: number }) {
    const conditions: SQL[] = [eq(auditEvents.orgId, orgId), eq(auditEvents.action, action)];
    if (options.since) conditions.push(gte(auditEvents.occurredAt, options.since));
    return this.db
      .select()
      .from(auditEvents)
      .where(and(...conditions))
      .orderBy(desc(auditEvents.id))
      .limit(options.limit);
  }

  /** One event of an organisation and action, or undefined (another organisation's id reads as unknown). */
  async findByAction(orgId: string, action: AuditAction, id: number) {
    const [event] = await this.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.id, id), eq(auditEvents.orgId, orgId), eq(auditEvents.action, action)));
    return event;
  }

  async listActions(): Promise<string[]> {
    const rows = await this.db.selectDistinct({ action: auditEvents.action }).from(auditEvents).orderBy(asc(auditEvents.action));
    return rows.map((row) => row.action);
  }

  /** Recomputes every hash in order; reports the first row whose content or link does not match. */
  async verifyChain(): Promise<{ ok: boolean; checked: number; brokenAtId: number | null }> {
    let previousHash = GENESIS_HASH;
    let checked = 0;
    let afterId = 0;
    for (;;) {
      const batch = await this.db.select().from(auditEvents).where(sql`${auditEvents.id} > ${afterId}`).orderBy(asc(auditEvents.id)).limit(1000);
      if (batch.length === 0) break;
      for (const row of batch) {
        const { id, hash, ...rest } = row;
        if (rest.previousHash !== previousHash || computeAuditHash(rest) !== hash) {
          return { ok: false, checked, brokenAtId: id };
        }
        previousHash = hash;
        checked += 1;
        afterId = id;
      }
    }
    return { ok: true, checked, brokenAtId: null };
  }
}
