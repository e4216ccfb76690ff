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

/**
 * Cuts a file into the execs of an upload: units of `unitSize` bytes, each one line `_qw(...)` as an 8-bit or
 * base64 literal, deflated when the module can inflate and that saves at least 10 %; lines are grouped into
 * execs of at most `execBudget` wire bytes (the module holds one exec's literals in RAM at once).
 */
export const planUpload = (
  data: Uint8Array,
  encoding: TransferResult['encoding'],
  canInflate: boolean,
  tuning: Pick<TransferTuning, 'unitSize' | 'execBudget'>,
): UploadPlan => {
  const literal = encoding === '8bit' ? bytesLiteral : base64Literal;
  const wrap = (inner: Uint8Array, decode: string[]) => {
    const open = utf8(`_qw(${decode.map((d) => `${d}(`).join('')}`);
    const close = utf8(`${')'.repeat(decode.length)})\n`);
    return concatBytes([open, inner, close]);
  };
  const lines: Array<{ code: Uint8Array; dataBytes: number }> = [];
  let compressed = false;
  for (let offset = 0; offset < data.length; offset += tuning.unitSize) {
    const unit = data.subarray(offset, offset + tuning.unitSize);
    const plainDecode = encoding === 'base64' ? ['_qa'] : [];
    let line = wrap(literal(unit), plainDecode);
    if (canInflate && unit.length >= 256) {
      const packed = deflateSync(unit, { level: 9, windowBits: 12, memLevel: 9 });
      const packedLine = wrap(literal(packed), ['_qz', ...plainDecode]);
      if (packedLine.length < line.length * 0.9) {
        line = packedLine;
        compressed = true;
      }
    }
    lines.push({ code: line, dataBytes: unit.length });
  }
  const execs: Array<{ code: Uint8Array; dataBytes: number }> = [];
  let current: Uint8Array[] = [];
  let currentSize = 0;
  let currentData = 0;
  for (const line of lines) {
    if (current.length && currentSize + line.code.length > tuning.execBudget) {
      execs.push({ code: concatBytes(current), dataBytes: currentData });
      current = [];
      currentSize = 0;
      currentData = 0;
    }
    current.push(line.code);
    currentSize += line.code.length;
    currentData += line.dataBytes;
  }
  if (current.length) execs.push({ code: concatBytes(current), dataBytes: currentData });
  return { execs, compressed };
};
