import MarkdownIt from "markdown-it";

// Raw HTML in Markdown is escaped (html: false), and markdown-it refuses javascript:,
// vbscript: and data: links, so the output is safe to insert. Links open with rel
// attributes that stop the target page reaching back.

function withSafeLinks(md: MarkdownIt): MarkdownIt {
  const defaultOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx].attrSet("rel", "nofollow noopener noreferrer");
    return defaultOpen(tokens, idx, options, env, self);
  };
  return md;
}

/**
 * A table in a proposal's text can be wider than a phone. It sits in a labelled region that
 * scrolls sideways and takes keyboard focus (WCAG 2.2 SC 1.4.10 allows scrolling for data
 * tables), so the page itself never does. The label names the table by its column headings.
 */
function withScrollableTables(md: MarkdownIt): MarkdownIt {
  md.renderer.rules.table_open = (tokens, idx, options, _env, self) => {
    const headings: string[] = [];
    for (let i = idx + 1; i < tokens.length && tokens[i].type !== "thead_close"; i++) {
      if (tokens[i].type === "inline") headings.push(tokens[i].content.replace(/[*_`]/g, "").trim());
    }
    const label = md.utils.escapeHtml(`Table: ${headings.filter(Boolean).join(", ")} (scrolls sideways)`);
    tokens[idx].attrJoin("class", "nhsuk-table");
    return `<div class="app-prose-table" role="region" tabindex="0" aria-label="${label}">${self.renderToken(tokens, idx, options)}`;
  };
  md.renderer.rules.table_close = (tokens, idx, options, _env, self) => `${self.renderToken(tokens, idx, options)}</div>\n`;
  return md;
}

// Proposal sections: headings, lists, tables and links.
const sectionMd = withScrollableTables(withSafeLinks(new MarkdownIt("commonmark", { html: false, linkify: false }).enable(["table"])));

// Comments: a small subset (emphasis, lists, links, quotes, paragraphs); no headings,
// tables, images or code blocks that would let one comment dominate the page.
const commentMd = withSafeLinks(
  new MarkdownIt("zero", { html: false, linkify: true, breaks: true }).enable([
    "paragraph",
    "newline",
    "emphasis",
    "list",
    "link",
    "linkify",
    "blockquote",
    "escape",
    "backticks",
  ]),
);

export function renderSectionMarkdown(body: string): string {
  return sectionMd.render(body);
}

export function renderCommentMarkdown(body: string): string {
  return commentMd.render(body);
}

export type Paragraph = { index: number; html: string; text: string };

/**
 * Splits a section body into its top-level blocks (paragraphs, lists, tables...), each of
 * which can be commented on. The index is stable for a given body.
 */
export function sectionParagraphs(body: string): Paragraph[] {
  const tokens = sectionMd.parse(body, {});
  const paragraphs: Paragraph[] = [];
  let start = 0;
  let level = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    level += token.nesting;
    if (level === 0) {
      const block = tokens.slice(start, i + 1);
      const text = block
        .filter((t) => t.type === "inline")
        .map((t) => t.content)
        .join(" ")
        .replace(/\s+/g, " ")
        .trim();
      paragraphs.push({ index: paragraphs.length, html: sectionMd.renderer.render(block, sectionMd.options, {}), text });
      start = i + 1;
    }
  }
  return paragraphs;
}

/** A short plain-text quote of a paragraph, shown with comments about it. */
export function quoteOf(paragraph: Paragraph, max = 240): string {
  const plain = paragraph.text.replace(/[*_`|]/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}
