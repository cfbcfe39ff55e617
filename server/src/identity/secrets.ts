import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { systemSettings } from '../db/system.tables.ts';

/** 256-bit random token, base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are looked up by SHA-256: they carry 256 bits of entropy, so a fast hash is enough. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Keyed hashes (failed-password fingerprints) with a key from SECRET_KEY or generated once per installation. */
export class Secrets {
  private constructor(private readonly key: Buffer) {}

  static async load(db: Database, configuredKey: string | undefined): Promise<Secrets> {
    if (configuredKey) return new Secrets(Buffer.from(configuredKey, 'utf8'));
    const candidate = randomBytes(32).toString('base64url');
    await db.insert(systemSettings).values({ key: 'hmac_key', value: candidate }).onConflictDoNothing();
    const [row] = await db.select().from(systemSettings).where(eq(systemSettings.key, 'hmac_key'));
    return new Secrets(Buffer.from(row?.value ?? candidate, 'utf8'));
  }

  keyedHash(...parts: string[]): string {
    const hmac = createHmac('sha256', this.key);
    for (const part of parts) hmac.update(part).update('\u0000');
    return hmac.digest('hex').slice(0, 32);
  }

  /** A 256-bit key for one purpose (`info`), derived with HKDF-SHA256 so no two uses share a key. */
  deriveKey(info: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, 'clientele', info, 32));
  }
}
