import type { ComponentChildren } from "preact";
import type { Session } from "../api";
import { href, useRoute } from "../router";

/** The page frame: skip link, navigation, who is signed in, sign-out. */
export function Layout({
  session,
  onSignOut,
  children,
}: {
  session: Session;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  const [section = "webhooks"] = useRoute();
  const links: Array<[string, string]> = [
    ["webhooks", "Webhooks"],
    ["events", "Events"],
    ["stats", "Stats"],
    ["catalog", "Event catalog"],
  ];
  if (session.kind === "admin")
    links.push(["wallets", "Wallets"], ["operator", "Operator view"], ["links", "Portal links"]);
  return (
    <>
      {/* A button, not a #main link: the hash holds the portal's route. */}
      <button type="button" class="skip" onClick={() => document.getElementById("main")?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <span class="brand">Herald</span>
        <nav aria-label="Portal">
          <ul>
            {links.map(([path, label]) => (
              <li key={path}>
                <a href={href(`/${path}`)} aria-current={section === path ? "page" : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          {session.kind === "admin" ? "Admin" : `Wallet ${session.walletId?.slice(0, 8)}…`}
          {session.readOnly && <span class="badge badge-readonly">read-only</span>}
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
