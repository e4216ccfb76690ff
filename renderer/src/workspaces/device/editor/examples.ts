/** The QuecPython examples shipped in assets/examples, bundled into the UI at build time. */
const sources = import.meta.glob('../../../../../assets/examples/*.py', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const ORDER = ['hello.py', 'blink.py', 'net_check.py', 'onenet_umqtt.py', 'huawei_umqtt.py', 'aliyun_aliyun.py'];
const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);

interface Example {
  /** File name, e.g. 'onenet_umqtt.py'. */
  name: string;
  /** The first comment line in English, the second in Chinese. */
  title: { en: string; zh: string };
  code: string;
}

const commentLine = (line: string | undefined): string => (line?.startsWith('#') ? line.replace(/^#\s*/, '') : '');

export const EXAMPLES: Example[] = Object.entries(sources)
  .map(([path, code]) => {
    const lines = code.split('\n');
    const en = commentLine(lines[0]);
    const zh = commentLine(lines[1]) || en;
    return { name: path.slice(path.lastIndexOf('/') + 1), title: { en, zh }, code };
  })
  .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
