/** What the proposal text shows: the same for every reader who may or may not comment. */
export type ProposalTextProps = {
  sections: { id: string; number: string; heading: string; paragraphs: { index: number; html: string }[] }[];
  counts: Record<string, number>;
  canComment: boolean;
};

/**
 * The contents and the sections of a proposal version as plain HTML, rendered once and shared
 * (ADR 020). "Comment on ..." are links that reopen the page with the form pointed at the
 * paragraph (without JavaScript); the page turns them into buttons that point the form in place.
 */
export function ProposalText({ sections, counts, canComment }: ProposalTextProps) {
  return (
    <>
      <nav className="nhsuk-contents-list" aria-label="Sections of this proposal">
        <h2 className="nhsuk-u-visually-hidden">Contents</h2>
        <ol className="nhsuk-contents-list__list">
          {sections.map((section) => (
            <li className="nhsuk-contents-list__item" key={section.id}>
              <a className="nhsuk-contents-list__link" href={`#section-${section.id}`}>
                {section.number} {section.heading}
              </a>{" "}
              <span className="nhsuk-body-s">({counts[section.id] ?? 0} comments)</span>
            </li>
          ))}
        </ol>
      </nav>

      {sections.map((section) => (
        <section key={section.id} id={`section-${section.id}`} aria-labelledby={`section-${section.id}-heading`} className="app-section">
          <h2 id={`section-${section.id}-heading`}>
            <span className="app-section__number">{section.number}</span> {section.heading}
          </h2>
          <p className="nhsuk-body-s">{counts[section.id] ?? 0} comments on this section</p>
          {section.paragraphs.map((paragraph) => (
            <div className="app-paragraph" key={paragraph.index}>
              <div id={`paragraph-${section.id}-${paragraph.index}`} dangerouslySetInnerHTML={{ __html: paragraph.html }} />
              {canComment ? (
                <a className="nhsuk-body-s app-target-link" href={`?target=${section.id}:${paragraph.index}#have-your-say`}>
                  Comment on this paragraph
                  <span className="nhsuk-u-visually-hidden">
                    {" "}
                    (section {section.number}, paragraph {paragraph.index + 1})
                  </span>
                </a>
              ) : null}
            </div>
          ))}
          {canComment ? (
            <a className="app-target-link" href={`?target=${section.id}#have-your-say`}>
              Comment on section {section.number}
            </a>
          ) : null}
        </section>
      ))}
    </>
  );
}
