// The server as one ES module for the end-to-end suite, which starts a server per spec file and language: loading
// server/src through tsx's loader costs each start about 2.5 s of CPU more than one prebuilt module. Only the
// project's own code is bundled; packages still load from node_modules.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { repoRoot } from './web-build.mjs';

/**
 * Modules find their files next to themselves (migrations, message catalogues, the web build) through
 * `import.meta.url`; in the bundle each keeps the URL of its own source file.
 */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]server[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

/** Builds `.tmp/e2e-server/main.mjs` (with a source map) from server/src/main.ts and returns its path. */
export async function buildServerBundle() {
  const directory = join(repoRoot, '.tmp', 'e2e-server');
  const target = join(directory, 'main.mjs');
  // Written under another name first: a run that starts servers meanwhile never loads half a file.
  const building = join(directory, `main.${process.pid}.mjs`);
  await build({
    entryPoints: [join(repoRoot, 'server', 'src', 'main.ts')],
    outfile: building,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    plugins: [keepModuleUrls],
    logLevel: 'warning',
  });
  await rename(building, target);
  return target;
}
