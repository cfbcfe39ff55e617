// Makes sure Debian's Chromium is there for Playwright. Never downloads a browser through Playwright: as root it
// installs the distribution package, otherwise it prints the command.
//
// The tests drive Debian's headless build of Chromium (package chromium-headless-shell: the same Chromium source and
// version as the `chromium` package, Blink, V8 and network stack alike, without the desktop browser's windowing and UI
// layers; Playwright's own default for headless runs). The end-to-end suite is CPU-bound on two cores, and the full
// browser in headless mode costs it about a third more CPU (e.g. four specs: 191 → 130 s of CPU, 101 → 73 s).
// CLIENTELE_E2E_CHROMIUM=/usr/bin/chromium runs the suite in the full browser instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const headlessShellPath = '/usr/lib/chromium/chromium-headless-shell';
export const fullChromiumPath = '/usr/bin/chromium';
// Without a CJK font the zh-CN screenshots show empty boxes instead of characters.
export const cjkFontPackage = 'fonts-wqy-microhei';
export const cjkFontInstallCommand = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${cjkFontPackage}`;
export const chromiumInstallCommand =
  'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium-headless-shell';

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
 * Makes sure a Chinese font is installed: the zh-CN screenshots are part of what the suite delivers, and without one
 * they show empty boxes. As root the font is installed (like Chromium); otherwise a warning gives the command and the
 * tests still run. Returns whether a font is there.
 */
export function ensureCjkFont() {
  if (hasCjkFont()) {
    return true;
  }
  if (
    process.getuid?.() === 0 &&
    installPackage(cjkFontInstallCommand, `A Chinese font (${cjkFontPackage})`) &&
    hasCjkFont()
  ) {
    return true;
  }
  process.stderr.write(
    `Warning: no Chinese font installed; zh-CN screenshots will show boxes. Install one with:\n  sudo sh -c '${cjkFontInstallCommand}'\n`,
  );
  return false;
}

/**
 * Returns the path of the Chromium binary the end-to-end tests run: CLIENTELE_E2E_CHROMIUM when set, else Debian's
 * headless shell, installed when missing and this process is root; without root, the full browser when that is
 * installed. Throws (with the command to run) when there is neither, or when the installation fails.
 */
export function ensureChromium() {
  const chosen = process.env.CLIENTELE_E2E_CHROMIUM;
  if (chosen !== undefined && chosen !== '') {
    if (!existsSync(chosen)) throw new Error(`CLIENTELE_E2E_CHROMIUM=${chosen} does not exist.`);
    return chosen;
  }
  if (existsSync(headlessShellPath)) {
    return headlessShellPath;
  }
  if (process.getuid?.() !== 0) {
    if (existsSync(fullChromiumPath)) {
      process.stderr.write(
        `Using ${fullChromiumPath}; Debian's headless shell runs the suite with a third less CPU. Install it with:\n` +
          `  sudo sh -c '${chromiumInstallCommand}'\n`,
      );
      return fullChromiumPath;
    }
    throw new Error(
      `Chromium is missing (${headlessShellPath}); the end-to-end tests drive Debian's package. Install it with:\n` +
        `  sudo sh -c '${chromiumInstallCommand}'`,
    );
  }
  if (!installPackage(chromiumInstallCommand, `Chromium (${headlessShellPath})`) || !existsSync(headlessShellPath)) {
    throw new Error(`Installing chromium-headless-shell failed. Run manually:\n  ${chromiumInstallCommand}`);
  }
  return headlessShellPath;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    console.log(ensureChromium());
    ensureCjkFont();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
