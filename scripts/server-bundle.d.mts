/**
 * Builds `.tmp/<name>/main.mjs` (with a source map) from `entry` (a path under server/src; the server by default, or
 * the CLI's cli/main.ts) and returns its path.
 */
export function buildServerBundle(name: string, entry?: string): Promise<string>;
