/**
 * A small strict XML reader for tests: elements, attributes, text, the five predefined entities and
 * numeric references. It throws on what real parsers reject (mismatched or unclosed tags, a bare
 * `<` or `&`, duplicate attributes, forbidden control characters), so a test that parses JUnit
 * output also checks that CI systems can read it.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

function decode(raw: string, where: number): string {
  if (raw.includes('<')) throw new Error(`bare '<' in text or attribute near offset ${where}`);
  if (FORBIDDEN.test(raw)) throw new Error(`forbidden control character near offset ${where}`);
  return raw.replace(/&([^;]*);|&/g, (match, entity: string | undefined) => {
    if (entity === undefined) throw new Error(`bare '&' near offset ${where}`);
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    const value = ENTITIES[entity];
    if (value === undefined) throw new Error(`unknown entity ${match} near offset ${where}`);
    return value;
  });
}

export function parseXml(source: string): XmlElement {
  let pos = 0;
  const skipSpace = (): void => {
    while (pos < source.length && /\s/.test(source[pos] ?? '')) pos++;
  };
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    pos = end + 2;
  }
  skipSpace();

  const readElement = (): XmlElement => {
    if (source[pos] !== '<') throw new Error(`expected '<' at offset ${pos}`);
    pos++;
    const nameMatch = NAME.exec(source.slice(pos));
    if (nameMatch === null) throw new Error(`expected an element name at offset ${pos}`);
    const element: XmlElement = { name: nameMatch[0], attributes: {}, children: [], text: '' };
    pos += nameMatch[0].length;
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', pos)) {
        pos += 2;
        return element;
      }
      if (source[pos] === '>') {
        pos++;
        break;
      }
      const attr = /^([A-Za-z_][\w.:-]*)\s*=\s*"([^"]*)"/.exec(source.slice(pos));
      if (attr === null) throw new Error(`malformed attribute at offset ${pos}`);
      const [whole, attrName = '', rawValue = ''] = attr;
      if (attrName in element.attributes) throw new Error(`duplicate attribute ${attrName} at offset ${pos}`);
      element.attributes[attrName] = decode(rawValue, pos);
      pos += whole.length;
    }
    for (;;) {
      const next = source.indexOf('<', pos);
      if (next < 0) throw new Error(`unclosed element <${element.name}>`);
      element.text += decode(source.slice(pos, next), pos);
      pos = next;
      if (source.startsWith('</', pos)) {
        const close = `</${element.name}>`;
        if (!source.startsWith(close, pos)) throw new Error(`expected ${close} at offset ${pos}`);
        pos += close.length;
        return element;
      }
      element.children.push(readElement());
    }
  };

  const root = readElement();
  skipSpace();
  if (pos !== source.length) throw new Error(`content after the root element at offset ${pos}`);
  return root;
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}
