import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { anyString, flag, fromSchema, numberIn, oneOf, persisted } from './persisted';

describe('persisted', () => {
  it('gives the fallback when nothing or something unusable is stored', () => {
    const theme = persisted('t.theme', 'system', oneOf('system', 'light', 'dark'));
    expect(theme.read()).toBe('system');
    localStorage.setItem('t.theme', 'purple');
    expect(theme.read()).toBe('system');
  });

  it('stores strings as they are and reads values older versions wrote', () => {
    const theme = persisted('t.theme', 'system', oneOf('system', 'light', 'dark'));
    theme.write('dark');
    expect(localStorage.getItem('t.theme')).toBe('dark');
    expect(theme.read()).toBe('dark');
    localStorage.setItem('t.flag', '1');
    expect(persisted('t.flag', false, flag).read()).toBe(true);
    localStorage.setItem('t.dir', '/home/user/proj');
    expect(persisted<string | null>('t.dir', null, anyString).read()).toBe('/home/user/proj');
  });

  it('round-trips numbers and objects as JSON, checking ranges and shapes', () => {
    const size = persisted('t.size', 55, numberIn(15, 85));
    size.write(70);
    expect(size.read()).toBe(70);
    localStorage.setItem('t.size', '99');
    expect(size.read()).toBe(55);
    const port = persisted('t.port', null, fromSchema(z.object({ path: z.string() }).nullable()));
    port.write({ path: '/dev/ttyUSB0' });
    expect(JSON.parse(localStorage.getItem('t.port')!)).toEqual({ path: '/dev/ttyUSB0' });
    expect(port.read()).toEqual({ path: '/dev/ttyUSB0' });
    localStorage.setItem('t.port', '{broken');
    expect(port.read()).toBeNull();
    port.clear();
    expect(localStorage.getItem('t.port')).toBeNull();
  });

  it('folds a value an older version kept under another key into the read, and drops that key on the next write', () => {
    const recent = persisted<string[]>('t.recent', [], fromSchema(z.array(z.string())), {
      legacy: { key: 't.dir', migrate: (old, list) => (list.includes(old) ? list : [old, ...list]) },
    });
    localStorage.setItem('t.recent', '["/b"]');
    localStorage.setItem('t.dir', '/a');
    expect(recent.read()).toEqual(['/a', '/b']);
    recent.write(['/c', '/a', '/b']);
    expect(localStorage.getItem('t.dir')).toBeNull();
    expect(recent.read()).toEqual(['/c', '/a', '/b']);
  });

  it('keeps a session-scoped value in sessionStorage only', () => {
    const grant = persisted('t.grant', null, fromSchema(z.object({ id: z.string() }).nullable()), {
      scope: 'session',
    });
    grant.write({ id: 'g1' });
    expect(localStorage.getItem('t.grant')).toBeNull();
    expect(JSON.parse(sessionStorage.getItem('t.grant')!)).toEqual({ id: 'g1' });
    expect(grant.read()).toEqual({ id: 'g1' });
    grant.clear();
    expect(grant.read()).toBeNull();
  });
});
