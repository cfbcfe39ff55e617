import type { passkeys } from '../mfa.tables.ts';

export type PasskeyRow = typeof passkeys.$inferSelect;

/** What the owner sees of a passkey: never the credential id or public key. */
export function toPasskeyView(row: PasskeyRow) {
  return { id: row.id, name: row.name, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, deviceType: row.deviceType, backedUp: row.backedUp, activatesAt: row.activatesAt };
}
