import { describe, expect, it } from "vitest";
import { quoteOf, renderCommentMarkdown, sectionParagraphs } from "./markdown.server";

describe("Markdown", () => {
  it("escapes raw HTML and refuses script links in comments", () => {
    const html = renderCommentMarkdown(`<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1))`);
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain("&lt;script&gt;");
  });

  it("keeps the comment subset: emphasis, lists and safe links, but no headings", () => {
    const html = renderCommentMarkdown("# Big\n\n**strong** and *soft*\n\n- one\n- two\n\nhttps://example.org");
    expect(html).not.toContain("<h1");
    expect(html).toContain("<strong>strong</strong>");
    expect(html).toContain("<li>one</li>");
    expect(html).toContain('<a href="https://example.org" rel="nofollow noopener noreferrer">');
  });

  it("splits a section into the blocks a person can comment on, tables and lists included", () => {
    const body = "First paragraph.\n\n- a\n- b\n\n| x | y |\n| - | - |\n| 1 | 2 |\n\nLast *one*.";
    const paragraphs = sectionParagraphs(body);
    expect(paragraphs.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(paragraphs[1].html).toContain("<ul>");
    expect(paragraphs[2].html).toContain('<table class="nhsuk-table">');
    expect(paragraphs[3].text).toBe("Last *one*.");
    expect(quoteOf(paragraphs[3])).toBe("Last one.");
  });

  it("puts a table in a labelled region a keyboard can scroll, so a phone never scrolls the page", () => {
    const [table] = sectionParagraphs('| Places | Seat "name" <b> |\n| - | - |\n| 3 | Service users |');
    expect(table.html).toMatch(
      /^<div class="app-prose-table" role="region" tabindex="0" aria-label="Table: Places, Seat &quot;name&quot; &lt;b&gt; \(scrolls sideways\)"><table/,
    );
    expect(table.html.trimEnd()).toMatch(/<\/table>\s*<\/div>$/);
  });
});
