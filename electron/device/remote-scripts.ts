import type { DeviceInfo } from '../../shared/api/device';
import { TEMP_ID_HEX_LENGTH, TEMP_SUFFIX } from '../../shared/device/remote-path';
import type { ProbeAnswer } from './module-answers';
import { pullEscapeExpression } from './pull-codec';
import { concatBytes, utf8 } from './bytes';
import { pyDeviceStr } from './pyliteral';

/**
 * The Python our file operations run on the module. Written for MicroPython 1.12+ with either module naming
 * (`os` or `uos`…), kept to features QuecPython firmware has, and using `_q`-prefixed names so a user's globals
 * in the raw REPL are left alone.
 */

/** Module names that imported on this firmware (empty string: missing). */
interface RemoteModules {
  os: string;
  binascii: string;
  hashlib: string;
  json: string;
  io: string;
  sys: string;
}

export interface Capabilities {
  modules: RemoteModules;
  firmware: DeviceInfo['firmware'];
  hash: DeviceInfo['hash'];
  inflate: DeviceInfo['inflate'];
  version: string;
  platform: string;
  machine: string;
  hasIlistdir: boolean;
  hasStatvfs: boolean;
}

/** Prints the firmware's identity, uname() (the probe cache's key; its release and version fields name the
 * MicroPython build), and keeps it as `_qI`. Kept short: it is the first thing every command sends. */
export const IDENTITY_SCRIPT = `try:import uos as _qo
except:import os as _qo
try:_qI='|'.join(map(str,_qo.uname()))
except:_qI=''
print(_qI)
`;

/** `script` after IDENTITY_SCRIPT, run only when the identity printed is `identity` (a guess from the probe cache). */
export const onIdentity = (identity: string, script: string): Uint8Array =>
  concatBytes([utf8(IDENTITY_SCRIPT), runIf(`_qI.strip()==${pyDeviceStr(identity)}`, utf8(script))]);

export const PROBE_SCRIPT = `def _qi(*n):
 for x in n:
  try:
   __import__(x)
   return x
  except ImportError:
   pass
 return ''
_qr={'os':_qi('os','uos'),'binascii':_qi('binascii','ubinascii'),'hashlib':_qi('hashlib','uhashlib'),'json':_qi('json','ujson'),'io':_qi('io','uio'),'sys':_qi('sys','usys'),'deflate':_qi('deflate'),'uzlib':_qi('uzlib'),'zlib':_qi('zlib')}
_qs=__import__(_qr['sys'])
_qo=__import__(_qr['os'])
_qr['sha256']=bool(_qr['hashlib']) and hasattr(__import__(_qr['hashlib']),'sha256')
_qr['crc32']=bool(_qr['binascii']) and hasattr(__import__(_qr['binascii']),'crc32')
_qr['DeflateIO']=bool(_qr['deflate']) and hasattr(__import__('deflate'),'DeflateIO')
_qr['uzd']=bool(_qr['uzlib']) and hasattr(__import__('uzlib'),'decompress')
_qr['zld']=bool(_qr['zlib']) and hasattr(__import__('zlib'),'decompress')
_qr['ilistdir']=hasattr(_qo,'ilistdir')
_qr['statvfs']=hasattr(_qo,'statvfs')
try:
 _qv=_qs.implementation
 _qr['version']=_qv.name+' '+'.'.join([str(x) for x in _qv.version[:3]])
except Exception:
 _qr['version']=''
_qr['platform']=getattr(_qs,'platform','')
try:
 _qr['machine']=_qo.uname()[4]
except Exception:
 _qr['machine']=''
print(__import__(_qr['json']).dumps(_qr))
`;

export const capabilitiesFrom = (answer: ProbeAnswer): Capabilities => ({
  modules: {
    os: answer.os,
    binascii: answer.binascii,
    hashlib: answer.hashlib,
    json: answer.json,
    io: answer.io,
    sys: answer.sys,
  },
  firmware: answer.os === 'os' ? 'modern' : 'legacy',
  hash: answer.sha256 ? 'sha256' : answer.crc32 ? 'crc32' : 'adler32',
  inflate: answer.uzd ? 'uzlib' : answer.zld ? 'zlib' : answer.DeflateIO && answer.io ? 'deflate' : null,
  version: answer.version,
  platform: answer.platform,
  machine: answer.machine,
  hasIlistdir: answer.ilistdir,
  hasStatvfs: answer.statvfs,
});

