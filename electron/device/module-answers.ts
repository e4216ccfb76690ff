// zod/mini: the same checks in a fraction of the code every CLI command would otherwise load.
import { z } from 'zod/mini';

/**
 * The JSON lines the scripts in remote-scripts.ts print back, as zod schemas: an answer of any other shape is a
 * DEVICE_PROTOCOL error naming the operation, never a crash further on.
 */

const moduleName = z.string().check(z.maxLength(40));

export const probeAnswerSchema = z.object({
  os: moduleName,
  binascii: moduleName,
  hashlib: moduleName,
  json: moduleName,
  io: moduleName,
  sys: moduleName,
  sha256: z.boolean(),
  crc32: z.boolean(),
  DeflateIO: z.boolean(),
  uzd: z.boolean(),
  zld: z.boolean(),
  ilistdir: z.boolean(),
  statvfs: z.boolean(),
  version: z.string().check(z.maxLength(200)),
  platform: z.string().check(z.maxLength(200)),
  machine: z.string().check(z.maxLength(200)),
});
export type ProbeAnswer = z.infer<typeof probeAnswerSchema>;

export const capabilitiesSchema = z.object({
  modules: z.object({
    os: moduleName,
    binascii: moduleName,
    hashlib: moduleName,
    json: moduleName,
    io: moduleName,
    sys: moduleName,
  }),
  firmware: z.enum(['modern', 'legacy']),
  hash: z.enum(['sha256', 'crc32', 'adler32']),
  inflate: z.nullable(z.enum(['deflate', 'uzlib', 'zlib'])),
  version: z.string().check(z.maxLength(200)),
  platform: z.string().check(z.maxLength(200)),
  machine: z.string().check(z.maxLength(200)),
  hasIlistdir: z.boolean(),
  hasStatvfs: z.boolean(),
});

const size = z.int();

/** pushOpenScript: ["dir"|"same", 0] or ["full"|"ok", free bytes or -1]. */
export const pushOpenAnswer = z.tuple([z.enum(['dir', 'same', 'full', 'ok']), size]);
/** pushFinishScript: ["ok"|"kept", size, ""] or ["bad", size, digest]. */
export const pushFinishAnswer = z.tuple([z.enum(['ok', 'bad', 'kept']), size, z.string()]);
/** statScript: [st_mode, st_size, st_mtime or null]. */
export const statAnswer = z.tuple([size, size, z.nullable(size)]);
/** freeScript: statvfs fields [bsize, frsize, blocks, bfree, bavail]. */
export const freeAnswer = z.tuple([size, size, size, size, size]);
/** listScript, one line per entry: [path, name, 'f'|'d', size]. */
export const listLine = z.tuple([z.string(), z.string(), z.enum(['f', 'd']), size]);
/** hashesScript, one line per path: [path, size (-1: missing), digest]. */
export const hashLine = z.tuple([z.string(), size, z.string()]);
