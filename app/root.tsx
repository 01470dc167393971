import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRevalidator, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { errorPageTitle, GeneralErrorBoundary } from "./components/error-boundary";
import { RouteAnnouncer } from "./components/route-announcer";
import { DemoBanner } from "./components/ui/demo-banner";
import { Page, SiteFooter, SiteHeader, SkipLink, type NavItem } from "./components/ui/layout";
import { userRoom } from "./features/accounts/accounts.events";
import { canReadOutbox } from "./features/accounts/accounts.policy";
import { unreadCount } from "./features/notifications/notifications.server";
import { getEnv } from "./utils/env.server";
import { useNonce } from "./utils/nonce-provider";
import { hasPermission } from "./utils/permissions";
import { SocketProvider, useRoomEvents } from "./utils/realtime-context";
import appStyles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/vendor/nhsuk/nhsuk-frontend.min.css" },
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/vendor/nhsuk/assets/images/favicon.ico", sizes: "48x48" },
];

// An error page (whichever boundary shows it) is titled with what happened.
export const meta: MetaFunction = ({ error }) => [{ title: error ? errorPageTitle(error) : "Touchstone" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const user = context.user;
  return json({
    user: user ? { id: user.id, displayName: user.displayName, emailVerified: user.emailVerified, roles: user.roles } : null,
    // Read with the session by the server; counted here where a context comes without it.
    unread: user ? (context.unreadNotifications ?? (await unreadCount(user.id))) : 0,
    showOutbox: canReadOutbox(user, getEnv().NODE_ENV),
    demoData: getEnv().SEED_DEMO_DATA,
  });
}

export type RootData = ReturnType<typeof useRootData>;
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

function navigation(data: ReturnType<typeof useRootData>): NavItem[] {
  const items: NavItem[] = [
    { to: "/", label: "Home", fits: "tablet" },
    { to: "/proposals", label: "Proposals", fits: "phone" },
    { to: "/meetings", label: "Meetings", fits: "phone" },
    { to: "/bodies", label: "The partnership", fits: "tablet" },
    { to: "/elections", label: "Elections", fits: "tablet" },
  ];
  if (data?.user) items.push({ to: "/forum/rooms", label: "Forum" });
  if (hasPermission(data?.user ?? null, "create:proposal:any")) items.push({ to: "/manage/proposals", label: "Manage" });
  if (hasPermission(data?.user ?? null, "read:users:any")) items.push({ to: "/admin/users", label: "Admin" });
  if (data?.showOutbox) items.push({ to: "/outbox", label: "Email outbox" });
  return items;
}

function Document({ children, liveUnread = 0 }: { children: ReactNode; liveUnread?: number }) {
  const nonce = useNonce();
  const data = useRootData();
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <SkipLink />
        <SiteHeader user={data?.user ?? null} nav={navigation(data)} unread={(data?.unread ?? 0) + liveUnread} />
        <DemoBanner show={data?.demoData} />
        {children}
        <RouteAnnouncer />
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * A person's own live events. A role change re-reads the page (what it offers changes);
 * a notification only bumps the unread count, so the page never moves under the reader.
 */
function AccountLiveUpdates({ userId, onNotification }: { userId: string; onNotification: () => void }) {
  const revalidator = useRevalidator();
  useRoomEvents(userRoom(userId), (event) => {
    if (event.name === "account:roles-changed") revalidator.revalidate();
    if (event.name === "notification:new") onNotification();
  });
  return null;
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  const [liveUnread, setLiveUnread] = useState(0);
  useEffect(() => setLiveUnread(0), [data.unread]);
  return (
    <SocketProvider>
      <Document liveUnread={liveUnread}>
        {data.user ? <AccountLiveUpdates userId={data.user.id} onNotification={() => setLiveUnread((n) => n + 1)} /> : null}
        <Page>
          <Outlet />
        </Page>
      </Document>
    </SocketProvider>
  );
}

export function ErrorBoundary() {
  return (
    <Document>
      <Page>
        <GeneralErrorBoundary />
      </Page>
    </Document>
  );
}
