/** Characters XML 1.0 forbids; member text could carry them. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters we remove
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for XML content and attribute values. */
export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

/** Builds XML from a template: every interpolated value is escaped unless it is `Xml`. */
export class Xml {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

type XmlValue = string | number | Xml | readonly Xml[] | null | undefined | false;

export function xml(strings: TemplateStringsArray, ...values: XmlValue[]): Xml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    if (value instanceof Xml) out += value.text;
    else if (Array.isArray(value)) out += value.map((v: Xml) => v.text).join("");
    else if (value !== null && value !== undefined && value !== false)
      out += xmlEscape(String(value));
    out += strings[i + 1] ?? "";
  });
  return new Xml(out);
}
