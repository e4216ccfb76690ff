import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../../shared/errors';
import { joinRemote } from '../../../shared/device/remote-path';
import { describePlan, describePush, describeSync, formatEntries, kb } from '../format';
import { printJson, writeError } from '../output';
import { addPortFlags, onEveryPort, withOnePort, type PortFlags } from '../port-flags';
import { safeName } from '../terminal-safe';

/** File commands on the module: ls, cat, push, pull, rm, mkdir, mv, df, set-main, sync. */
export const registerFileCommands = (program: Command): void => {
  addPortFlags(
    program
      .command('ls')
      .description('List files on the module')
      .argument('[path]', 'folder on the module', '/usr')
      .option('-r, --recursive', 'list sub-folders too'),
  ).action(async (path: string, flags: PortFlags & { recursive?: boolean }) => {
    await withOnePort(flags, async (manager, port) => {
      const entries = await manager
        .files(port)
        .list(path, { interrupt: flags.interrupt, recursive: flags.recursive === true });
      if (flags.json) printJson(entries);
      else if (entries.length) process.stdout.write(`${formatEntries(entries)}\n`);
    });
  });

  addPortFlags(
    program
      .command('cat')
      .description('Print a module file to stdout (binary-safe)')
      .argument('<path>', 'file on the module'),
  ).action(async (path: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      const data = await manager.files(port).read(path, { interrupt: flags.interrupt });
      if (flags.json) printJson({ path, base64: Buffer.from(data).toString('base64') });
      else process.stdout.write(data);
    });
  });

  addPortFlags(
    program
      .command('push')
      .description(
        'Copy a local file to the module: atomic (old file kept until the new one is verified) and verified by hash',
      )
      .argument('<local>', 'local file')
      .argument('[remote]', 'path on the module (default /usr/<name>; a path ending in / is a folder)')
      .option('-f, --force', 'send the file even when the module already holds exactly these bytes'),
    true,
  ).action(async (local: string, remote: string | undefined, flags: PortFlags & { force?: boolean }) => {
    let data: Uint8Array;
    try {
      const info = await stat(local).catch(() => null);
      if (!info) throw new AppError('LOCAL_IO', `${local} does not exist on this computer.`);
      if (info.isDirectory())
        throw new AppError('BAD_REQUEST', `${local} is a folder: use "qpy sync" to copy a folder.`);
      data = new Uint8Array(await readFile(local));
    } catch (error) {
      writeError(error, flags.json);
      return;
    }
    const name = basename(local);
    const target = !remote ? `/usr/${name}` : remote.endsWith('/') ? joinRemote(remote, name) : remote;
    await onEveryPort(
      flags,
      'push',
      async (manager, port, op) => {
        const result = await manager.files(port).push(target, data, {
          interrupt: flags.interrupt,
          force: flags.force === true,
          signal: op.signal,
          onProgress: (t) => op.report({ ...t, file: target }),
        });
        op.report({ bytesDone: data.length, bytesTotal: data.length, done: true, file: target, filesDone: 1 });
        return result;
      },
      describePush,
    );
  });

  addPortFlags(
    program
      .command('pull')
      .description('Copy a module file to this computer')
      .argument('<remote>', 'file on the module')
      .argument('[local]', 'local file or folder', '.'),
  ).action(async (remote: string, local: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      const data = await manager.files(port).read(remote, { interrupt: flags.interrupt });
      const info = await stat(local).catch(() => null);
      const target = info?.isDirectory() ? join(local, basename(remote)) : local;
      await writeFile(target, data).catch((error: Error) => {
        throw new AppError('LOCAL_IO', `Could not write ${target}: ${error.message}`);
      });
      if (flags.json) printJson({ remote, local: resolve(target), bytes: data.length });
      else process.stdout.write(`${safeName(remote)} → ${safeName(target)} (${kb(data.length)})\n`);
    });
  });

  addPortFlags(
    program
      .command('rm')
      .description('Remove a file (or a folder with -r) on the module')
      .argument('<path>', 'path on the module')
      .option('-r, --recursive', 'remove a folder and everything in it'),
  ).action(async (path: string, flags: PortFlags & { recursive?: boolean }) => {
    await withOnePort(flags, async (manager, port) => {
      await manager.files(port).remove(path, { interrupt: flags.interrupt, recursive: flags.recursive === true });
      if (flags.json) printJson({ removed: path });
    });
  });

  addPortFlags(
    program
      .command('mkdir')
      .description('Create a folder (and its parents) on the module')
      .argument('<path>', 'folder on the module'),
  ).action(async (path: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      await manager.files(port).mkdir(path, { interrupt: flags.interrupt });
      if (flags.json) printJson({ created: path });
    });
  });

  addPortFlags(
    program.command('mv').description('Rename or move a file on the module').argument('<from>').argument('<to>'),
  ).action(async (from: string, to: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      await manager.files(port).rename(from, to, { interrupt: flags.interrupt });
      if (flags.json) printJson({ from, to });
    });
  });

  addPortFlags(
    program.command('df').description('Free space on the module').argument('[path]', 'file system', '/usr'),
  ).action(async (path: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      const free = await manager.files(port).free(path, { interrupt: flags.interrupt });
      if (flags.json) printJson(free);
      else
        process.stdout.write(
          `${safeName(path)}: ${kb(free.free)} free of ${kb(free.total)} (block ${free.blockSize} B)\n`,
        );
    });
  });

  addPortFlags(
    program
      .command('set-main')
      .description('Make a module file run at boot (copies it to /usr/main.py)')
      .argument('<path>'),
  ).action(async (path: string, flags: PortFlags) => {
    await withOnePort(flags, async (manager, port) => {
      await manager.files(port).setMain(path, { interrupt: flags.interrupt });
      if (flags.json) printJson({ main: path });
    });
  });

  addPortFlags(
    program
      .command('sync')
      .description(
        'Make a module folder match a local folder: only changed files are sent, each atomically and verified',
      )
      .argument('<localdir>', 'local folder')
      .argument('[remotedir]', 'folder on the module', '/usr')
      .option('--delete', 'delete module files that are not in the local folder')
      .option('--dry-run', 'only show what would change'),
    true,
  ).action(async (localDir: string, remoteDir: string, flags: PortFlags & { delete?: boolean; dryRun?: boolean }) => {
    const absolute = resolve(localDir);
    const { planSync, sync } = await import('../../device/sync');
    if (flags.dryRun) {
      await onEveryPort(
        flags,
        'sync',
        (manager, port) =>
          planSync(manager.files(port), absolute, remoteDir, {
            interrupt: flags.interrupt,
            deleteExtra: flags.delete === true,
          }),
        describePlan,
      );
      return;
    }
    await onEveryPort(
      flags,
      'sync',
      (manager, port, op) =>
        sync(manager.files(port), absolute, remoteDir, {
          interrupt: flags.interrupt,
          deleteExtra: flags.delete === true,
          signal: op.signal,
          onProgress: (t) => op.report(t),
        }),
      describeSync,
    );
  });
};
