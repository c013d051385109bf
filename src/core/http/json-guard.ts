/** How deep a JSON body may nest: far beyond any DTO here, far below what overflows validation. */
export const MAX_JSON_DEPTH = 32;

export class JsonBodyError extends Error {
  readonly status = 400;
  constructor(
    readonly type: 'entity.too.deep' | 'entity.invalid.unicode',
    message: string,
  ) {
    super(message);
  }
}

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * One pass over a JSON body before it is parsed (body-parser's `verify`): refuses nesting deeper than
 * `maxDepth` (a 5,000-deep body would overflow the stack in validation) and `\uD800`-style escapes of
 * lone UTF-16 surrogates (not text; validators throw on them). Linear, no allocation per character.
 */
export function checkJsonBody(buf: Buffer, maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  let pendingHigh = false; // the previous escape was a high surrogate awaiting its low half
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c /* \ */) {
        const next = buf[i + 1];
        if (next === 0x75 /* u */ && i + 5 < buf.length && isHex(buf[i + 2]) && isHex(buf[i + 3]) && isHex(buf[i + 4]) && isHex(buf[i + 5])) {
          const code = parseInt(buf.toString('latin1', i + 2, i + 6), 16);
          const high = code >= 0xd800 && code <= 0xdbff;
          const low = code >= 0xdc00 && code <= 0xdfff;
          if (pendingHigh && !low) throw lone();
          if (!pendingHigh && low) throw lone();
          pendingHigh = high;
          i += 5;
          continue;
        }
        if (pendingHigh) throw lone();
        i += 1;
        continue;
      }
      if (pendingHigh) throw lone();
      if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) throw new JsonBodyError('entity.too.deep', `The JSON body nests deeper than ${maxDepth} levels.`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

function lone(): JsonBodyError {
  return new JsonBodyError('entity.invalid.unicode', 'The JSON body holds a lone UTF-16 surrogate (\\uD800-\\uDFFF without its pair): not valid text.');
}
