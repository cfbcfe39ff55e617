import { hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id of @node-rs/argon2 (an ambient const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

export interface Argon2Parameters {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP Password Storage Cheat Sheet minimum for argon2id: 19 MiB, 2 iterations, 1 lane. */
export const owaspArgon2Parameters: Argon2Parameters = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  constructor(readonly parameters: Argon2Parameters = owaspArgon2Parameters) {}

  hash(password: string): Promise<string> {
    return hash(normalizePassword(password), { algorithm: ARGON2ID, ...this.parameters });
  }

  async verify(storedHash: string, password: string): Promise<boolean> {
    try {
      return await verify(storedHash, normalizePassword(password));
    } catch {
      return false;
    }
  }

  /**
   * Verifies against a fixed hash with the current parameters so an unknown account costs as much time as a
   * known one and timing does not reveal which identifiers exist.
   */
  async verifyDummy(password: string): Promise<void> {
    this.dummyHash ??= this.hash('clientele-dummy-password-for-timing');
    await this.verify(await this.dummyHash, password);
  }

  /** True when the stored hash was made with other parameters (or another algorithm) and should be upgraded. */
  needsRehash(storedHash: string): boolean {
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(storedHash);
    if (!match) return true;
    return (
      Number(match[1]) !== this.parameters.memoryCost ||
      Number(match[2]) !== this.parameters.timeCost ||
      Number(match[3]) !== this.parameters.parallelism
    );
  }
}
