import type { LocalGrant, localCalls } from '../../../shared/api/local';
import { fail, ok } from '../../../shared/result';
import type { FakeDomain } from './types';

/** The folder a pick grants: a small project at /home/user/proj. */
export const FAKE_PROJECT_GRANT: LocalGrant = {
  id: 'grant-proj',
  kind: 'folder',
  name: 'proj',
  path: '/home/user/proj',
  sep: '/',
};

const unknownGrant = () =>
  fail('FORBIDDEN', 'That folder or file was chosen in an earlier run of QPY Studio (or not at all); choose it again.');

/** The desktop app's behaviour: the system dialog returns the project folder. */
export const localFakes: FakeDomain<keyof typeof localCalls> = {
  localPick: () => ok({ state: 'granted', grant: FAKE_PROJECT_GRANT }),
  localPickBrowse: () => fail('FORBIDDEN', 'This file picker was closed or has expired; open it again.'),
  localPickChoose: () => fail('FORBIDDEN', 'This file picker was closed or has expired; open it again.'),
  localList: ({ grant, relPath }) => {
    if (grant !== FAKE_PROJECT_GRANT.id) return unknownGrant();
    if (relPath) return fail('NOT_FOUND', `${relPath} does not exist; pick another folder or file.`);
    return ok({
      grant,
      relPath: '',
      parentRelPath: null,
      path: FAKE_PROJECT_GRANT.path,
      sep: '/',
      entries: [
        { name: 'lib', relPath: 'lib', type: 'dir', size: 0, mtimeMs: 0 },
        { name: 'main.py', relPath: 'main.py', type: 'file', size: 120, mtimeMs: 0 },
      ],
    });
  },
  localRead: ({ grant, relPath }) =>
    grant === FAKE_PROJECT_GRANT.id
      ? ok({ name: relPath?.split('/').pop() ?? 'proj', data: new TextEncoder().encode('print("local")\n') })
      : unknownGrant(),
  localWrite: ({ grant, data }) =>
    grant === FAKE_PROJECT_GRANT.id
      ? ok({ bytes: typeof data === 'string' ? new TextEncoder().encode(data).length : data.length })
      : unknownGrant(),
};
