import { Component, type ComponentChildren } from "preact";

/** Catches a page that fails to render: a plain message and a way back, never a stack trace. */
export class ErrorBoundary extends Component<{ children: ComponentChildren }, { failed: boolean }> {
  override state = { failed: false };

  static override getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div class="alert error" role="alert">
        This page could not be shown.{" "}
        <button
          type="button"
          onClick={() => {
            location.hash = "#/webhooks";
            this.setState({ failed: false });
          }}
        >
          Back to webhooks
        </button>
      </div>
    );
  }
}