/** Imports under our private names. */
const prelude = (caps: Capabilities): string => {
  const m = caps.modules;
  const names = [`${m.os} as _qo`, `${m.json} as _qj`];
  if (m.binascii) names.push(`${m.binascii} as _qb`);
  return `import ${names.join(',')}\n`;
};

/** Defines `_qH(path)` → (size, digest) matching checksum.ts's `digest` on our side. */
const hashFunction = (caps: Capabilities): string => {
  if (caps.hash === 'sha256') {
    return `import ${caps.modules.hashlib} as _qhl
def _qH(p):
 f=open(p,'rb');n=0;h=_qhl.sha256()
 while 1:
  b=f.read(1024)
  if not b:break
  n+=len(b);h.update(b)
 f.close();return n,_qb.hexlify(h.digest()).decode()
`;
  }
  if (caps.hash === 'crc32') {
    return `def _qH(p):
 f=open(p,'rb');n=0;c=0
 while 1:
  b=f.read(1024)
  if not b:break
  n+=len(b);c=_qb.crc32(b,c)
 f.close();return n,str(c&0xffffffff)
`;
  }
  return `def _qH(p):
 f=open(p,'rb');n=0;a=1;s=0
 while 1:
  b=f.read(512)
  if not b:break
  n+=len(b)
  for x in b:
   a+=x;s+=a
  a%=65521;s%=65521
 f.close();return n,str((s<<16)|a)
`;
};

/**
 * The definitions a push's scripts share (imports and `_qH`), sent once per operation: the raw REPL keeps its
 * globals from one exec to the next, so the scripts below do not repeat them.
 */
export const pushDefinitions = (caps: Capabilities): string => prelude(caps) + hashFunction(caps);

/** Prints one JSON line per entry: [path, name, 'f'|'d', size]. */
export const listScript = (caps: Capabilities, dir: string, recursive: boolean): string => `${prelude(caps)}def _qL(d):
 if ${caps.hasIlistdir ? 'True' : 'False'}:
  return _qo.ilistdir(d)
 r=[]
 for n in _qo.listdir(d):
  s=_qo.stat((d if d!='/' else '')+'/'+n)
  r.append((n,s[0]&0xf000,0,s[6]))
 return r
def _qW(d,rec):
 for e in _qL(d):
  n=e[0]
  p=(d if d!='/' else '')+'/'+n
  if e[1]==0x4000:
   print(_qj.dumps([p,n,'d',0]))
   if rec:
    _qW(p,rec)
  else:
   print(_qj.dumps([p,n,'f',e[3] if len(e)>3 else _qo.stat(p)[6]]))
_qW(${pyDeviceStr(dir)},${recursive ? 'True' : 'False'})
`;

export const statScript = (caps: Capabilities, path: string): string =>
  `${prelude(caps)}_qv=_qo.stat(${pyDeviceStr(path)})
print(_qj.dumps([_qv[0],_qv[6],_qv[8] if len(_qv)>8 else None]))
`;

export const freeScript = (caps: Capabilities, path: string): string =>
  `${prelude(caps)}_qv=_qo.statvfs(${pyDeviceStr(path)})
print(_qj.dumps([_qv[0],_qv[1],_qv[2],_qv[3],_qv[4]]))
`;

export const mkdirScript = (caps: Capabilities, path: string): string => `${prelude(caps)}def _qM(p):
 c=''
 for s in p.split('/'):
  if not s:
   continue
  c+='/'+s
  try:
   _qo.stat(c)
  except OSError:
   _qo.mkdir(c)
_qM(${pyDeviceStr(path)})
`;

