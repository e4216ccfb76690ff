#!/usr/bin/env node
// The Debian packages the tests drive for real (pseudo-terminals, brokers, a browser, serial terminals), in one place.
// `npm test` checks them first; as root (as CI runs) it installs what is missing, otherwise it names the command.
// `node scripts/system-deps.mjs --list` prints the package names (for .ci/run); `--check` only reports what is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What each package gives the tests, and how to tell it is there. */
const SYSTEM_DEPS = [
  { pkg: 'socat', why: 'pseudo-terminals to the module simulator', has: () => onPath('socat') },
  { pkg: 'mosquitto', why: 'MQTT interop broker', has: () => existsSync('/usr/sbin/mosquitto') || onPath('mosquitto') },
  { pkg: 'mosquitto-clients', why: 'mosquitto_pub/sub interop', has: () => onPath('mosquitto_sub') },
  {
    pkg: 'chromium',
    why: 'the UI end-to-end tests',
    has: () => existsSync(process.env.QPY_CHROMIUM ?? '/usr/bin/chromium'),
  },
  // Without a CJK font Chromium draws the Chinese UI (and its screenshots in docs/) as empty boxes.
  { pkg: 'fonts-noto-cjk', why: 'Chinese text in the UI screenshots', has: () => hasChineseFont() },
  { pkg: 'udev', why: 'udevadm, which serialport uses to list ports', has: () => onPath('udevadm') },
  { pkg: 'openssl', why: 'test TLS certificates', has: () => onPath('openssl') },
  { pkg: 'tmux', why: 'serial terminals driven as a user would', has: () => onPath('tmux') },
  { pkg: 'picocom', why: 'a serial terminal against `qpy sim`', has: () => onPath('picocom') },
  // Debian's own python3, which the tests call by path (a pyenv python3 first on PATH has its own packages).
  { pkg: 'python3-serial', why: 'miniterm against `qpy sim`', has: () => debianPython('import serial') },
];

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

function hasChineseFont() {
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return fonts.status === 0 && fonts.stdout.trim() !== '';
}

function debianPython(code) {
  return spawnSync('/usr/bin/python3', ['-c', code], { stdio: 'ignore' }).status === 0;
}

const missingDeps = () => SYSTEM_DEPS.filter((dep) => !dep.has());

const installCommand = (packages) =>
  `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

const apt = (args) =>
  spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  }).status === 0;

/** Installs the missing packages with apt-get (root only). Returns the ones still missing. */
const installMissing = () => {
  const missing = missingDeps();
  if (missing.length === 0) return [];
  const packages = missing.map((dep) => dep.pkg);
  console.log(`Installing the system packages the tests need: ${packages.join(' ')}`);
  if (!apt(['update', '-qq']) || !apt(['install', '-y', '-qq', '--no-install-recommends', ...packages])) {
    console.error('apt-get could not install them; see its messages above.');
  }
  return missingDeps();
};

/**
 * Makes sure the tools are there: installs them as root, otherwise prints one line naming the exact command.
 * Returns true when everything is present.
 */
export const ensureSystemDeps = ({ install = isRoot() } = {}) => {
  let missing = missingDeps();
  if (missing.length > 0 && install && onPath('apt-get')) missing = installMissing();
  if (missing.length === 0) return true;
  const packages = missing.map((dep) => dep.pkg);
  const how = onPath('apt-get')
    ? `run: ${installCommand(packages)}`
    : `install them with your system's package manager (Debian/Ubuntu names: ${packages.join(' ')})`;
  console.error(`The tests need ${missing.map((dep) => `${dep.pkg} (${dep.why})`).join(', ')}; ${how}`);
  return false;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--list')) {
    console.log(SYSTEM_DEPS.map((dep) => dep.pkg).join(' '));
    process.exit(0);
  }
  process.exit(ensureSystemDeps({ install: !process.argv.includes('--check') && isRoot() }) ? 0 : 1);
}
