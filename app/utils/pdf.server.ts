import PDFDocument from "pdfkit";

/**
 * An A4 PDF with the house's headings and paragraphs, for the downloadable reports, agenda
 * packs and minutes. `finish()` ends the document and resolves with its bytes.
 */
export function createPdf(title: string) {
  const doc = new PDFDocument({ size: "A4", margin: 56, lang: "en-GB", displayTitle: true, info: { Title: title, Author: "Touchstone" } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  return {
    doc,
    title(text: string, subtitle?: string) {
      doc.font("Helvetica-Bold").fontSize(22).text(text);
      if (subtitle) doc.font("Helvetica").fontSize(14).text(subtitle);
      doc.moveDown(0.5).font("Helvetica").fontSize(11);
    },
    heading(text: string, size = 16) {
      doc.moveDown(0.6).font("Helvetica-Bold").fontSize(size).text(text).moveDown(0.3).font("Helvetica").fontSize(11);
    },
    para(text: string) {
      doc.font("Helvetica").fontSize(11).text(text, { paragraphGap: 6 });
    },
    quote(text: string) {
      doc.font("Helvetica-Oblique").fontSize(11).text(text, { indent: 16, paragraphGap: 6 }).font("Helvetica");
    },
    finish(): Promise<Buffer> {
      doc.end();
      return done;
    },
  };
}

/** A PDF as a download that shared caches never keep. */
export function pdfResponse(bytes: Buffer, fileName: string): Response {
  return new Response(new Uint8Array(bytes), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "private, no-store" },
  });
}
