// `npm start`: build the web app if needed, then run the server in the foreground.
// `--dev` currently does the same (the server is run from source through tsx either way).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureWebBuild, repoRoot } from './web-build.mjs';

try {
  ensureWebBuild();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'server', 'src', 'main.ts')], {
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
