import { randomBytes } from 'node:crypto';
import type { LocalPickKind } from '../../shared/api/local';
import { AppError } from '../../shared/errors';

interface PickSession {
  id: string;
  kind: LocalPickKind;
  extensions: string[];
  expiresAt: number;
}

/** Long enough to find a folder, short enough that a forgotten picker does not stay open. */
export const PICK_TTL_MS = 10 * 60_000;
const MAX_OPEN = 4;

/**
 * Browser mode's pending picks: the only time the UI may look at folders it has not been granted. A pick
 * ends with a choice or a cancel, or expires.
 */
export class PickSessions {
  private readonly open = new Map<string, PickSession>();

  constructor(private readonly now: () => number = Date.now) {}

  start(kind: LocalPickKind, extensions: string[] = []): PickSession {
    this.sweep();
    if (this.open.size >= MAX_OPEN) {
      const oldest = [...this.open.values()].sort((a, b) => a.expiresAt - b.expiresAt)[0]!;
      this.open.delete(oldest.id);
    }
    const session = {
      id: randomBytes(16).toString('base64url'),
      kind,
      extensions,
      expiresAt: this.now() + PICK_TTL_MS,
    };
    this.open.set(session.id, session);
    return session;
  }

  get(id: string): PickSession {
    this.sweep();
    const session = this.open.get(id);
    if (!session) throw new AppError('FORBIDDEN', 'This file picker was closed or has expired; open it again.');
    return session;
  }

  end(id: string): PickSession {
    const session = this.get(id);
    this.open.delete(id);
    return session;
  }

  private sweep() {
    const now = this.now();
    for (const [id, s] of this.open) if (s.expiresAt <= now) this.open.delete(id);
  }
}
