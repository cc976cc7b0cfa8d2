import { useEffect, useState } from "preact/hooks";

// Hash routes (#/webhooks/ID): the page is one static file, so any URL the portal shows can be
// reloaded or bookmarked without a server-side fallback.

function current(): string[] {
  const path = location.hash.replace(/^#\/?/, "");
  return path.startsWith("link=") ? [] : path.split("/").filter(Boolean).map(decodeURIComponent);
}

/** The route's path segments, updated on navigation. */
export function useRoute(): string[] {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  }, []);
  return route;
}

/** Goes to a portal path such as `/webhooks/ID`. */
export function navigate(path: string) {
  location.hash = `#${path}`;
}

/** An href for a portal path. */
export function href(path: string): string {
  return `#${path}`;
}
