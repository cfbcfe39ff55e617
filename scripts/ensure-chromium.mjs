// Makes sure Debian's Chromium is at /usr/bin/chromium for Playwright. Never downloads a browser
// through Playwright: as root it installs the distribution package, otherwise it prints the command.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const chromiumPath = '/usr/bin/chromium';
// Without a CJK font the zh-CN screenshots show empty boxes instead of characters.
export const cjkFontPackage = 'fonts-wqy-microhei';
export const cjkFontInstallCommand = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${cjkFontPackage}`;
export const chromiumInstallCommand = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium';

function hasCjkFont() {
  const result = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  // Without fontconfig's fc-list we cannot tell; Chromium's package pulls fontconfig in, so assume fine.
  return result.error !== undefined || result.stdout.trim() !== '';
}

function installPackage(command, what) {
  process.stderr.write(`${what} missing; installing it from Debian…\n`);
  const result = spawnSync('sh', ['-c', command], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/**
 * Warns (does not fail) when no Chinese font is installed: the tests still pass, only the zh-CN screenshots
 * are unreadable. .ci/run installs the font.
 */
export function warnIfNoCjkFont() {
  if (hasCjkFont()) {
    return true;
  }
  process.stderr.write(
    `Warning: no Chinese font installed; zh-CN screenshots will show boxes. Install one with:\n  sudo sh -c '${cjkFontInstallCommand}'\n`,
  );
  return false;
}

/**
 * Resolves to the browser path once it exists. Throws (with the command to run) when it is missing and
 * this process is not root, or when the installation fails.
 */
export function ensureChromium() {
  if (existsSync(chromiumPath)) {
    return chromiumPath;
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Chromium is missing (${chromiumPath}); the end-to-end tests drive Debian's package. Install it with:\n` +
        `  sudo sh -c '${chromiumInstallCommand}'`,
    );
  }
  if (!installPackage(chromiumInstallCommand, `Chromium (${chromiumPath})`) || !existsSync(chromiumPath)) {
    throw new Error(`Installing chromium failed. Run manually:\n  ${chromiumInstallCommand}`);
  }
  return chromiumPath;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    console.log(ensureChromium());
    warnIfNoCjkFont();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