/** Removes a file, or a folder (its content too when recursive). A mount point keeps itself, loses its content. */
export const removeScript = (
  caps: Capabilities,
  path: string,
  recursive: boolean,
): string => `${prelude(caps)}def _qR(p,top):
 if _qo.stat(p)[0]&0x4000:
  if ${recursive ? 'True' : 'False'}:
   for n in _qo.listdir(p):
    _qR(p.rstrip('/')+'/'+n,False)
  if not (top and p.rstrip('/') in ('','/usr','/bak')):
   _qo.rmdir(p)
 else:
  _qo.remove(p)
_qR(${pyDeviceStr(path)},True)
`;

export const renameScript = (caps: Capabilities, from: string, to: string): string =>
  `${prelude(caps)}_qo.rename(${pyDeviceStr(from)},${pyDeviceStr(to)})
`;

/**
 * Prints "<size> <mode> <digest>", then the file: mode "r" writes raw 8-bit bytes to sys.stdout.buffer (escaped
 * as pull-codec.ts says), mode "b" prints base64 lines of 1536 bytes (firmware without stdout.buffer, or
 * `base64` asked for after an 8-bit pull came back damaged).
 */
export const readScript = (
  caps: Capabilities,
  path: string,
  base64: boolean,
): string => `${prelude(caps)}${hashFunction(caps)}_qf=open(${pyDeviceStr(path)},'rb')
_qw=${base64 ? 'None' : `getattr(__import__(${pyDeviceStr(caps.modules.sys)}).stdout,'buffer',None)`}
print(_qo.stat(${pyDeviceStr(path)})[6],'r' if _qw else 'b',_qH(${pyDeviceStr(path)})[1])
while 1:
 _qc=_qf.read(${base64 ? 1536 : 2048})
 if not _qc:
  break
 if _qw:
  _qw.write(${pullEscapeExpression('_qc')})
 else:
  print(_qb.b2a_base64(_qc).decode().strip())
_qf.close()
`;

export const hashesScript = (
  caps: Capabilities,
  paths: string[],
): string => `${prelude(caps)}${hashFunction(caps)}for _qp in [${paths.map(pyDeviceStr).join(',')}]:
 try:
  print(_qj.dumps([_qp]+list(_qH(_qp))))
 except OSError:
  print(_qj.dumps([_qp,-1,'']))
`;

