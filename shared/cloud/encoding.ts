/**
 * The URL encoding of OneNET's token document: only these eight characters are replaced
 * (https://open.iot.10086.cn/doc/mqtt/book/manual/auth/token.html, "参数编码"; the C SDK's url_encode is the same table).
 */
const ONENET_ESCAPES: Record<string, string> = {
  '+': '%2B',
  ' ': '%20',
  '/': '%2F',
  '?': '%3F',
  '%': '%25',
  '#': '%23',
  '&': '%26',
  '=': '%3D',
};

export const oneNetUrlEncode = (value: string): string => value.replace(/[+ /?%#&=]/g, (c) => ONENET_ESCAPES[c]!);

export const oneNetUrlDecode = (value: string): string =>
  value.replace(/%(2B|20|2F|3F|25|23|26|3D)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** encodeURIComponent plus !'()* as Azure's SDKs do (encodeUriComponentStrict). */
export const encodeUriComponentStrict = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

/** Parses `a=1&b=2` without decoding (the caller decodes as the cloud does). */
export const splitQuery = (text: string): Map<string, string> => {
  const out = new Map<string, string>();
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
};
