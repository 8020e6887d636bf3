// Decoding of Rego string and number literals.

/**
 * Decodes the body of a double-quoted string (without its quotes) that contains escapes. The lexer has
 * already checked that every escape is well formed. A `\uXXXX` escape that leaves half of a surrogate
 * pair alone becomes U+FFFD, as Go's JSON decoder (and so OPA) does.
 */
export function unescapeString(s: string, from: number, to: number): string {
  let out = '';
  let chunkStart = from;
  let i = from;
  while (i < to) {
    if (s.charCodeAt(i) !== 0x5c /* \ */) {
      i++;
      continue;
    }
    out += s.slice(chunkStart, i);
    const e = s.charCodeAt(i + 1);
    i += 2;
    switch (e) {
      case 0x62:
        out += '\b';
        break;
      case 0x66:
        out += '\f';
        break;
      case 0x6e:
        out += '\n';
        break;
      case 0x72:
        out += '\r';
        break;
      case 0x74:
        out += '\t';
        break;
      case 0x75: {
        const unit = Number.parseInt(s.slice(i, i + 4), 16);
        i += 4;
        if (unit >= 0xd800 && unit <= 0xdbff) {
          // A high surrogate must be followed by an escaped low surrogate.
          if (s.charCodeAt(i) === 0x5c && s.charCodeAt(i + 1) === 0x75) {
            const low = Number.parseInt(s.slice(i + 2, i + 6), 16);
            if (low >= 0xdc00 && low <= 0xdfff) {
              out += String.fromCharCode(unit, low);
              i += 6;
              break;
            }
          }
          out += '\ufffd';
        } else if (unit >= 0xdc00 && unit <= 0xdfff) {
          out += '\ufffd';
        } else {
          out += String.fromCharCode(unit);
        }
        break;
      }
      default: // \\ \" \/
        out += String.fromCharCode(e);
    }
    chunkStart = i;
  }
  return out + s.slice(chunkStart, to);
}

// OPA rejects numbers whose binary exponent exceeds 1e5 (about 10^30103), to bound the cost of arithmetic
// on them.
const MAX_DECIMAL_EXPONENT = 30102;

/**
 * Checks a number literal (digits, optional fraction and exponent, optional leading '-'); returns a
 * problem message or ''.
 */
export function checkNumber(text: string): string {
  let i = text.charCodeAt(0) === 0x2d ? 1 : 0;
  if (text.charCodeAt(i) === 0x30 && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1) | 0x20;
    if (next !== 0x2e && !(next === 0x65 && i + 2 < text.length))
      return 'expected number without leading zero';
  }
  // The decimal exponent of the first significant digit.
  let pointAt = -1;
  let firstDigit = -1;
  let exponent = 0;
  let digits = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) pointAt = digits;
    else if ((c | 0x20) === 0x65) {
      exponent = Number(text.slice(i + 1));
      break;
    } else {
      if (firstDigit < 0 && c !== 0x30) firstDigit = digits;
      digits++;
    }
  }
  if (firstDigit < 0) return ''; // zero
  const integerDigits = pointAt < 0 ? digits : pointAt;
  const magnitude = exponent + integerDigits - firstDigit - 1;
  if (!(Math.abs(magnitude) <= MAX_DECIMAL_EXPONENT)) return 'number too big';
  return '';
}
