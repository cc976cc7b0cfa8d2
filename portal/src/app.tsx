import { useEffect, useState } from "preact/hooks";
import { ApiError, api, type Session, useSessionToken } from "./api";
import { ErrorBoundary } from "./components/error-boundary";
import { Layout } from "./components/layout";
import { Pages } from "./pages";
import { SignIn } from "./pages/sign-in";

type State =
  | { phase: "loading" }
  | { phase: "signed-out"; notice?: string }
  | { phase: "signed-in"; session: Session };

/** A portal link's token, taken out of the address bar at once so it is not bookmarked or shared. */
function takeLinkToken(): string | null {
  const match = /^#link=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, "", `${location.pathname}#/`);
  return match[1]!;
}

/** The portal: the sign-in page until there is a session, then the pages for it. */
export function App() {
  const [state, setState] = useState<State>({ phase: "loading" });

  const signedIn = (session: Session) => {
    useSessionToken(session.csrfToken, () =>
      setState({ phase: "signed-out", notice: "Your session has ended. Sign in again." }),
    );
    setState({ phase: "signed-in", session });
  };

  useEffect(() => {
    const token = takeLinkToken();
    const opening = token
      ? api<Session>("POST", "/portal/session/link", { token })
      : api<Session>("GET", "/portal/session");
    opening.then(signedIn, (err: unknown) => {
      const notice =
        token && err instanceof ApiError
          ? "This portal link has expired or was already used. Ask for a new one, or sign in with a key."
          : undefined;
      setState({ phase: "signed-out", notice });
    });
  }, []);

  if (state.phase === "loading")
    return (
      <p class="muted center" role="status">
        Loading…
      </p>
    );
  if (state.phase === "signed-out") return <SignIn notice={state.notice} onSignedIn={signedIn} />;
  const signOut = async () => {
    try {
      await api("POST", "/portal/session/logout");
    } finally {
      setState({ phase: "signed-out", notice: "You are signed out." });
    }
  };
  return (
    <Layout session={state.session} onSignOut={signOut}>
      <ErrorBoundary>
        <Pages session={state.session} />
      </ErrorBoundary>
    </Layout>
  );
}
