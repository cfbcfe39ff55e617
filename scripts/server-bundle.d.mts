/** Builds `.tmp/<name>/main.mjs` (with a source map) from server/src/main.ts and returns its path. */
export function buildServerBundle(name: string): Promise<string>;
