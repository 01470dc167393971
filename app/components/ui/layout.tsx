import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";

export type LayoutUser = { displayName: string } | null;
/**
 * A navigation link. `fits` says from which screen width it stands in the menu row; on
 * narrower screens it moves into "More", so the header stays one row on a phone.
 */
export type NavItem = { to: string; label: string; fits?: "phone" | "tablet" | "desktop" };

export function SiteHeader({ user, nav, unread }: { user: LayoutUser; nav: NavItem[]; unread: number }) {
  const overflow = nav.filter((item) => (item.fits ?? "desktop") !== "phone");
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <Link className="nhsuk-header__service-logo" to="/" aria-label="Touchstone homepage">
            <span className="nhsuk-header__service-name">Touchstone</span>
          </Link>
        </div>
        <nav className="nhsuk-header__account" aria-label="Account">
          <ul className="nhsuk-header__account-list">
            {user ? (
              <>
                <li className="nhsuk-header__account-item">
                  <Link className="nhsuk-header__account-link" to="/account">
                    {user.displayName}
                  </Link>
                </li>
                <li className="nhsuk-header__account-item">
                  <Link className="nhsuk-header__account-link" to="/notifications">
                    {unread ? `Notifications (${unread} unread)` : "Notifications"}
                  </Link>
                </li>
                <li className="nhsuk-header__account-item">
                  <Form className="nhsuk-header__account-form" method="post" action="/auth/sign-out">
                    <button className="nhsuk-header__account-button" type="submit">
                      Sign out
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li className="nhsuk-header__account-item">
                  <Link className="nhsuk-header__account-link" to="/auth/sign-in">
                    Sign in
                  </Link>
                </li>
                <li className="nhsuk-header__account-item">
                  <Link className="nhsuk-header__account-link" to="/auth/sign-up">
                    Create an account
                  </Link>
                </li>
              </>
            )}
          </ul>
        </nav>
      </div>
      <nav className="nhsuk-header__navigation app-header-navigation" aria-label="Menu">
        <div className="nhsuk-header__navigation-container nhsuk-width-container">
          <ul className="nhsuk-header__navigation-list">
            {nav.map((item) => (
              <li className={`nhsuk-header__navigation-item app-nav--fits-${item.fits ?? "desktop"}`} key={item.to}>
                <NavLink className="nhsuk-header__navigation-link" to={item.to} end={item.to === "/"}>
                  {item.label}
                </NavLink>
              </li>
            ))}
            {overflow.length ? (
              // A details element: the menu opens with a tap, Enter or Space, without JavaScript.
              <li
                className={`nhsuk-header__menu app-header-more app-nav--more-until-${overflow.some((item) => (item.fits ?? "desktop") === "desktop") ? "desktop" : "tablet"}`}
              >
                <details className="app-header-more__details">
                  <summary className="nhsuk-header__menu-toggle nhsuk-header__navigation-link">
                    <span className="nhsuk-u-visually-hidden">Browse </span>More
                  </summary>
                  <ul className="nhsuk-header__menu-list">
                    {overflow.map((item) => (
                      <li className={`nhsuk-header__navigation-item app-nav--in-more-${item.fits ?? "desktop"}`} key={item.to}>
                        <NavLink className="nhsuk-header__navigation-link" to={item.to} end={item.to === "/"}>
                          {item.label}
                        </NavLink>
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ) : null}
          </ul>
        </div>
      </nav>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer role="contentinfo">
      <div className="nhsuk-footer">
        <div className="nhsuk-width-container">
          <h2 className="nhsuk-u-visually-hidden">Support links</h2>
          <div className="nhsuk-footer__meta">
            <ul className="nhsuk-footer__list">
              <li className="nhsuk-footer__list-item">
                <Link className="nhsuk-footer__list-item-link" to="/accessibility">
                  Accessibility statement
                </Link>
              </li>
              <li className="nhsuk-footer__list-item">
                <Link className="nhsuk-footer__list-item-link" to="/privacy">
                  Privacy notice
                </Link>
              </li>
            </ul>
            <p className="nhsuk-body-s">
              Touchstone: consultation and engagement for the Mental Health Partnership. If you need help now, call NHS 111 and choose option 2, or call
              Samaritans free on 116 123.
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}

export function Page({ children }: { children: ReactNode }) {
  return (
    <div className="nhsuk-width-container">
      <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export function SkipLink() {
  return (
    <a className="nhsuk-skip-link" href="#maincontent" data-module="nhsuk-skip-link">
      Skip to main content
    </a>
  );
}
