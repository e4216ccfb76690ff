import type { localCalls } from '../../../shared/api/local';
import { fail, ok } from '../../../shared/result';
import type { FakeDomain } from './types';

/** A small project folder at /home/user/proj. */
export const localFakes: FakeDomain<keyof typeof localCalls> = {
  localList: ({ dir }) => {
    const at = dir ?? '/home/user/proj';
    if (at !== '/home/user/proj') return fail('NOT_FOUND', `${at} does not exist; pick another folder or file.`);
    return ok({
      dir: at,
      parent: '/home/user',
      sep: '/',
      entries: [
        { path: `${at}/lib`, name: 'lib', type: 'dir', size: 0, mtimeMs: 0 },
        { path: `${at}/main.py`, name: 'main.py', type: 'file', size: 120, mtimeMs: 0 },
      ],
    });
  },
  localRead: ({ path }) => ok({ path, data: new TextEncoder().encode('print("local")\n') }),
  localWrite: ({ path, data }) =>
    ok({ path, bytes: typeof data === 'string' ? new TextEncoder().encode(data).length : data.length }),
};
