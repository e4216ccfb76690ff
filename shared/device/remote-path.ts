/** Paths on the module: always '/'-separated and absolute ('/usr/main.py'), whatever the host's OS. */

/** True for a path that names a folder by its form: ends with '/' (as in mpremote's `cp x :/usr/`). */
export const isFolderForm = (path: string): boolean => path.endsWith('/');

/** The folder and the last name of a module path; trailing slashes are ignored ('/usr/' → '/', 'usr'). */
export const splitRemote = (path: string): { dir: string; name: string } => {
  const clean = path.replace(/\/+$/, '');
  const at = clean.lastIndexOf('/');
  return { dir: at <= 0 ? '/' : clean.slice(0, at), name: clean.slice(at + 1) };
};

export const joinRemote = (dir: string, name: string): string => (dir.endsWith('/') ? dir + name : `${dir}/${name}`);

/** Where a file pushed to `remote` lands: into the folder with its own name when `remote` ends with '/'. */
export const pushTarget = (remote: string, fileName: string): string =>
  isFolderForm(remote) ? joinRemote(remote, fileName) : remote;

/** Suffix of the upload temp files this tool makes: `.<name>.<12 hex>.qpytmp` next to the target. */
export const TEMP_SUFFIX = '.qpytmp';
/** Hex digits of the id in a temp name. */
export const TEMP_ID_HEX_LENGTH = 12;

/** A temp name for one transfer to `name` (the id makes it unique, so no other transfer's temp is touched). */
export const tempNameFor = (name: string, id: string): string => `.${name}.${id}${TEMP_SUFFIX}`;
