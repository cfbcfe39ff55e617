import { and, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organizations } from '../orgs/org.tables.ts';
import { users } from '../users/user.tables.ts';
import type { UserRow } from '../users/user.service.ts';
import { recoveryAddresses, type ChannelKind } from './recovery.tables.ts';

export type ChannelRole = 'primary' | 'backup';

/** A verified way to reach a user. `id` is 'primary-email' / 'primary-phone' or a recovery_addresses id. */
export interface Channel {
  id: string;
  kind: ChannelKind;
  role: ChannelRole;
  address: string;
  verifiedAt: Date;
}

export function channelLabel(channel: Pick<Channel, 'kind' | 'role'>): string {
  return `${channel.kind}:${channel.role}`;
}

/** "a•••@example.com", "+86 138••••0000": enough to recognise one's own address, not to learn it. */
export function maskAddress(kind: ChannelKind, address: string): string {
  if (kind === 'email') {
    const [local = '', domain = ''] = address.split('@');
    return `${local.slice(0, 1)}•••@${domain}`;
  }
  return `${address.slice(0, Math.min(6, address.length - 4))}••••${address.slice(-4)}`;
}

/** Verified channels of a user; primary addresses live on `users`, the others in recovery_addresses. */
export function primaryChannels(user: UserRow): Channel[] {
  const channels: Channel[] = [];
  if (user.emailVerifiedAt) channels.push({ id: 'primary-email', kind: 'email', role: 'primary', address: user.email, verifiedAt: user.emailVerifiedAt });
  if (user.phone && user.phoneVerifiedAt) channels.push({ id: 'primary-phone', kind: 'phone', role: 'primary', address: user.phone, verifiedAt: user.phoneVerifiedAt });
  return channels;
}

function backupChannel(row: typeof recoveryAddresses.$inferSelect): Channel {
  return { id: row.id, kind: row.kind, role: 'backup', address: row.address, verifiedAt: row.verifiedAt ?? new Date(0) };
}

export class RecoveryChannelService {
  constructor(private readonly db: Database) {}

  /** verifiedChannels for many users in one statement (the members console). */
  async verifiedChannelsForUsers(members: UserRow[]): Promise<Map<string, Channel[]>> {
    const channels = new Map<string, Channel[]>(members.map((user) => [user.id, primaryChannels(user)]));
    if (members.length === 0) return channels;
    const backups = await this.db
      .select()
      .from(recoveryAddresses)
      .where(and(inArray(recoveryAddresses.userId, [...channels.keys()]), eq(recoveryAddresses.purpose, 'backup'), isNotNull(recoveryAddresses.verifiedAt)));
    for (const row of backups) channels.get(row.userId)?.push(backupChannel(row));
    return channels;
  }

  async verifiedChannels(user: UserRow): Promise<Channel[]> {
    const backups = await this.db
      .select()
      .from(recoveryAddresses)
      .where(and(eq(recoveryAddresses.userId, user.id), eq(recoveryAddresses.purpose, 'backup'), isNotNull(recoveryAddresses.verifiedAt)));
    return [...primaryChannels(user), ...backups.map(backupChannel)];
  }

  /**
   * The account owning a *verified* address (primary or backup) and that channel, or undefined. Pending and unverified
   * addresses never match: a recovery message only ever goes to an address the user proved.
   */
  async findByVerifiedAddress(kind: ChannelKind, address: string): Promise<{ user: UserRow; organization: typeof organizations.$inferSelect; channel: Channel } | undefined> {
    const primaryMatch =
      kind === 'email' ? and(eq(users.email, address), isNotNull(users.emailVerifiedAt)) : and(eq(users.phone, address), isNotNull(users.phoneVerifiedAt));
    const [primary] = await this.db.select({ user: users, organization: organizations }).from(users).innerJoin(organizations, eq(organizations.id, users.orgId)).where(primaryMatch);
    if (primary) {
      const channel = primaryChannels(primary.user).find((candidate) => candidate.kind === kind);
      if (channel) return { ...primary, channel };
    }
    const [backup] = await this.db
      .select({ user: users, organization: organizations, address: recoveryAddresses })
      .from(recoveryAddresses)
      .innerJoin(users, eq(users.id, recoveryAddresses.userId))
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(and(eq(recoveryAddresses.kind, kind), eq(recoveryAddresses.address, address), eq(recoveryAddresses.purpose, 'backup'), isNotNull(recoveryAddresses.verifiedAt)));
    if (!backup) return undefined;
    return {
      user: backup.user,
      organization: backup.organization,
      channel: { id: backup.address.id, kind, role: 'backup', address: backup.address.address, verifiedAt: backup.address.verifiedAt ?? new Date(0) },
    };
  }

  /** True when the address is already someone's sign-in identifier or verified backup (addresses map to one account). */
  async isTaken(kind: ChannelKind, address: string, exceptUserId?: string): Promise<boolean> {
    const column = kind === 'email' ? users.email : users.phone;
    const [primary] = await this.db.select({ id: users.id }).from(users).where(eq(column, address));
    if (primary && primary.id !== exceptUserId) return true;
    const [backup] = await this.db
      .select({ userId: recoveryAddresses.userId })
      .from(recoveryAddresses)
      .where(and(eq(recoveryAddresses.kind, kind), eq(recoveryAddresses.address, address), isNotNull(recoveryAddresses.verifiedAt), or(eq(recoveryAddresses.purpose, 'backup'), eq(recoveryAddresses.purpose, 'primary_change'))));
    return Boolean(backup && backup.userId !== exceptUserId);
  }
}
