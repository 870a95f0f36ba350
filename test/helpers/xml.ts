/**
 * A small, strict XML reader for feed tests: it throws on anything a
 * well-formed document may not contain (unclosed or crossed tags, a bare `&`
 * or `<`, unquoted attributes, duplicate attributes) and returns the tree.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded. */
  text: string;
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  const stripped = raw.replace(ENTITY, "");
  if (stripped.includes("&")) throw new Error(`A bare & in ${where}: ${raw.slice(0, 80)}`);
  if (stripped.includes("<")) throw new Error(`A bare < in ${where}: ${raw.slice(0, 80)}`);
  return raw.replace(ENTITY, (_, name, dec, hex) =>
    name ? NAMED[name]! : String.fromCodePoint(dec ? Number(dec) : Number.parseInt(hex, 16)),
  );
}

function parseAttributes(source: string, tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const rest = source.replace(
    /\s*([\w:.-]+)\s*=\s*"([^"]*)"|\s*([\w:.-]+)\s*=\s*'([^']*)'/g,
    (_, n1, v1, n2, v2) => {
      const name = n1 ?? n2;
      if (name in attributes) throw new Error(`Duplicate attribute ${name} on <${tag}>`);
      attributes[name] = decode(v1 ?? v2, `an attribute of <${tag}>`);
      return "";
    },
  );
  if (rest.trim() !== "") throw new Error(`Malformed attributes on <${tag}>: ${rest}`);
  return attributes;
}

export function parseXml(text: string): XmlElement {
  let body = text.replace(/^\uFEFF?<\?xml[^?]*\?>\s*/, "");
  body = body.replace(/<!--[\s\S]*?-->/g, "");
  const root: XmlElement = { name: "#document", attributes: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  const token =
    /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  for (const match of body.matchAll(token)) {
    const current = stack.at(-1)!;
    current.text += decode(body.slice(last, match.index), `<${current.name}>`);
    last = match.index + match[0].length;
    if (match[5] !== undefined) {
      current.text += match[5];
      continue;
    }
    const [, closing, name = "", attrs = "", selfClosing] = match;
    if (closing) {
      if (current.name !== name) throw new Error(`</${name}> closes <${current.name}>`);
      stack.pop();
      continue;
    }
    const element: XmlElement = {
      name,
      attributes: parseAttributes(attrs, name),
      children: [],
      text: "",
    };
    current.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  stack.at(-1)!.text += decode(body.slice(last), "the document");
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (root.children.length !== 1) throw new Error("A document has exactly one root element");
  if (root.text.trim() !== "") throw new Error("Text outside the root element");
  return root.children[0]!;
}

/** Every descendant element named `name`, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [
    ...(child.name === name ? [child] : []),
    ...findAll(child, name),
  ]);
}

export function findOne(element: XmlElement, name: string): XmlElement {
  const [found] = findAll(element, name);
  if (!found) throw new Error(`No <${name}> in <${element.name}>`);
  return found;
}
