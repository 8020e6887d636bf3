// A strict XML 1.0 well-formedness parser for the tests (the project has no
// XML dependency). It accepts what JUnit reports use (declaration, elements,
// attributes, text, character and predefined entity references, comments) and
// throws on anything that is not well-formed: unbalanced or overlapping tags,
// a raw `<` or `&`, unknown entities, duplicate attributes, characters XML
// cannot carry, text outside the root element.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const INVALID_CHAR =
  /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\ud800-\udbff\udc00-\udfff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(text: string): XmlElement {
  const bad = INVALID_CHAR.exec(text);
  if (bad) fail(bad.index, `character U+${bad[0].charCodeAt(0).toString(16)} is not allowed in XML`);
  let pos = 0;

  function fail(at: number, message: string): never {
    throw new Error(`not well-formed at offset ${at}: ${message}`);
  }
  const skipSpace = () => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos])) pos++;
  };
  const expect = (literal: string) => {
    if (!text.startsWith(literal, pos)) fail(pos, `expected '${literal}'`);
    pos += literal.length;
  };
  const name = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(text);
    if (!m) fail(pos, 'expected a name');
    pos += m[0].length;
    return m[0];
  };
  /** Decodes references in text or an attribute value; raw `<` and stray `&` are errors. */
  const decode = (raw: string, at: number, inAttribute: boolean): string => {
    if (inAttribute && raw.includes('<')) fail(at, "'<' in an attribute value");
    // Line-end and attribute-value normalisation, as XML 1.0 §2.11 and §3.3.3 require of every parser.
    const normalised = raw.replace(/\r\n?/g, '\n');
    return (inAttribute ? normalised.replace(/[\t\n]/g, ' ') : normalised).replace(
      /&([^;]*);?/g,
      (whole, ref: string, offset: number) => {
        if (!whole.endsWith(';')) fail(at + offset, "'&' that does not start a reference");
        if (ref in PREDEFINED) return PREDEFINED[ref];
        const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
        if (!numeric) fail(at + offset, `unknown entity '&${ref};'`);
        const code = numeric[1] ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
        const char = String.fromCodePoint(code);
        if (INVALID_CHAR.test(char)) fail(at + offset, `reference to a character XML cannot carry: &${ref};`);
        return char;
      },
    );
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end === -1) fail(pos, 'unterminated comment');
        pos = end + 3;
      } else return;
    }
  };
  const element = (): XmlElement => {
    expect('<');
    const tag = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = pos;
      skipSpace();
      if (text.startsWith('/>', pos)) {
        pos += 2;
        return { name: tag, attributes, children: [] };
      }
      if (text[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail(pos, 'expected white space before an attribute');
      const attribute = name();
      if (attribute in attributes) fail(pos, `duplicate attribute '${attribute}'`);
      skipSpace();
      expect('=');
      skipSpace();
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") fail(pos, 'expected a quoted attribute value');
      const end = text.indexOf(quote, pos + 1);
      if (end === -1) fail(pos, 'unterminated attribute value');
      attributes[attribute] = decode(text.slice(pos + 1, end), pos + 1, true);
      pos = end + 1;
    }
    const children: (XmlElement | string)[] = [];
    for (;;) {
      if (pos >= text.length) fail(pos, `element <${tag}> is not closed`);
      if (text.startsWith('</', pos)) {
        pos += 2;
        const closing = name();
        if (closing !== tag) fail(pos, `</${closing}> closes <${tag}>`);
        skipSpace();
        expect('>');
        return { name: tag, attributes, children };
      }
      if (text.startsWith('<!--', pos)) {
        skipMisc();
        continue;
      }
      if (text[pos] === '<') {
        children.push(element());
        continue;
      }
      const next = text.indexOf('<', pos);
      const end = next === -1 ? text.length : next;
      const raw = text.slice(pos, end);
      if (raw.includes(']]>')) fail(pos, "']]>' in text");
      children.push(decode(raw, pos, false));
      pos = end;
    }
  };

  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end === -1) fail(0, 'unterminated XML declaration');
    if (
      !/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z][-A-Za-z0-9._]*")?\s*\?>$/.test(text.slice(0, end + 2))
    ) {
      fail(0, 'malformed XML declaration');
    }
    pos = end + 2;
  }
  skipMisc();
  const root = element();
  skipMisc();
  if (pos !== text.length) fail(pos, 'content after the root element');
  return root;
}

export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((c): c is XmlElement => typeof c !== 'string' && (!name || c.name === name));
}

export function textOf(element: XmlElement): string {
  return element.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
