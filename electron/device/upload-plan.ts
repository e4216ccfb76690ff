import { deflateSync } from 'node:zlib';
import type { TransferResult } from '../../shared/api/device';
import { concatBytes, utf8 } from './bytes';
import type { TransferTuning } from './files';
import { base64Literal, bytesLiteral } from './pyliteral';

/** One raw-REPL exec of an upload: lines `_qw(<literal>)` and how many file bytes they carry. */
interface UploadExec {
  code: Uint8Array;
  dataBytes: number;
}

interface UploadPlan {
  execs: UploadExec[];
  /** Whether any unit went deflated (the module must define `_qz`). */
  compressed: boolean;
}

/** With less room than this left in an exec, the next unit starts a new exec instead of a cut piece filling it. */
const MIN_FILL = 512;

/**
 * Cuts a file into the execs of an upload: units of at most `unitSize` bytes, each one line `_qw(...)` as an 8-bit
 * or base64 literal, deflated when the module can inflate and that saves at least 10 %. Lines fill execs of at most
 * `execBudget` wire bytes (the module holds one exec's literals in RAM at once): where a whole unit no longer fits,
 * a cut piece of it fills the exec, so a long file takes as few execs (each a round trip) as the budget allows.
 */
export const planUpload = (
  data: Uint8Array,
  encoding: TransferResult['encoding'],
  canInflate: boolean,
  tuning: Pick<TransferTuning, 'unitSize' | 'execBudget'>,
): UploadPlan => {
  const literal = encoding === '8bit' ? bytesLiteral : base64Literal;
  const plainDecode = encoding === 'base64' ? ['_qa'] : [];
  const wrap = (inner: Uint8Array, decode: string[]) => {
    const open = utf8(`_qw(${decode.map((d) => `${d}(`).join('')}`);
    const close = utf8(`${')'.repeat(decode.length)})\n`);
    return concatBytes([open, inner, close]);
  };
  const lineFor = (unit: Uint8Array): { code: Uint8Array; packed: boolean } => {
    const plain = wrap(literal(unit), plainDecode);
    if (canInflate && unit.length >= 256) {
      const deflated = deflateSync(unit, { level: 9, windowBits: 12, memLevel: 9 });
      // Its literal is at least as long as the deflated bytes: data that does not shrink is not encoded twice.
      if (deflated.length < plain.length * 0.9) {
        const packed = wrap(literal(deflated), ['_qz', ...plainDecode]);
        if (packed.length < plain.length * 0.9) return { code: packed, packed: true };
      }
    }
    return { code: plain, packed: false };
  };

  const execs: UploadExec[] = [];
  let compressed = false;
  let current: Uint8Array[] = [];
  let currentSize = 0;
  let currentData = 0;
  const closeExec = () => {
    if (current.length) execs.push({ code: concatBytes(current), dataBytes: currentData });
    current = [];
    currentSize = 0;
    currentData = 0;
  };
  for (let offset = 0; offset < data.length;) {
    let take = Math.min(tuning.unitSize, data.length - offset);
    let line = lineFor(data.subarray(offset, offset + take));
    let room = tuning.execBudget - currentSize;
    if (line.code.length > room && room < MIN_FILL) {
      closeExec();
      room = tuning.execBudget;
    }
    while (line.code.length > room && take > 1) {
      take = Math.max(1, Math.floor(((take * room) / line.code.length) * 0.98));
      line = lineFor(data.subarray(offset, offset + take));
    }
    current.push(line.code);
    currentSize += line.code.length;
    currentData += take;
    compressed ||= line.packed;
    offset += take;
  }
  closeExec();
  return { execs, compressed };
};
