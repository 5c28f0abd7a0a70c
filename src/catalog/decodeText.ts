import { CatalogParseError } from './CatalogParseError.ts';

/**
 * Decodes a policy file's bytes as UTF-8 (a leading BOM is dropped).
 *
 * @param bytes the file's content as read
 * @param file the name used in error messages
 * @returns the text, unchanged otherwise (line endings are handled by `parseDocument`)
 * @throws CatalogParseError `NOT_UTF8` with the 1-based line of the first invalid byte (WHATWG
 *   Encoding Standard, UTF-8 decoder with `fatal: true`), `EMPTY` when there are no bytes,
 *   `CONTROL_BYTE` with the line and byte offset of the first NUL or other control byte (C0 but tab,
 *   LF, CR and form feed; DEL): text with one is a binary or damaged file, and what the parser takes
 *   from it (agency names, titles) reaches mail headers and Slack messages.
 */
export function decodeText(bytes: Uint8Array, file?: string): string {
  if (bytes.length === 0) {
    throw new CatalogParseError(
      'EMPTY',
      0,
      'the file is empty',
      'point the command at the text of the policy document (UTF-8)',
      file,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8Offset(bytes);
    const line = lineAt(bytes, at);
    throw new CatalogParseError(
      'NOT_UTF8',
      line,
      `byte ${at} is not UTF-8 (0x${bytes[at].toString(16).padStart(2, '0')})`,
      'save the file as UTF-8 (e.g. `iconv -f GB18030 -t UTF-8 in.txt > out.txt`) and import it again',
      file,
    );
  }
  // In UTF-8 a byte below 0x80 is always a character of its own, so a byte scan finds every C0 control.
  const at = bytes.findIndex((b) => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f);
  if (at >= 0) {
    throw new CatalogParseError(
      'CONTROL_BYTE',
      lineAt(bytes, at),
      `byte offset ${at} is ${bytes[at] === 0 ? 'a NUL byte' : 'a control character'} (0x${bytes[at].toString(16).padStart(2, '0')}): the file is binary or damaged`,
      "import the plain text of the document (remove the byte, e.g. `tr -d '\\000' < in.txt > out.txt` for NUL, or export the text again)",
      file,
    );
  }
  return text;
}

/** 1-based line of byte offset `at`. */
function lineAt(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (RFC 3629 §4), or `bytes.length`. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let n: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0xff >> (n + 2));
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return bytes.length;
}
