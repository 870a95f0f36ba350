import { htmlToText } from "../../domain/markdown.ts";
import type { ItemView, PortfolioView } from "../../domain/portfolios/index.ts";
import { entryName, formatDate } from "../views/labels.ts";

/**
 * The PDF export, made on the server with pdfkit (pure JavaScript). It uses
 * the PDF standard fonts, which cover Western European text (WinAnsi); other
 * characters print as "?" — embedding a font would cover more at the price
 * of megabytes per file.
 */

const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Text the standard fonts can draw: accents kept where they exist, else the base letter, else "?". */
export function pdfText(text: string): string {
  let out = "";
  for (const char of text.normalize("NFC")) {
    const code = char.codePointAt(0) ?? 0;
    if (
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xff) ||
      WIN_ANSI_EXTRA.has(char)
    ) {
      out += char;
      continue;
    }
    if (char === "\n" || char === "\t") {
      out += char;
      continue;
    }
    const base = char.normalize("NFKD").replace(/\p{M}/gu, "");
    out += base && [...base].every((c) => (c.codePointAt(0) ?? 0) <= 0x7e) ? base : "?";
  }
  return out;
}

/** The paragraphs of sanitized HTML, as plain text. */
export function paragraphsOf(html: string): string[] {
  return html
    .split(/<\/(?:p|h[1-6]|li|blockquote|pre|tr)>|<br\s*\/?>/i)
    .map((part) => htmlToText(part))
    .filter((part) => part.length > 0);
}

const MUTED = "#555555";

function item(doc: PDFKit.PDFDocument, entry: ItemView): void {
  const { entry: e } = entry;
  doc.moveDown(0.8);
  doc
    .font("Helvetica-Bold")
    .fontSize(13)
    .fillColor("black")
    .text(pdfText(entryName(e)));
  if (e.publishedAt) {
    doc.font("Helvetica").fontSize(9).fillColor(MUTED).text(formatDate(e.publishedAt));
  }
  const caption = paragraphsOf(entry.captionHtml);
  if (caption.length > 0) {
    doc.moveDown(0.3).font("Helvetica-Oblique").fontSize(10.5).fillColor("black");
    doc.text(pdfText(`Why this matters: ${caption.join(" ")}`));
  }
  doc.moveDown(0.3).font("Helvetica").fontSize(11).fillColor("black");
  if (e.contentWarning) doc.text(pdfText(`Content warning: ${e.contentWarning}`));
  for (const paragraph of paragraphsOf(e.bodyHtml)) {
    doc.text(pdfText(paragraph), { paragraphGap: 4 });
  }
  if (e.linkUrl) doc.fillColor(MUTED).text(pdfText(e.linkUrl), { link: e.linkUrl });
  if (e.tags.length > 0) {
    doc.font("Helvetica").fontSize(9).fillColor(MUTED);
    doc.text(pdfText(e.tags.map((tag) => `#${tag.display}`).join(" ")));
  }
}

export async function portfolioPdf(
  portfolio: PortfolioView,
  options: { cover: Uint8Array | null; exportedAt: Date },
): Promise<Buffer> {
  // Loaded on first use: pdfkit and its fonts cost memory every process would carry.
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    info: {
      Title: pdfText(portfolio.title),
      Author: pdfText(portfolio.owner.displayName),
      Creator: "Outloud",
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 112;
  if (options.cover) {
    doc.image(Buffer.from(options.cover), { fit: [width, 300], align: "center" });
    doc.moveDown();
  }
  doc.font("Helvetica-Bold").fontSize(24).text(pdfText(portfolio.title));
  doc.font("Helvetica").fontSize(10).fillColor(MUTED);
  doc.text(
    pdfText(`A portfolio by ${portfolio.owner.displayName} · ${formatDate(portfolio.updatedAt)}`),
  );
  doc.fillColor("black").fontSize(11).moveDown(0.6);
  for (const paragraph of paragraphsOf(portfolio.introHtml)) {
    doc.text(pdfText(paragraph), { paragraphGap: 4 });
  }
  for (const section of portfolio.sections) {
    if (section.items.length === 0) continue;
    if (section.title) {
      doc.moveDown(1.2).font("Helvetica-Bold").fontSize(16).fillColor("black");
      doc.text(pdfText(section.title));
    }
    for (const entry of section.items) item(doc, entry);
  }
  doc.moveDown(2).font("Helvetica").fontSize(8).fillColor(MUTED);
  doc.text(pdfText(`Exported from Outloud on ${formatDate(options.exportedAt)}.`));
  doc.end();
  return done;
}
