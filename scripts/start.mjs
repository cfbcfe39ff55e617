// `npm start`: build the web app if needed, bundle the server from its sources (a fraction of a second), then run it
// in the foreground. `--dev` runs server/src through tsx instead (stack traces name the source files directly).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureWebBuild, repoRoot } from './web-build.mjs';

try {
  ensureWebBuild();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const fromSource = ['--import', 'tsx', join(repoRoot, 'server', 'src', 'main.ts')];
let entry = fromSource;
if (!process.argv.includes('--dev')) {
  try {
    const { buildServerBundle } = await import('./server-bundle.mjs');
    entry = ['--enable-source-maps', await buildServerBundle('server')];
  } catch (error) {
    // Without the bundler (an install without dev dependencies) the server still runs, through tsx.
    console.warn(
      `Running the server from source (could not bundle it: ${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

const child = spawn(process.execPath, entry, {
  cwd: repoRoot,
  stdio: 'inherit',
});

const forwardedSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of forwardedSignals) {
  process.on(signal, () => {
    // The child shares our terminal's process group, so Ctrl-C reaches it directly; forwarding covers
    // signals sent only to this process (e.g. `kill PID`, container stop).
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
    }
  });
}

child.on('error', (error) => {
  console.error(`Could not start the server: ${error.message}`);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  if (signal !== null) {
    for (const forwarded of forwardedSignals) {
      process.removeAllListeners(forwarded);
    }
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