/** Defines the decoders the chunk lines use: `_qa` (base64) and `_qz` (inflate a zlib stream). */
const decoders = (caps: Capabilities, base64: boolean, inflate: DeviceInfo['inflate']): string => {
  const lines: string[] = [];
  if (base64) lines.push('_qa=_qb.a2b_base64');
  if (inflate === 'uzlib') lines.push("_qz=__import__('uzlib').decompress");
  else if (inflate === 'zlib') lines.push("_qz=__import__('zlib').decompress");
  else if (inflate === 'deflate') {
    lines.push(`_qdf=__import__('deflate')
_qio=__import__(${pyDeviceStr(caps.modules.io)})
def _qz(d):
 return _qdf.DeflateIO(_qio.BytesIO(d),_qdf.ZLIB).read()`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
};

/**
 * Starts an upload: refuses a target that is a folder and, given `unless`, skips one that already holds exactly
 * these bytes (size and digest, like mpremote's "Up to date"). Otherwise it removes temp files an earlier, broken
 * upload of this same target left (only ours by their form `.<name>.<12 hex>.qpytmp`, and only while the target
 * exists, so never the only copy of anything), checks the free space and opens this upload's own temp file. Prints
 * ["dir", 0], ["same", 0], ["full", free] or ["ok", free] (free -1: unknown), and sets `_qok` to whether the data may
 * follow: in the same exec they run under `if _qok:` (runIf). Needs pushDefinitions.
 */
export const pushOpenScript = (
  caps: Capabilities,
  target: { dir: string; name: string; path: string },
  temp: string,
  need: number,
  base64: boolean,
  inflate: DeviceInfo['inflate'],
  unless?: { size: number; digest: string },
): string => `_qok=0;_qP=${pyDeviceStr(target.path)}
try:_qt=_qo.stat(_qP)
except OSError:_qt=(-1,)*7
if _qt[0]>0 and _qt[0]&0x4000:print('["dir",0]')
${unless ? `elif _qt[6]==${unless.size} and _qH(_qP)[1]==${pyDeviceStr(unless.digest)}:print('["same",0]')\n` : ''}else:
 if _qt[0]>=0:
  _qh=${pyDeviceStr(`.${target.name}.`)}
  for _qn in _qo.listdir(${pyDeviceStr(target.dir)}):
   _qi=_qn[len(_qh):-${TEMP_SUFFIX.length}]
   if _qn.startswith(_qh) and _qn.endswith(${pyDeviceStr(TEMP_SUFFIX)}) and len(_qi)==${TEMP_ID_HEX_LENGTH} and not [c for c in _qi if c not in '0123456789abcdef']:
    try:_qo.remove(${pyDeviceStr(target.dir === '/' ? '' : target.dir)}+'/'+_qn)
    except OSError:pass
 _qfree=-1
${caps.hasStatvfs ? ` _qv=_qo.statvfs(${pyDeviceStr(target.dir)})\n _qfree=_qv[0]*_qv[4] if _qv[2] else -1\n` : ''} if _qfree>=0 and _qfree<${need}:print('["full",%d]'%_qfree)
 else:
  _qT=${pyDeviceStr(temp)};_qf=open(_qT,'wb');_qw=_qf.write;_qok=1
  print('["ok",%d]'%_qfree)
${decoders(caps, base64, inflate)}`;

/**
 * `lines` indented under `if <condition>:`, so they run only when it holds. Every LF in `lines` starts a line:
 * the 8-bit literals of data lines escape their own.
 */
export const runIf = (condition: string, lines: Uint8Array): Uint8Array => {
  const out: number[] = [...utf8(`if ${condition}:\n`)];
  let lineStart = true;
  for (const b of lines) {
    if (lineStart) out.push(0x20);
    out.push(b);
    lineStart = b === 0x0a;
  }
  return Uint8Array.from(out);
};

/**
 * Closes the temp file, checks size and digest, and renames it over the target only when both match. When the
 * rename fails even after removing the old file, the temp file is the only copy: it is kept, never deleted.
 * Prints ["ok"|"kept", size, ""] or ["bad", size, digest]. Needs pushDefinitions and this upload's pushOpenScript
 * (its `_qT` and `_qP`).
 */
export const pushFinishScript = (size: number, digest: string): string => `_qf.close();_qn,_qh=_qH(_qT)
if _qn==${size} and _qh==${pyDeviceStr(digest)}:
 _qk='ok'
 try:_qo.rename(_qT,_qP)
 except OSError:
  try:_qo.remove(_qP)
  except OSError:pass
  try:_qo.rename(_qT,_qP)
  except OSError:_qk='kept'
 print('["%s",%d,""]'%(_qk,_qn))
else:
 _qo.remove(_qT);print('["bad",%d,"%s"]'%(_qn,_qh))
`;

/** Closes and deletes an unfinished upload's temp file (after an error or a cancel). */
export const pushAbortScript = (caps: Capabilities, temp: string): string => `${prelude(caps)}try:_qf.close()
except Exception:pass
try:_qo.remove(${pyDeviceStr(temp)})
except OSError:pass
`;

/** Copies a module file to another path on the module (set as main.py), through a temp file and a rename. */
export const copyScript = (
  caps: Capabilities,
  from: string,
  temp: string,
  to: string,
): string => `${prelude(caps)}_qs=open(${pyDeviceStr(from)},'rb')
_qd=open(${pyDeviceStr(temp)},'wb')
while 1:
 _qc=_qs.read(1024)
 if not _qc:
  break
 _qd.write(_qc)
_qs.close()
_qd.close()
try:
 _qo.rename(${pyDeviceStr(temp)},${pyDeviceStr(to)})
except OSError:
 _qo.remove(${pyDeviceStr(to)})
 _qo.rename(${pyDeviceStr(temp)},${pyDeviceStr(to)})
`;

export const runFileScript = (path: string): string =>
  `exec(open(${pyDeviceStr(path)}).read(),{'__name__':'__main__'})\n`;
