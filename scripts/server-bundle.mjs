// The server as one ES module, for `npm start` and for the end-to-end suite (a server per spec file and language):
// loading server/src through tsx's loader costs each start about 2.5 s of CPU more than one prebuilt module. Only the
// project's own code is bundled; packages still load from node_modules.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, stop } from 'esbuild';
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
      return {
        contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: 'ts',
      };
    });
  },
};

/**
 * Builds `.tmp/<name>/main.mjs` (with a source map) from `entry` (a path under server/src; the server by default, or
 * the CLI's cli/main.ts) and returns its path.
 */
export async function buildServerBundle(name, entry = 'main.ts') {
  const directory = join(repoRoot, '.tmp', name);
  const target = join(directory, 'main.mjs');
  // Written under another name first: a run that starts servers meanwhile never loads half a file.
  const building = join(directory, `main.${process.pid}.mjs`);
  try {
    await build({
      entryPoints: [join(repoRoot, 'server', 'src', entry)],
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
  } finally {
    // esbuild keeps a helper process for further builds; there are none, and `npm start` lives on.
    await stop();
  }
  await rename(building, target);
  return target;
}
