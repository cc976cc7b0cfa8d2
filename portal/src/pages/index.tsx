import { OperatorView } from "../admin/operator";
import { PortalLinks } from "../admin/portal-links";
import { Wallets } from "../admin/wallets";
import type { Session } from "../api";
import { useRoute } from "../router";
import { Catalog } from "./catalog";
import { Events } from "./events";
import { Stats } from "./stats";
import { WebhookDetail } from "./webhook-detail";
import { WebhookEdit, WebhookNew } from "./webhook-form";
import { Webhooks } from "./webhooks";

/** Picks the page for the route. */
export function Pages({ session }: { session: Session }) {
  const [section = "webhooks", id, sub] = useRoute();
  const admin = session.kind === "admin";
  const writable = !session.readOnly;
  switch (section) {
    case "webhooks":
      if (id === "new" && writable) return <WebhookNew session={session} />;
      if (id && sub === "edit" && writable) return <WebhookEdit id={id} session={session} />;
      if (id) return <WebhookDetail id={id} session={session} />;
      return <Webhooks session={session} />;
    case "events":
      return <Events session={session} />;
    case "stats":
      return <Stats session={session} />;
    case "catalog":
      return <Catalog session={session} />;
    case "wallets":
      if (admin) return <Wallets />;
      break;
    case "operator":
      if (admin) return <OperatorView />;
      break;
    case "links":
      if (admin) return <PortalLinks />;
      break;
  }
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no such page. <a href="#/webhooks">Webhooks</a>
      </p>
    </section>
  );
}
