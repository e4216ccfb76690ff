import { cpus, loadavg, totalmem, type } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const FILE = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

const machineLine = (): string => {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${type()} ${process.arch}, ${cpus().length} × ${cpu.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
};

/**
 * Replaces (or appends) the section `## title` of BENCHMARKS.md, stamping it with the machine and the date,
 * so every benchmark keeps its own latest figures without touching the others'.
 */
export const writeBenchmarkSection = async (title: string, body: string): Promise<void> => {
  let text = await readFile(FILE, 'utf8').catch(
    () => '# Benchmarks\n\nLatest figures of `npm run bench`; each section is rewritten by its benchmark.\n',
  );
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  // The machine is shared: the load when the figures were taken says how far to trust them.
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');
  const stamped = `## ${title}\n\n_Machine: ${machineLine()}. Date: ${date} UTC, load average ${load} at the end._\n\n${body.trim()}\n`;
  const start = text.indexOf(`## ${title}\n`);
  if (start === -1) {
    text = `${text.trimEnd()}\n\n${stamped}`;
  } else {
    const next = text.indexOf('\n## ', start + 3);
    text = text.slice(0, start) + stamped + (next === -1 ? '' : `\n${text.slice(next + 1)}`);
  }
  await writeFile(FILE, text.endsWith('\n') ? text : `${text}\n`);
};
