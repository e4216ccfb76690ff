import type { Page } from 'playwright-core';

/*
 * What the Chinese UI may show in Latin letters. Everything else made of Latin words is English that a zh user
 * would read untranslated. Reviewed list: product and protocol names Chinese documentation keeps as they are.
 */
const ALLOWED_PHRASES = [
  'Alibaba Cloud',
  'Huawei Cloud',
  'Tencent Cloud',
  'AWS IoT Core',
  'IoT Explorer',
  'IoT Hub',
  'Clean Session',
];

const ALLOWED_WORDS = new Set([
  // products and vendors
  'QuecPython',
  'MicroPython',
  'QPY',
  'Studio',
  'OneNET',
  'OneJSON',
  'Aliyun',
  'IoTDA',
  'Azure',
  'ThingsBoard',
  'MQTTX',
  'IoT',
  // MQTT's word for the server, as Chinese MQTT documentation keeps it
  'Broker',
  // MQTT's quality of service, and Alibaba Cloud's console word for a topic (自定义 Topic)
  'QoS',
  'Topic',
  // the language switch names each language in itself
  'English',
  // parameter names the clouds' Chinese documentation writes as they are sent
  'signmethod',
  'securemode',
  'timestamp',
  'keepalive',
  'cleansession',
  'RegionId',
  'clientId',
  'username',
  'password',
  'messageId',
  'ProductKey',
  'DeviceName',
  'DeviceSecret',
  'et',
  'res',
  'method',
  'sign',
  'version',
  'connid',
  'token',
  'will',
  'retain',
  'accepted',
  'rejected',
  'Unix',
  // QuecPython modules a script imports
  'umqtt',
  'aLiYun',
  // AWS IoT's ALPN protocol name
  'x-amzn-mqtt-ca',
]);

/** All-capital words are acronyms, constants and error codes (MQTT, TLS, PSK, SERVER_URL…), except these words. */
const CAPITALISED_ENGLISH = new Set(['OK', 'NO', 'YES', 'ON', 'OFF', 'NEW', 'ALL', 'NONE']);

/** Keyboard shortcuts name keys as the keyboard prints them. */
const SHORTCUT = /^(Ctrl|Alt|Shift|Cmd)(-[A-Za-z]+)+$/;

/** Elements whose text is the user's or the module's (terminal output, code, payloads), not the UI's words. */
const USER_CONTENT = [
  // the module's terminal and code editors
  '.xterm',
  '.cm-editor',
  // text marked as not to be translated: file names, payloads, topics, module answers, values the user entered
  '[translate="no"]',
  // English on purpose, marked so: the backend's own words under "Details", an English console's field name
  '[lang="en"]',
];

export interface Finding {
  state: string;
  word: string;
  where: string;
}

/** Every piece of text the page shows: visible text nodes, and placeholders, titles, aria-labels and option texts. */
const visibleTexts = (skipSelectors: string[]): Array<{ text: string; where: string }> => {
  const skip = skipSelectors.join(',');
  const out: Array<{ text: string; where: string }> = [];
  const describe = (el: Element): string => {
    const testId = el.closest('[data-testid]')?.getAttribute('data-testid');
    return `${el.tagName.toLowerCase()}${testId ? `@${testId}` : ''}`;
  };
  // React splits `{a}://{b}` into several text nodes: an element's own text is its text children joined.
  const ownText = new Map<Element, string>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent) ownText.set(parent, (ownText.get(parent) ?? '') + (node.textContent ?? ''));
  }
  for (const [parent, raw] of ownText) {
    const text = raw.trim();
    if (!text) continue;
    if (parent.closest(skip)) continue;
    if (parent.closest('option, script, style')) continue;
    if (!parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    out.push({ text, where: describe(parent) });
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest(skip)) continue;
    if (!el.checkVisibility({ checkVisibilityCSS: true })) continue;
    for (const attr of ['placeholder', 'title', 'aria-label', 'alt']) {
      const value = el.getAttribute(attr)?.trim();
      if (value) out.push({ text: value, where: `${describe(el)}[${attr}]` });
    }
    if (el instanceof HTMLSelectElement) {
      for (const option of el.options) out.push({ text: option.text.trim(), where: `${describe(el)}>option` });
    }
  }
  return out;
};

/**
 * Latin words in a text that are not allowed: a word is a whitespace-separated piece made of letters only (after
 * sentence punctuation around it is stripped). Pieces with digits, slashes, dots, underscores, quotes or braces are
 * values (paths, topics, hosts, client ids, numbers, JSON), the user's data rather than words.
 */
const englishWords = (text: string, extraAllowed: ReadonlySet<string> = new Set()): string[] => {
  let rest = text;
  for (const phrase of ALLOWED_PHRASES) rest = rest.split(phrase).join(' ');
  const words: string[] = [];
  for (const piece of rest.split(/[\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’…·—–•→←↑↓⇩✎✕▾▸]+/u)) {
    // Sentence punctuation around a word goes; a piece starting with '/', '.', '{' or '"' is a path or a value.
    const word = piece.replace(/^[([]+|[)\],;:!?]+$/g, '');
    if (!/^[A-Za-z]+(?:[-'][A-Za-z]+)*$/.test(word)) continue;
    if (word.length < 2) continue;
    if (/^[A-Z]+$/.test(word) && !CAPITALISED_ENGLISH.has(word)) continue;
    if (SHORTCUT.test(word)) continue;
    if (ALLOWED_WORDS.has(word) || extraAllowed.has(word)) continue;
    words.push(word);
  }
  return words;
};

/** Collects what `page` shows now and returns the English words in it, each with where it was seen. */
export const findEnglish = async (
  page: Page,
  state: string,
  extraAllowed: ReadonlySet<string> = new Set(),
): Promise<Finding[]> => {
  const texts = await page.evaluate(visibleTexts, USER_CONTENT);
  return texts.flatMap(({ text, where }) =>
    englishWords(text, extraAllowed).map((word) => ({ state, word, where: `${where}: ${text.slice(0, 120)}` })),
  );
};
