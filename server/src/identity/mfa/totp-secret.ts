import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Secrets } from '../secrets.ts';

const VERSION = 'v1';

/**
 * TOTP shared secrets at rest: AES-256-GCM with a key derived (HKDF) from the installation key, a random 96-bit IV
 * per secret and the factor id as associated data, so a ciphertext copied onto another factor row does not decrypt.
 * Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
export class TotpSecretBox {
  private readonly key: Buffer;

  constructor(secrets: Secrets) {
    this.key = secrets.deriveKey('totp-secret-v1');
  }

  seal(base32Secret: string, factorId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(factorId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(base32Secret, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  open(sealed: string, factorId: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('unknown TOTP secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(factorId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
