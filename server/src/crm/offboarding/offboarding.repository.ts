import { and, eq, sql } from 'drizzle-orm';
import { users } from '../../identity/users/user.tables.ts';
import type { Executor } from '../shared/database.ts';

const HANDOVER_LOCK_KEY = 7_245_140;

/** A 32-bit lock key for a member (the id's first 8 hex digits; a collision only makes two hand-overs wait in turn). */
function memberKey(userId: string): number {
  return Number.parseInt(userId.slice(0, 8), 16) | 0;
}

/**
 * Hand-overs that involve the same member (as the leaving one or the successor) run one after the other: two
 * transfer-alls of one member cannot both move a record, and A→B next to B→A cannot leave a mix of both. The keys are
 * taken in ascending order, so two hand-overs never wait for each other in a circle.
 */
export async function lockMembersForHandOver(executor: Executor, userIds: string[]): Promise<void> {
  const keys = [...new Set(userIds.map(memberKey))].sort((left, right) => left - right);
  for (const key of keys) await executor.execute(sql`select pg_advisory_xact_lock(${HANDOVER_LOCK_KEY}, ${key})`);
}

/** The successor as it is now, share-locked until the hand-over commits: a deactivation has to wait for it. */
export async function lockSuccessor(executor: Executor, orgId: string, userId: string) {
  const [row] = await executor
    .select({ status: users.status, role: users.role })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
    .for('share');
  return row;
}
